import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { JobName } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { PeriodicTask, WorkerTask } from '../worker/worker-task';
import { OutboxJobKind, OutboxJobKinds } from './outbox-job-kind';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** Names kept for callers of the first version; the names themselves live in JobName. */
export const RECONCILE_TASK = JobName.OUTBOX_RECONCILE;
export const TRIAGE_JOB_NAME = JobName.REPORT_RECEIVED;
const BATCH = 500;

export interface ReconcileResult {
  checked: number;
  requeued: number;
  retried: number;
}

/**
 * The safety net behind the outbox: for every registered job kind with a reconciliation query,
 * finds the entities overdue for longer than `OUTBOX_RECONCILE_AFTER_SECONDS` with no outbox row
 * waiting, and writes an outbox row for those that have no job either (the job id is the kind's
 * idempotency key, so a job that exists after all is not duplicated). A job that exhausted its
 * attempts is retried. A kind whose jobs carry no entity id (the triage job) is reconciled only
 * while its queue is idle, and a duplicate is harmless there (see `jobOptions`). Runs every
 * `OUTBOX_RECONCILE_EVERY_SECONDS` on one worker.
 */
@Injectable()
@WorkerTask({
  kind: 'schedule',
  name: JobName.OUTBOX_RECONCILE,
  everyMs: (config) => config.intakeLimits.outbox.reconcileEveryMs,
})
export class OutboxReconciler implements PeriodicTask {
  private readonly logger = new Logger('OutboxReconciler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outboxRows: OutboxRepository,
    private readonly outbox: OutboxService,
    private readonly queues: QueueRegistry,
    private readonly kinds: OutboxJobKinds,
  ) {}

  async run(): Promise<ReconcileResult> {
    const total: ReconcileResult = { checked: 0, requeued: 0, retried: 0 };
    for (const kind of this.kinds.all()) {
      const result = await this.reconcile(kind);
      total.checked += result.checked;
      total.requeued += result.requeued;
      total.retried += result.retried;
    }
    if (total.requeued || total.retried)
      this.logger.warn(total, 'reconciler re-queued entities without a job');
    return total;
  }

  private async reconcile(kind: OutboxJobKind): Promise<ReconcileResult> {
    const ids = await this.outboxRows.findOverdue(
      kind,
      this.config.intakeLimits.outbox.reconcileAfterSeconds,
      BATCH,
    );
    if (!ids.length) return { checked: 0, requeued: 0, retried: 0 };
    const missing: string[] = [];
    let retried = 0;
    const queue = this.queues.get(kind.queue);
    if (!kind.jobId) {
      // Jobs named by no entity cannot be looked up: while the queue holds work, an overdue entity
      // may be in it, and re-adding the whole batch would only lengthen the backlog. Once it is
      // idle, every overdue entity has lost its job (a failed job is removed: this is its retry).
      const busy = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      if (Object.values(busy).some((n) => n > 0)) return { checked: ids.length, requeued: 0, retried: 0 };
      missing.push(...ids);
    } else
      for (const id of ids) {
        const job = await queue.getJob(kind.jobId(id));
        if (!job) missing.push(id);
        else if (await job.isFailed()) {
          await job.retry('failed');
          retried++;
        }
      }
    if (missing.length) {
      await this.outboxRows.transaction(async (manager) => {
        for (const entityId of missing)
          await this.outbox.add(manager, { queue: kind.queue, jobName: kind.jobName, entityId });
      });
    }
    return { checked: ids.length, requeued: missing.length, retried };
  }
}
