import type { OutboxEntry } from './outbox-entry';

/**
 * The one INSERT of an outbox row, for the repository and for fast paths that embed it in their
 * own statement (parameters numbered from `first`, values from `outboxInsertValues`).
 */
export function outboxInsertSql(first: number): string {
  return `INSERT INTO outbox (queue, job_name, entity_id) VALUES ($${first}, $${first + 1}, $${first + 2})`;
}

export function outboxInsertValues(entry: OutboxEntry): unknown[] {
  return [entry.queue, entry.jobName, entry.entityId];
}
