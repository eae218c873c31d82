import { QueueName } from '../queue/queue-names';

/** What the caller asks to be queued: a queue, a fixed job name and the id of the thing. */
export interface OutboxEntry {
  queue: QueueName;
  jobName: string;
  entityId: string;
}

/** One outbox row as the relay sees it. */
export interface OutboxRow extends OutboxEntry {
  id: string;
  attempts: number;
}
