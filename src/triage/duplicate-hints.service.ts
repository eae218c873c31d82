import { Inject, Injectable } from '@nestjs/common';
import { CaseAccessService } from '../keys/case-access.service';
import type { Principal } from '../access/principal';
import { APP_CONFIG, AppConfig } from '../config';
import type { FormDefinition } from '../forms/form-definition';
import type { AnswerValue } from '../reports/report.entity';
import { ReportsService } from '../reports/reports.service';
import type { ContactHint, HintedReport } from '../reports/report-contact-hints';
import { contactHints, hintSettings } from './contact-hints';

/** A candidate duplicate the caller can read: a report, or the case that holds it. */
export type DuplicateHint = { reportId: string } | { caseId: string };

/**
 * Duplicate hints: truncated blind indexes of contact answers, stored at intake in plaintext mode
 * and at a triager's first read in sealed mode (from the answers just decrypted; the claim stores
 * them with its read, TriageRepository.recordRead), and the candidates sharing a bucket — only
 * those the caller can read (one bulk slot check).
 */
@Injectable()
export class DuplicateHintsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsService,
    private readonly access: CaseAccessService,
  ) {}

  /** The hints of answers decrypted at a sealed report's first read (stored with the read). */
  firstReadHints(definition: FormDefinition, answers: Record<string, AnswerValue>): ContactHint[] {
    return contactHints(definition, answers, hintSettings(this.config));
  }

  /** Of candidates already looked up, those the caller can read (one bulk slot check). */
  async readableOf(principal: Principal, candidates: HintedReport[]): Promise<DuplicateHint[]> {
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
