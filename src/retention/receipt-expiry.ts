import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, utcDay } from '../access/clock';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { JobName } from '../queue/queue-names';
import {
  type CaseReceiptCutoff,
  DECIDED_REPORT_STATUSES,
  type DecidedReportStatus,
  ReportRetentionService,
  type RetentionCutoff,
} from '../reports/report-retention.service';
import { FormRetentionService } from './form-retention.service';
import {
  FINISHED_CASE_STATUSES,
  type FinishedCaseStatus,
  type PolicyOverrides,
  type RetentionKind,
  caseReceiptExpired,
  policyCutoffs,
  receiptExpired,
} from './retention-policy';

/** Every decided status's receipt follows the one receipt kind. */
const RECEIPT_KIND_OF: Readonly<Record<DecidedReportStatus, RetentionKind>> = {
  spam: 'receipt.decided',
  no_action: 'receipt.decided',
  duplicate: 'receipt.decided',
};

/** A report in a case follows the same receipt kind, counted from the case's end. */
const CASE_RECEIPT_KIND_OF: Readonly<Record<FinishedCaseStatus, RetentionKind>> = {
  closed: 'receipt.decided',
  rejected: 'receipt.decided',
};

/** The receipt cutoffs of both sorts of report: decided ones, and those of finished cases. */
export interface ReceiptCutoffs {
  decided: RetentionCutoff[];
  cases: CaseReceiptCutoff[];
}

export interface ReceiptExpiryCounts {
  /** Reports whose receipt stopped working in this run. */
  reports: number;
  /** Receipt lookup rows deleted. */
  receipts: number;
  /** Reporter slots of the reports' keys deleted (the other holders keep theirs). */
  slots: number;
}

export function receiptCutoffs(
  today: string,
  overridesByForm: ReadonlyMap<string, PolicyOverrides>,
): ReceiptCutoffs {
  return {
    decided: policyCutoffs(RECEIPT_KIND_OF, DECIDED_REPORT_STATUSES, today, overridesByForm),
    cases: policyCutoffs(CASE_RECEIPT_KIND_OF, FINISHED_CASE_STATUSES, today, overridesByForm),
  };
}

/**
 * Receipts of decided reports stop working after `receipt.decided` days (default 90) from the
 * decision day: the reporter's lookup answers as for an unknown receipt from that day on, and the
 * run deletes the receipt's lookup row and the reporter's slot of the report key — a seized
 * receipt then opens nothing. The report itself stays for its own policy (spam goes sooner, and
 * takes the receipt with it). A report in a case keeps its receipt while the case is worked on;
 * from the day the case closed or was rejected, the same number of days (the report's form's
 * override) — not until the case itself is deleted. A legal hold (report or case) freezes it.
 */
@Injectable()
export class ReceiptExpiry {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reports: ReportRetentionService,
    private readonly keys: KeysService,
    private readonly forms: FormRetentionService,
    private readonly audit: AuditService,
  ) {}

  /** Whether the receipt of `report` has expired now (the reporter lookup asks before opening it). */
  async isExpired(report: {
    id: string;
    formId: string;
    decidedOn: string | null;
    legalHold: boolean;
  }): Promise<boolean> {
    if (report.legalHold) return false;
    const today = utcDay(this.clock.now());
    if (report.decidedOn) return receiptExpired(report, today, await this.forms.overridesOf(report.formId));
    const caseEnd = await this.reports.caseEndOf(report.id);
    return (
      caseEnd !== null && caseReceiptExpired(caseEnd, today, await this.forms.overridesOf(report.formId))
    );
  }

  /** One batch of expired receipts; null when none is left. */
  expireBatch(cutoffs: ReceiptCutoffs): Promise<ReceiptExpiryCounts | null> {
    const limit = this.config.retention.batchSize;
    return this.dataSource.transaction(async (manager) => {
      const due = await this.reports.lockExpiredReceipts(manager, cutoffs.decided, limit);
      due.push(...(await this.reports.lockExpiredCaseReceipts(manager, cutoffs.cases, limit - due.length)));
      if (!due.length) return null;
      // The slot first, as everywhere: without it the receipt's secret opens nothing.
      const slots = await this.keys.deleteReporterSlots(
        manager,
        due.map((r) => r.keyId),
      );
      const receipts = await this.reports.deleteReceipts(
        manager,
        due.map((r) => r.id),
      );
      const counts = { reports: due.length, receipts, slots };
      await this.audit.record(manager, {
        actor: { type: 'rule', id: JobName.RETENTION_RUN },
        action: AuditAction.RETENTION_RECEIPTS_EXPIRED,
        details: { ...counts },
      });
      return counts;
    });
  }

  /** How many receipts a run now would expire (a dry run). */
  async countExpired(cutoffs: ReceiptCutoffs): Promise<number> {
    return (
      (await this.reports.countExpiredReceipts(cutoffs.decided)) +
      (await this.reports.countExpiredCaseReceipts(cutoffs.cases))
    );
  }
}
