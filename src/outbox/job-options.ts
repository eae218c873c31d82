import { randomUUID } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { JobPayloads, QueueName, assertContentFreePayload } from '../queue/queue-names';
import { OutboxEntry } from './outbox-entry';

const DAY_SECONDS = 24 * 3600;

/**
 * How a relayed job is added.
 *
 * A kind that names its job (`jobId`: the maintenance tasks, by task name) keeps BullMQ's own
 * idempotency: an add whose id exists in any state is ignored, so completed jobs are kept for 7
 * days (ids only) and failed ones for 30.
 *
 * A kind without one (the triage job of each new report) gets a random job id, never the entity's,
 * and its job leaves nothing behind once done (`removeOnComplete`/`removeOnFail`): a seized Redis
 * holds no record of which report was processed when. Its idempotency is the database's: the
 * processor does nothing for a report already marked queued (`queued_at IS NULL`, ON CONFLICT), so
 * a second delivery (a relay that crashed between add and delete, the reconciler) is harmless.
 */
export function jobOptions(jobId: string | undefined): JobsOptions {
  const retry = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } };
  if (jobId === undefined)
    return { ...retry, jobId: randomUUID(), removeOnComplete: true, removeOnFail: true };
  return {
    ...retry,
    jobId,
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
