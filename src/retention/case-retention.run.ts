import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CaseRetentionService, type CaseCutoff } from '../cases/case-retention.service';
import { APP_CONFIG, AppConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { OutboxService } from '../outbox/outbox.service';
import { JobName } from '../queue/queue-names';
import { ReportRetentionService } from '../reports/report-retention.service';
import {
  CASE_KIND_OF,
  FINISHED_CASE_STATUSES,
  type PolicyOverrides,
  policyCutoffs,
} from './retention-policy';

/** One case batch's counts (or a run's totals): per kind, and the rows each table lost. Never an id. */
export interface CaseRetentionCounts {
  closed: number;
  rejected: number;
  cases: number;
  reports: number;
  items: number;
  receipts: number;
  history: number;
  entries: number;
  milestones: number;
  referrals: number;
  slots: number;
  keys: number;
}

export const zeroCaseCounts = (): CaseRetentionCounts => ({
  closed: 0,
  rejected: 0,
  cases: 0,
  reports: 0,
  items: 0,
  receipts: 0,
  history: 0,
  entries: 0,
  milestones: 0,
  referrals: 0,
  slots: 0,
  keys: 0,
});

/** The cutoffs of the case kinds on `today`, with the forms' overrides. */
export function caseCutoffs(
  today: string,
  overridesByForm: ReadonlyMap<string, PolicyOverrides>,
): CaseCutoff[] {
  return policyCutoffs(CASE_KIND_OF, FINISHED_CASE_STATUSES, today, overridesByForm);
}

/**
 * Deletes one batch of finished cases past their policy (closed 365 days, rejected 90 days after
 * the day they entered that status; a form's override where the case's reports came through one —
 * the longest wins; never while open, under a legal hold — the case's or one of its reports' — or
 * postponed). One transaction: the case rows row-locked (skipping rows another runner holds), the
 * reports of the cases locked, then every key slot of the case key and of the reports' keys
 * (crypto-shred), the reports with their items, receipts and hints (reports feature), the cases'
 * history, timeline, milestones, needs, risks and referrals (cases feature), the keys, the outbox
 * rows, and one `retention.deleted` entry with counts.
 */
@Injectable()
export class CaseRetentionRun {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseRetentionService,
    private readonly reports: ReportRetentionService,
    private readonly keys: KeysService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** One batch; null when nothing is due. `reportIds` are for the caller's clean-up after the commit. */
  deleteBatch(
    cutoffs: CaseCutoff[],
    today: string,
  ): Promise<{ counts: CaseRetentionCounts; reportIds: string[] } | null> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.cases.lockDue(manager, cutoffs, today, this.config.retention.batchSize);
      if (!due.length) return null;
      const caseIds = due.map((c) => c.id);
      const caseKeyIds = due.map((c) => c.keyId);
      const reports = await this.reports.lockReportsOfCases(manager, caseIds);
      const reportIds = reports.map((r) => r.id);
      const reportKeyIds = reports.map((r) => r.keyId);
      const counts = zeroCaseCounts();
      for (const c of due) counts[c.status]++;
      // Slots first: from here on nothing sealed to the case key or the reports' keys opens.
      counts.slots = await this.keys.deleteSlotsOf(manager, [...caseKeyIds, ...reportKeyIds]);
      const reportRows = await this.reports.deleteReports(manager, reportIds);
      counts.reports = reportRows.reports;
      counts.items = reportRows.items;
      counts.receipts = reportRows.receipts;
      const caseRows = await this.cases.deleteCases(manager, caseIds);
      counts.cases = caseRows.cases;
      counts.history = caseRows.history;
      counts.entries = caseRows.entries;
      counts.milestones = caseRows.milestones;
      counts.referrals = caseRows.referrals;
      // cases.key_id and reports.key_id → keys.id are NO ACTION: the keys go once their rows are gone.
      counts.keys =
        (await this.keys.deleteKeys(manager, reportKeyIds, 'report')) +
        (await this.keys.deleteKeys(manager, caseKeyIds, 'case'));
      await this.outbox.discardFor(manager, [...reportIds, ...caseIds]);
      await this.audit.record(manager, {
        actor: { type: 'rule', id: JobName.RETENTION_RUN },
        action: AuditAction.RETENTION_DELETED,
        details: { ...counts },
      });
      return { counts, reportIds };
    });
  }
}
