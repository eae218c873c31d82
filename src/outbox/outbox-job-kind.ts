import { Injectable } from '@nestjs/common';
import type { JobName, QueueName } from '../queue/queue-names';

/**
 * A kind of job that goes through the outbox, registered by the feature that writes its entries
 * (intake registers the triage job of each new report). The relay and the reconciler know nothing
 * else about a feature.
 */
export interface OutboxJobKind {
  queue: QueueName;
  jobName: JobName;
  /**
   * The BullMQ job id of an entry: its idempotency key. BullMQ ignores an add whose id exists, so
   * the relay re-adding an entry after a crash, or the reconciler re-queueing it, is harmless.
   * Omitted: the job gets a random id and leaves no record once done (see `jobOptions`), and the
   * kind's processor must be idempotent by the database alone.
   */
  jobId?(entityId: string): string;
  /**
   * The reconciliation query: entities that should have had a job by now. SQL returning `id`
   * (the entity id) and `since` (when it became due) of each, with `$1` the age in seconds after
   * which one is overdue. The reconciler re-queues those with no outbox row waiting and no job
   * (for a kind without `jobId`, whose jobs cannot be looked up: only while its queue holds no
   * waiting, delayed or running job, which might be one of them).
   */
  overdueSql?: string;
}

/** The registered kinds (each feature registers its own when its module initialises). */
@Injectable()
export class OutboxJobKinds {
  private readonly kinds = new Map<string, OutboxJobKind>();

  register(kind: OutboxJobKind): void {
    const key = `${kind.queue}/${kind.jobName}`;
    if (this.kinds.has(key)) throw new Error(`outbox job kind ${key} registered twice`);
    this.kinds.set(key, kind);
  }

  find(queue: QueueName, jobName: string): OutboxJobKind | undefined {
    return this.kinds.get(`${queue}/${jobName}`);
  }

  all(): OutboxJobKind[] {
    return [...this.kinds.values()];
  }
}
