import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseAccessService } from '../keys/case-access.service';
import type { Principal } from '../access/principal';
import { APP_CONFIG, AppConfig } from '../config';
import type { FormDefinition } from '../forms/form-definition';
import type { AnswerValue } from '../reports/report.entity';
import { ReportsService } from '../reports/reports.service';
import { contactHints, hintSettings } from './contact-hints';
import { TriageRepository } from './triage.repository';

/** A candidate duplicate the caller can read: a report, or the case that holds it. */
export type DuplicateHint = { reportId: string } | { caseId: string };

/**
 * Duplicate hints: truncated blind indexes of contact answers, stored at intake in plaintext mode
 * and at a triager's first read in sealed mode (from the answers just decrypted), and the
 * candidates sharing a bucket — only those the caller can read (one bulk slot check).
 */
@Injectable()
export class DuplicateHintsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsService,
    private readonly items: TriageRepository,
    private readonly access: CaseAccessService,
  ) {}

  /** Stores the hints of decrypted answers once (a repeat adds nothing). */
  async recordAtFirstRead(
    manager: EntityManager,
    reportId: string,
    definition: FormDefinition,
    answers: Record<string, AnswerValue>,
  ): Promise<void> {
    await this.reports.addContactHints(
      manager,
      reportId,
      contactHints(definition, answers, hintSettings(this.config)),
    );
    await this.items.markHintsComputed(manager, reportId);
  }

  /** Candidates of `reportId` the caller can read, a case named instead of its reports. */
  async readableCandidates(
    principal: Principal,
    reportId: string,
    manager?: EntityManager,
  ): Promise<DuplicateHint[]> {
    const candidates = await this.reports.reportsSharingHints(reportId, manager);
    if (!candidates.length) return [];
    const keyIds = candidates.flatMap((c) => (c.caseKeyId ? [c.keyId, c.caseKeyId] : [c.keyId]));
    const readable = await this.access.readableCaseIds(principal, [...new Set(keyIds)]);
    const out: DuplicateHint[] = [];
    const namedCases = new Set<string>();
    for (const c of candidates) {
      if (c.caseId && c.caseKeyId && readable.has(c.caseKeyId)) {
        if (!namedCases.has(c.caseId)) out.push({ caseId: c.caseId });
        namedCases.add(c.caseId);
      } else if (readable.has(c.keyId)) out.push({ reportId: c.reportId });
    }
    return out;
  }
}
