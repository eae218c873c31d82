import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../access/clock';
import { APP_CONFIG, AppConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { CoarsenedItemTimes, ReportTimesService } from '../reports/report-times.service';
import { DAY_MS } from './retention-policy';

/** A short pause between batches, so that a long backlog yields the database to intake. */
const PAUSE_BETWEEN_BATCHES_MS = 20;
/** A run ends after this many batches; the next tick continues. */
const MAX_BATCHES_PER_RUN = 1_000;

/** What a coarsening run changed: the reports feature's item times and the keys feature's slots. */
export interface CoarsenedTimes extends CoarsenedItemTimes {
  /** `key_slots.created_at` (later grants, team links, case keys) truncated to the UTC month. */
  slotTimes: number;
}

/**
 * Exact times are kept only while the work needs them: item times (answers, messages, the day a
 * reporter read a message) older than RETENTION_EXACT_TIMES_DAYS keep only their UTC month, each
 * owner coarsening its own table in bounded batches (the reports feature: `ReportTimesService`);
 * so do the creation times of key slots (the keys feature: `KeysService.coarsenSlotTimesBefore`).
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
    private readonly keys: KeysService,
  ) {}

  /** Coarsens everything older than the window, batch by batch; the totals. */
  async run(): Promise<CoarsenedTimes> {
    const before = new Date(this.clock.now() - this.config.retention.exactTimesDays * DAY_MS);
    const limit = this.config.retention.batchSize;
    const totals: CoarsenedTimes = { itemTimes: 0, readDays: 0, slotTimes: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const done = await this.reportTimes.coarsenBatch(before, limit);
      const slotTimes = await this.keys.coarsenSlotTimesBefore(before, limit);
      totals.itemTimes += done.itemTimes;
      totals.readDays += done.readDays;
      totals.slotTimes += slotTimes;
      if (done.itemTimes < limit && done.readDays < limit && slotTimes < limit) break;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BATCHES_MS));
    }
    if (totals.itemTimes || totals.readDays || totals.slotTimes)
      this.logger.log({ ...totals }, 'times coarsened');
    return totals;
  }
}
