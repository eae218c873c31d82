import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { QueueName } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { PeriodicTask, ScheduledTask } from '../worker/scheduled-task';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

export const RECONCILE_TASK = 'outbox:reconcile';
export const TRIAGE_JOB_NAME = 'report.received';
const BATCH = 500;

export interface ReconcileResult {
  checked: number;
  requeued: number;
  retried: number;
}

/**
 * The safety net behind the outbox: finds reports that should have a triage job and have none —
 * never marked queued, older than `OUTBOX_RECONCILE_AFTER_SECONDS`, with no outbox row waiting —
 * and writes an outbox row for them again (the job id is the report id, so a job that exists after
 * all is not duplicated). A job that exhausted its attempts is retried. Runs every
 * `OUTBOX_RECONCILE_EVERY_SECONDS` on one worker (a BullMQ job scheduler).
 */
@Injectable()
export class OutboxReconciler implements PeriodicTask {
  private readonly logger = new Logger('OutboxReconciler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outboxRows: OutboxRepository,
    private readonly outbox: OutboxService,
    private readonly queues: QueueRegistry,
  ) {
    // The interval comes from the configuration, so the schedule is declared here rather than by a
    // decorator on the class (decorators are evaluated before any configuration exists).
    ScheduledTask({ name: RECONCILE_TASK, everyMs: config.intakeLimits.outbox.reconcileEveryMs })(
      OutboxReconciler,
    );
  }

  async run(): Promise<ReconcileResult> {
    const ids = await this.outboxRows.findUnqueuedReports(
      this.config.intakeLimits.outbox.reconcileAfterSeconds,
      BATCH,
    );
    const missing: string[] = [];
    let retried = 0;
    const queue = this.queues.get(QueueName.TRIAGE);
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (!job) missing.push(id);
      else if (await job.isFailed()) {
        await job.retry('failed');
        retried++;
      }
    }
    if (missing.length) {
      await this.outboxRows.transaction(async (manager) => {
        for (const entityId of missing)
          await this.outbox.add(manager, { queue: QueueName.TRIAGE, jobName: TRIAGE_JOB_NAME, entityId });
      });
    }
    const result = { checked: ids.length, requeued: missing.length, retried };
    if (missing.length || retried)
      this.logger.warn(result, 'reconciler re-queued reports without a triage job');
    return result;
  }
}
