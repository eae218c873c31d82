import type { JobsOptions } from 'bullmq';
import { JobPayloads, QueueName, assertContentFreePayload } from '../queue/queue-names';
import { OutboxEntry } from './outbox-entry';

const DAY_SECONDS = 24 * 3600;

/**
 * How a relayed job is added. The job id is the entry's idempotency key (its kind's `jobId`, the
 * entity id by default), so that adding the same entry twice (a relay that crashed between add and
 * delete, or the reconciler) is a no-op in BullMQ.
 *
 * Retention decides how long that guarantee lasts: BullMQ ignores an add whose id exists in any
 * state, so completed jobs are kept for 7 days (ids only, a few hundred bytes each). After that a
 * re-add would create a new job, which is still harmless because every processor is idempotent
 * (the triage processor does nothing for a report already marked queued) and the reconciler only
 * re-queues reports that were never marked queued.
 */
export function jobOptions(jobId: string): JobsOptions {
  return {
    jobId,
    attempts: 8,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 7 * DAY_SECONDS },
    removeOnFail: { age: 30 * DAY_SECONDS },
  };
}

/** The content-free payload of each queue, built from the entity id alone. */
export function jobPayload(entry: OutboxEntry): JobPayloads[QueueName] {
  switch (entry.queue) {
    case QueueName.TRIAGE:
      return { reportId: entry.entityId };
    case QueueName.MAINTENANCE:
      return { task: entry.jobName };
    case QueueName.NOTIFICATIONS:
      // Debounced deliveries are added by NotificationsService, not relayed: nothing to keep.
      throw new Error('the notifications queue is not fed through the outbox');
  }
}

/**
 * Refuses an entry whose job payload would not be content-free. Every writer of outbox rows calls
 * it at the caller, so that a bad entry fails its own transaction instead of the relay.
 */
export function assertValidOutboxEntry(entry: OutboxEntry): void {
  assertContentFreePayload(jobPayload(entry) as unknown as Record<string, unknown>);
}
