import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../access/clock';
import { APP_CONFIG, AppConfig } from '../config';
import { CoarsenedItemTimes, ReportTimesService } from '../reports/report-times.service';
import { DAY_MS } from './retention-policy';

/** A short pause between batches, so that a long backlog yields the database to intake. */
const PAUSE_BETWEEN_BATCHES_MS = 20;
/** A run ends after this many batches; the next tick continues. */
const MAX_BATCHES_PER_RUN = 1_000;

/**
 * Exact times are kept only while the work needs them: item times (answers, messages, the day a
 * reporter read a message) older than RETENTION_EXACT_TIMES_DAYS keep only their UTC month, each
 * owner coarsening its own table in bounded batches (the reports feature: `ReportTimesService`).
 * Case history and timeline entries need nothing here: they store a month from the start
 * (`case_history.month`, `case_entries.month`). Counts only, never an id.
 */
@Injectable()
export class TimeCoarseningService {
  private readonly logger = new Logger('TimeCoarsening');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reportTimes: ReportTimesService,
  ) {}

  /** Coarsens everything older than the window, batch by batch; the totals. */
  async run(): Promise<CoarsenedItemTimes> {
    const before = new Date(this.clock.now() - this.config.retention.exactTimesDays * DAY_MS);
    const limit = this.config.retention.batchSize;
    const totals: CoarsenedItemTimes = { itemTimes: 0, readDays: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const done = await this.reportTimes.coarsenBatch(before, limit);
      totals.itemTimes += done.itemTimes;
      totals.readDays += done.readDays;
      if (done.itemTimes < limit && done.readDays < limit) break;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BATCHES_MS));
    }
    if (totals.itemTimes || totals.readDays) this.logger.log({ ...totals }, 'item times coarsened');
    return totals;
  }
}
