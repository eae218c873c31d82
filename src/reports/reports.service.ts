import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactHint, HintedReport } from './report-contact-hints';
import type { ReportQueueFacts } from './report-statements';
import type { ReportStatus } from './report.entity';
import { NewSubmission, ReportsRepository, ReportWithKey } from './reports.repository';

export type { ContactHint, HintedReport } from './report-contact-hints';

export type { NewAnswerItem, NewReport, NewSubmission, ReportWithKey } from './reports.repository';

/**
 * The reports feature's entry point for other features (intake, reporter, triage, later cases):
 * they never write reports, report items or receipts themselves. Writers pass their transaction's
 * `manager` where they have one.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  /** A whole submission (report, key, slots, items, receipt, outbox row, audit entry) in ONE statement. */
  insertSubmission(submission: NewSubmission, manager?: EntityManager): Promise<void> {
    return this.reports.insertSubmission(submission, manager);
  }

  findById(reportId: string, manager?: EntityManager): Promise<ReportWithKey | null> {
    return this.reports.findById(reportId, manager);
  }

  /** The report a receipt's lookup id names, if any. */
  reportIdByLookup(lookupId: string): Promise<string | null> {
    return this.reports.reportIdByLookup(lookupId);
  }

  /** What automated triage reads of a report (it marks it queued with markQueuedSql), or null. */
  queueFacts(reportId: string): Promise<ReportQueueFacts | null> {
    return this.reports.queueFacts(reportId);
  }

  /**
   * The status a decision or a case sets (the reporter sees its coarse stage), in `manager`'s
   * transaction. `today` ('YYYY-MM-DD', UTC, from the caller's clock) is kept as the decision day
   * of a decided status: retention counts its policy from it.
   */
  setStatus(manager: EntityManager, reportId: string, status: ReportStatus, today: string): Promise<boolean> {
    return this.reports.setStatus(manager, reportId, status, today);
  }

  /** Duplicate hints found after intake (sealed mode, at first read); repeats change nothing. */
  addContactHints(manager: EntityManager, reportId: string, hints: ContactHint[]): Promise<void> {
    return this.reports.insertContactHints(manager, reportId, hints);
  }

  /** Candidate duplicates of a report (sharing a hint bucket), for the caller to filter by access. */
  reportsSharingHints(reportId: string, manager?: EntityManager): Promise<HintedReport[]> {
    return this.reports.reportsSharingHints(reportId, manager);
  }
}
