import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CaseReceiptCutoff,
  DeletedReportRows,
  ExpiredReport,
  ReportCaseEnd,
  ReportKeyRow,
  ReportRetentionRepository,
  RetentionCutoff,
  RetentionStanding,
} from './report-retention.repository';

export type {
  CaseReceiptCutoff,
  DeletedReportRows,
  ReportCaseEnd,
  ExpiredReport,
  ReportKeyRow,
  RetentionCutoff,
  RetentionStanding,
} from './report-retention.repository';
export { DECIDED_REPORT_STATUSES, type DecidedReportStatus } from './report.entity';

/**
 * The reports feature's side of retention: which decided reports are past a cutoff the retention
 * feature computed, and their deletion in its transaction. No policy here.
 */
@Injectable()
export class ReportRetentionService {
  constructor(private readonly repository: ReportRetentionRepository) {}

  lockDue(
    manager: EntityManager,
    cutoffs: RetentionCutoff[],
    today: string,
    limit: number,
  ): Promise<ExpiredReport[]> {
    return this.repository.lockDue(manager, cutoffs, today, limit);
  }

  standing(cutoffs: RetentionCutoff[], today: string): Promise<RetentionStanding[]> {
    return this.repository.standing(cutoffs, today);
  }

  deleteReports(manager: EntityManager, ids: string[]): Promise<DeletedReportRows> {
    return this.repository.deleteReports(manager, ids);
  }

  lockReportsOfCases(manager: EntityManager, caseIds: string[]): Promise<ReportKeyRow[]> {
    return this.repository.lockReportsOfCases(manager, caseIds);
  }

  lockExpiredReceipts(
    manager: EntityManager,
    cutoffs: RetentionCutoff[],
    limit: number,
  ): Promise<ReportKeyRow[]> {
    return this.repository.lockExpiredReceipts(manager, cutoffs, limit);
  }

  countExpiredReceipts(cutoffs: RetentionCutoff[]): Promise<number> {
    return this.repository.countExpiredReceipts(cutoffs);
  }

  lockExpiredCaseReceipts(
    manager: EntityManager,
    cutoffs: CaseReceiptCutoff[],
    limit: number,
  ): Promise<ReportKeyRow[]> {
    return this.repository.lockExpiredCaseReceipts(manager, cutoffs, limit);
  }

  countExpiredCaseReceipts(cutoffs: CaseReceiptCutoff[]): Promise<number> {
    return this.repository.countExpiredCaseReceipts(cutoffs);
  }

  caseEndOf(reportId: string): Promise<ReportCaseEnd | null> {
    return this.repository.caseEndOf(reportId);
  }

  deleteReceipts(manager: EntityManager, ids: string[]): Promise<number> {
    return this.repository.deleteReceipts(manager, ids);
  }

  lockForPostponement(
    manager: EntityManager,
    id: string,
  ): Promise<{ keyId: string; decidedOn: string | null; inCase: boolean } | null> {
    return this.repository.lockForPostponement(manager, id);
  }

  setPostponement(manager: EntityManager, id: string, until: string, reason: Uint8Array): Promise<void> {
    return this.repository.setPostponement(manager, id, until, reason);
  }

  setLegalHold(manager: EntityManager, id: string, hold: boolean): Promise<boolean> {
    return this.repository.setLegalHold(manager, id, hold);
  }
}
