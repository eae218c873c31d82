import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, utcDay } from '../access/clock';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { OutboxService } from '../outbox/outbox.service';
import { JobName, QueueName } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { RedisClient } from '../queue/redis.provider';
import {
  DECIDED_REPORT_STATUSES,
  type DecidedReportStatus,
  ReportRetentionService,
  type RetentionCutoff,
  type RetentionStanding,
} from '../reports/report-retention.service';
import { CaseRetentionService } from '../cases/case-retention.service';
import { CaseRetentionCounts, CaseRetentionRun, caseCutoffs, zeroCaseCounts } from './case-retention.run';
import { FormRetentionService } from './form-retention.service';
import { ReceiptExpiry, ReceiptExpiryCounts, receiptCutoffs } from './receipt-expiry';
import { RetentionReminderCounts, RetentionReminders } from './retention-reminders';
import { CoarsenedTimes, TimeCoarseningService } from './time-coarsening.service';
import {
  CASE_KIND_OF,
  PolicyOverrides,
  REPORT_KIND_OF,
  RetentionKind,
  policyCutoffs,
  policyDays,
} from './retention-policy';

/** A run's (or one batch's) counts: per kind, and of the rows each table lost. Never an id. */
export interface RetentionCounts {
  spam: number;
  no_action: number;
  duplicate: number;
  reports: number;
  items: number;
  receipts: number;
  slots: number;
  keys: number;
}

/**
 * A whole run: the reports' counts (as before), those of cases, receipts and reminders, and the
 * times coarsened after the deletions.
 */
export interface RetentionRunCounts extends RetentionCounts, CoarsenedTimes {
  cases: CaseRetentionCounts;
  receiptsExpired: ReceiptExpiryCounts;
  reminders: RetentionReminderCounts | null;
}

/** What a dry run prints for one kind: how many would go now, and why the others stay. */
export interface RetentionPreview extends Omit<RetentionStanding, 'status'> {
  kind: RetentionKind;
  days: number;
}

/** A run ends after this many batches; the next tick continues (a backlog never runs unbounded). */
const MAX_BATCHES_PER_RUN = 1_000;

/** Adds every count of `more` into `into`. */
function addInto<T extends object>(into: T, more: T): void {
  for (const key of Object.keys(into) as (keyof T)[]) (into[key] as number) += more[key] as number;
}

const zero = (): RetentionCounts => ({
  spam: 0,
  no_action: 0,
  duplicate: 0,
  reports: 0,
  items: 0,
  receipts: 0,
  slots: 0,
  keys: 0,
});

/**
 * Deletes decided reports past their policy (spam 7 days, no_action and duplicate 90 days after
 * the decision day; never under a legal hold, while postponed, or while linked to a case). Each
 * batch is one transaction: the report rows row-locked (skipping rows another worker holds), then
 * every key slot of their keys (crypto-shredding: what a backup keeps of the content opens only
 * with that backup's slots), the items, receipt lookups and hints, the report rows, their keys and
 * outbox rows, each through its owning feature, and one `retention.deleted` entry with counts.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reports: ReportRetentionService,
    private readonly keys: KeysService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly queues: QueueRegistry,
    private readonly forms: FormRetentionService,
    private readonly cases: CaseRetentionService,
    private readonly caseRun: CaseRetentionRun,
    private readonly receiptExpiry: ReceiptExpiry,
    private readonly reminders: RetentionReminders,
    private readonly coarsening: TimeCoarseningService,
    private readonly redis: RedisClient,
  ) {}

  /**
   * Counts per kind of what a run now would delete, held, postponed and still inside its policy
   * (reports, then cases; `days` is the default: forms may override it).
   */
  async preview(): Promise<RetentionPreview[]> {
    const today = utcDay(this.clock.now());
    const overrides = await this.forms.overridesByForm();
    const reports = await this.reports.standing(this.cutoffs(today, overrides), today);
    const cases = await this.cases.standing(caseCutoffs(today, overrides), today);
    return [
      ...reports.map(({ status, ...counts }) => ({ kind: REPORT_KIND_OF[status], ...counts })),
      ...cases.map(({ status, ...counts }) => ({ kind: CASE_KIND_OF[status] as RetentionKind, ...counts })),
    ].map(({ kind, ...counts }) => ({ kind, days: policyDays(kind), ...counts }));
  }

  /** How many receipts a run now would expire. */
  async previewReceipts(): Promise<number> {
    const today = utcDay(this.clock.now());
    return this.receiptExpiry.countExpired(receiptCutoffs(today, await this.forms.overridesByForm()));
  }

  /**
   * Deletes everything due, batch by batch — decided reports, then finished cases, then expired
   * receipts — raises the reminders of what the next days will delete, and coarsens the times
   * older than RETENTION_EXACT_TIMES_DAYS; the totals. The scheduled job and `retention:run` both
   * call this. A re-run finds nothing more to do.
   */
  async run(): Promise<RetentionRunCounts> {
    const today = utcDay(this.clock.now());
    const overrides = await this.forms.overridesByForm();
    const reports = await this.runReports(this.cutoffs(today, overrides), today);
    const cases = await this.runCases(today, overrides);
    const receiptsExpired = await this.runReceipts(today, overrides);
    const reminders = await this.reminders.raise(today, (day) => ({
      reports: this.cutoffs(day, overrides),
      cases: caseCutoffs(day, overrides),
    }));
    if (cases.cases || receiptsExpired.reports)
      this.logger.log(
        { cases: cases.cases, receipts: receiptsExpired.reports },
        'retention deleted cases and receipts',
      );
    const coarsened = await this.coarsening.run();
    return { ...reports, cases, receiptsExpired, reminders, ...coarsened };
  }

  private async runCases(today: string, overrides: ReadonlyMap<string, PolicyOverrides>) {
    const cutoffs = caseCutoffs(today, overrides);
    const totals = zeroCaseCounts();
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const done = await this.caseRun.deleteBatch(cutoffs, today);
      if (!done) break;
      await this.forgetJobs(done.reportIds);
      addInto(totals, done.counts);
      if (done.counts.cases < this.config.retention.batchSize) break;
      await this.pause();
    }
    return totals;
  }

  private async runReceipts(today: string, overrides: ReadonlyMap<string, PolicyOverrides>) {
    const cutoffs = receiptCutoffs(today, overrides);
    const totals: ReceiptExpiryCounts = { reports: 0, receipts: 0, slots: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const counts = await this.receiptExpiry.expireBatch(cutoffs);
      if (!counts) break;
      addInto(totals, counts);
      if (counts.reports < this.config.retention.batchSize) break;
      await this.pause();
    }
    return totals;
  }

  private async runReports(cutoffs: RetentionCutoff[], today: string): Promise<RetentionCounts> {
    const totals = zero();
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const counts = await this.deleteBatch(cutoffs, today);
      if (!counts) break;
      for (const key of Object.keys(totals) as (keyof RetentionCounts)[]) totals[key] += counts[key];
      if (counts.reports < this.config.retention.batchSize) break;
      await this.pause();
    }
    if (totals.reports) this.logger.log({ ...totals }, 'retention deleted');
    return totals;
  }

  /** The pause between batches (RETENTION_PAUSE_MS), so that a long purge yields the database to intake. */
  private pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.config.retention.pauseMs));
  }

  private cutoffs(today: string, overrides: ReadonlyMap<string, PolicyOverrides>): RetentionCutoff[] {
    return policyCutoffs(REPORT_KIND_OF, DECIDED_REPORT_STATUSES, today, overrides);
  }

  private async deleteBatch(cutoffs: RetentionCutoff[], today: string): Promise<RetentionCounts | null> {
    const done = await this.dataSource.transaction(async (manager) => {
      const due = await this.reports.lockDue(manager, cutoffs, today, this.config.retention.batchSize);
      if (!due.length) return null;
      const ids = due.map((r) => r.id);
      const keyIds = due.map((r) => r.keyId);
      const counts = zero();
      for (const r of due) counts[r.status satisfies DecidedReportStatus]++;
      // Slots first: from here on nothing sealed to these keys opens, whatever else survives.
      counts.slots = await this.keys.deleteSlotsOf(manager, keyIds);
      const rows = await this.reports.deleteReports(manager, ids);
      counts.reports = rows.reports;
      counts.items = rows.items;
      counts.receipts = rows.receipts;
      // reports.key_id → keys.id is NO ACTION: the key goes only once its report row is gone.
      counts.keys = await this.keys.deleteKeys(manager, keyIds, 'report');
      await this.outbox.discardFor(manager, ids);
      await this.audit.record(manager, {
        actor: { type: 'rule', id: JobName.RETENTION_RUN },
        action: AuditAction.RETENTION_DELETED,
        details: { ...counts },
      });
      return { ids, counts };
    });
    if (!done) return null;
    await this.forgetJobs(done.ids);
    return done.counts;
  }

  /**
   * Triage jobs added before job ids stopped being report ids (job-options: a triage job now has a
   * random id and is removed once done) leave BullMQ's completed and failed sets now rather than at
   * their age limit. Best effort after the commit: with Redis away, such a record still expires by
   * its own age (7 days completed, 30 failed). Once those ages have passed after an upgrade, this
   * removes nothing.
   */
  private async forgetJobs(reportIds: string[]): Promise<void> {
    const queue = this.queues.get(QueueName.TRIAGE);
    try {
      // One pipelined round trip asks which of the reports still have a job record (a job's hash
      // key is its id); only those are removed. On a new install, or once the age limits have
      // passed after the upgrade, nothing is — instead of one removal script per report.
      const pipeline = this.redis.connection.pipeline();
      for (const id of reportIds) pipeline.exists(queue.toKey(id));
      const found = (await pipeline.exec()) ?? [];
      const left = reportIds.filter((_, i) => found[i]?.[1] === 1);
      await Promise.all(left.map((id) => queue.remove(id)));
    } catch {
      this.logger.warn({ reports: reportIds.length }, 'could not remove the triage jobs of deleted reports');
    }
  }
}
