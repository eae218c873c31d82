import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { KeyPair, isCryptoError, openKeySlotChecked, wipe } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { KeysService } from '../keys/keys.service';
import { DecryptedReport, ReportContentService } from '../reports/report-content.service';
import { ReportsService } from '../reports/reports.service';
import {
  caseEntryLocation,
  caseFieldLocation,
  caseHistoryLocation,
  caseMilestoneLocation,
} from './case-locations';
import { CaseReadsRepository, CaseRecord } from './case-reads.repository';
import { openJson } from './case-sealing';
import { CaseTimelineEntry, CaseTimelineSources } from './case-timeline-sources';
import { CasesRepository } from './cases.repository';

/** The plain fields and the decrypted summary and alias of a case: what a list row shows. */
export interface CaseSummaryView {
  id: string;
  status: CaseRecord['status'];
  heldFrom: CaseRecord['heldFrom'];
  outcome: CaseRecord['outcome'];
  version: number;
  region: string | null;
  createdMonth: string;
  updatedMonth: string;
  needs: CaseRecord['needs'];
  risks: CaseRecord['risks'];
  /** Decrypted; null when none was written; `unreadable` names a field whose envelope did not open. */
  summary: string | null;
  alias: string | null;
  unreadable: string[];
}

export interface CaseDetailView extends CaseSummaryView {
  milestones: { milestone: string; month: string }[];
  assignees: string[];
  reports: DecryptedReport[];
}

export interface CaseHistoryView {
  seq: number;
  from: string | null;
  to: string;
  outcome: string | null;
  actorId: string | null;
  month: string;
  /** The exact time, sealed with the reason (null for the opening entry, which has none). */
  at: string | null;
  reason: string | null;
  unreadable: boolean;
}

/** Sealed summary or alias → its text, or null and the field named as unreadable. */
export function caseSummaryView(record: CaseRecord, keys: KeyPair): CaseSummaryView {
  const unreadable: string[] = [];
  const open = (column: 'summary' | 'alias') => {
    const envelope = record[column];
    if (!envelope) return null;
    const value = openJson<string>(keys, envelope, caseFieldLocation(record.id, column));
    if (typeof value !== 'string') unreadable.push(column);
    return typeof value === 'string' ? value : null;
  };
  return {
    id: record.id,
    status: record.status,
    heldFrom: record.heldFrom,
    outcome: record.outcome,
    version: record.version,
    region: record.region,
    createdMonth: record.createdMonth,
    updatedMonth: record.updatedMonth,
    needs: record.needs,
    risks: record.risks,
    summary: open('summary'),
    alias: open('alias'),
    unreadable,
  };
}

/**
 * Reads of one case through the caller's chain of slots to its key (CaseAccessService): nothing is
 * decrypted for a caller without one, and they get 404 exactly as for a missing case. Every read of
 * decrypted content is audited (which case, what for — never what it said).
 */
@Injectable()
export class CaseReadingService {
  constructor(
    private readonly reads: CaseReadsRepository,
    private readonly cases: CasesRepository,
    private readonly access: CaseAccessService,
    private readonly keys: KeysService,
    private readonly reports: ReportsService,
    private readonly reportContent: ReportContentService,
    private readonly sources: CaseTimelineSources,
    private readonly audit: AuditService,
  ) {}

  /**
   * The case with its decrypted summary and alias, plain fields, assignees and reports' answers.
   * `purpose` is what the audit entry says it was read for (`referral` when a package is built);
   * `withReports: false` leaves the reports unopened (empty `reports`) when the caller needs none.
   */
  async detail(
    principal: Principal,
    caseId: string,
    purpose = 'detail',
    withReports = true,
  ): Promise<CaseDetailView> {
    return this.withCase(principal, caseId, purpose, async (record, keys) => {
      const plain = (await this.cases.plainFieldsOf(record.id))!;
      const reports: DecryptedReport[] = [];
      for (const reportId of withReports ? await this.cases.reportIdsOf(record.id) : [])
        reports.push(await this.readReport(principal, record, keys, reportId));
      return {
        ...caseSummaryView(record, keys),
        milestones: plain.milestones,
        assignees: await this.keys.userHolders(record.keyId),
        reports,
      };
    });
  }

  async history(principal: Principal, caseId: string): Promise<CaseHistoryView[]> {
    return this.withCase(principal, caseId, 'history', (record, keys) => this.historyOf(record, keys));
  }

  private async historyOf(record: CaseRecord, keys: KeyPair): Promise<CaseHistoryView[]> {
    return (await this.reads.history(record.id)).map((h) => {
      const sealed = h.reason
        ? openJson<{ at: string; reason: string | null }>(
            keys,
            h.reason,
            caseHistoryLocation(record.id, h.seq),
          )
        : null;
      return {
        seq: h.seq,
        from: h.from,
        to: h.to,
        outcome: h.outcome,
        actorId: h.actorId,
        month: h.month,
        at: sealed?.at ?? null,
        reason: sealed?.reason ?? null,
        unreadable: !!h.reason && !sealed,
      };
    });
  }

  /**
   * Notes, events, status changes and milestones, with the entries of every registered source
   * (messages, referrals, …), in time order: exact times where they are sealed, months otherwise
   * (a month sorts before the exact times within it).
   */
  async timeline(principal: Principal, caseId: string): Promise<CaseTimelineEntry[]> {
    return this.withCase(principal, caseId, 'timeline', async (record, keys) => {
      const entries: CaseTimelineEntry[] = [];
      for (const e of await this.reads.entries(record.id)) {
        const body = openJson<Record<string, unknown>>(
          keys,
          e.body,
          caseEntryLocation(record.id, e.seq, e.kind),
        );
        const { at, ...rest } = body ?? {};
        entries.push({
          kind: e.kind,
          at: typeof at === 'string' ? at : e.month,
          actorId: e.actorId,
          body: body ? rest : null,
        });
      }
      for (const h of await this.historyOf(record, keys))
        entries.push({
          kind: 'status',
          at: h.at ?? h.month,
          actorId: h.actorId,
          body: h.unreadable ? null : { from: h.from, to: h.to, outcome: h.outcome, reason: h.reason },
        });
      for (const m of await this.reads.milestones(record.id)) {
        const sealed = m.details
          ? openJson<{ details: string | null }>(
              keys,
              m.details,
              caseMilestoneLocation(record.id, m.milestone),
            )
          : null;
        entries.push({
          kind: 'milestone',
          at: m.month,
          actorId: null,
          body: m.details && !sealed ? null : { milestone: m.milestone, details: sealed?.details ?? null },
        });
      }
      const reportIds = await this.cases.reportIdsOf(record.id);
      for (const source of this.sources.all())
        entries.push(...(await source.entries({ caseId: record.id, caseKeys: keys, reportIds })));
      return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    });
  }

  /** The record, 404 unless it exists and the caller's chain opens its key; `work` runs with the key. */
  private async withCase<T>(
    principal: Principal,
    caseId: string,
    purpose: string,
    work: (record: CaseRecord, keys: KeyPair) => Promise<T>,
  ): Promise<T> {
    await this.access.assertReadable(principal, caseId);
    const record = await this.reads.record(caseId);
    if (!record) throw commonError(CommonErrorCode.NOT_FOUND);
    const result = await this.access.withCaseKeyPair(
      principal,
      record.keyId,
      (keys) => work(record, keys),
      record.publicKey,
    );
    await this.audit.recordAlone({
      actor: { type: 'user', id: principal.userId },
      action: AuditAction.CASE_CONTENT_DECRYPTED,
      targetType: 'case',
      targetId: record.id,
      details: { purpose },
    });
    return result;
  }

  /** A report of the case, opened through the case key: the report's slot held by the case key. */
  private async readReport(principal: Principal, record: CaseRecord, caseKeys: KeyPair, reportId: string) {
    const report = await this.reports.findById(reportId);
    const slot = report ? await this.keys.keyHeldSlot(report.keyId, record.keyId) : null;
    if (!report || !slot) throw new Error('a case report without its slot');
    let reportKeys: KeyPair | undefined;
    try {
      reportKeys = openKeySlotChecked(slot, caseKeys, report.keyId, new Uint8Array(report.casePublicKey));
      return await this.reportContent.readAnswers(
        { type: 'user', id: principal.userId },
        reportId,
        reportKeys,
        'case',
      );
    } catch (error) {
      if (isCryptoError(error)) throw commonError(CommonErrorCode.NOT_FOUND);
      throw error;
    } finally {
      wipe(reportKeys?.privateKey);
    }
  }
}
