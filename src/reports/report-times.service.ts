import { Injectable } from '@nestjs/common';
import { ReportTimesRepository } from './report-times.repository';

/** What one coarsening batch changed in the reports feature's tables (counts only). */
export interface CoarsenedItemTimes {
  /** `report_items.created_at` (answers and messages) truncated to the UTC month. */
  itemTimes: number;
  /** `report_items.reporter_read_on` (the day a reporter read a message) set to its month's first day. */
  readDays: number;
}

/**
 * The reports feature's side of time coarsening: the retention feature says which instant is old
 * enough (its window, its clock); the item times older than that keep only their month here. The
 * thread's order does not depend on them (messages are ordered by their item key).
 */
@Injectable()
export class ReportTimesService {
  constructor(private readonly repository: ReportTimesRepository) {}

  /** One bounded batch of each column, older than `before`; the counts (0 and 0: nothing left). */
  async coarsenBatch(before: Date, limit: number): Promise<CoarsenedItemTimes> {
    return {
      itemTimes: await this.repository.coarsenCreatedTimes(before, limit),
      readDays: await this.repository.coarsenReadDays(before.toISOString().slice(0, 10), limit),
    };
  }
}
