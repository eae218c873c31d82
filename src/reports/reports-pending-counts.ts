import { Injectable } from '@nestjs/common';
import type { PendingCounts, PendingCountsSource } from '../notifications/pending-counts';
import { ReportsRepository } from './reports.repository';

/**
 * The counts a notification carries: reports received and not yet decided, and the urgent ones
 * among them. The reports feature owns the table, so it provides the notifications feature's
 * PENDING_COUNTS (one scan of the waiting reports per delivery, at most one delivery per endpoint
 * per debounce window).
 */
@Injectable()
export class ReportsPendingCounts implements PendingCountsSource {
  constructor(private readonly reports: ReportsRepository) {}

  countPending(): Promise<PendingCounts> {
    return this.reports.countWaiting();
  }
}
