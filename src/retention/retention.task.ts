import { Injectable } from '@nestjs/common';
import { JobName } from '../queue/queue-names';
import { PeriodicTask, WorkerTask } from '../worker/worker-task';
import type { CoarsenedItemTimes } from '../reports/report-times.service';
import { RetentionCounts, RetentionService } from './retention.service';
import { TimeCoarseningService } from './time-coarsening.service';

/**
 * The retention run as a BullMQ job scheduler on the maintenance queue, on RETENTION_SCHEDULE (a
 * cron pattern, UTC): one run per tick across every worker; a second runner skips the rows the
 * first holds (SKIP LOCKED), so an overlap deletes nothing twice. After the deletions, the same
 * run coarsens item times past RETENTION_EXACT_TIMES_DAYS (TimeCoarseningService).
 */
@Injectable()
@WorkerTask({ kind: 'schedule', name: JobName.RETENTION_RUN, pattern: (config) => config.retention.schedule })
export class RetentionTask implements PeriodicTask {
  constructor(
    private readonly retention: RetentionService,
    private readonly coarsening: TimeCoarseningService,
  ) {}

  async run(): Promise<RetentionCounts & CoarsenedItemTimes> {
    const deleted = await this.retention.run();
    return { ...deleted, ...(await this.coarsening.run()) };
  }
}
