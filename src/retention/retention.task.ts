import { Injectable } from '@nestjs/common';
import { JobName } from '../queue/queue-names';
import { PeriodicTask, WorkerTask } from '../worker/worker-task';
import { RetentionRunCounts, RetentionService } from './retention.service';

/**
 * The retention run as a BullMQ job scheduler on the maintenance queue, on RETENTION_SCHEDULE (a
 * cron pattern, UTC): one run per tick across every worker; a second runner skips the rows the
 * first holds (SKIP LOCKED), so an overlap deletes nothing twice. The run is
 * `RetentionService.run` — the one `retention:run` calls too: deletions, then the coarsening of
 * times past RETENTION_EXACT_TIMES_DAYS.
 */
@Injectable()
@WorkerTask({ kind: 'schedule', name: JobName.RETENTION_RUN, pattern: (config) => config.retention.schedule })
export class RetentionTask implements PeriodicTask {
  constructor(private readonly retention: RetentionService) {}

  run(): Promise<RetentionRunCounts> {
    return this.retention.run();
  }
}
