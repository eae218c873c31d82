import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QueueName } from '../queue/queue-names';
import { OutboxEntry, OutboxRow } from './outbox-entry';
import type { OutboxJobKind } from './outbox-job-kind';
import { outboxInsertSql, outboxInsertValues } from './outbox-insert';

interface RawOutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  entity_id: string;
  attempts: number;
}

export interface OutboxBacklog {
  rows: number;
  /** 0 when the outbox is empty. */
  oldestAgeSeconds: number;
}

/** Data access for the `outbox` table (see the Outbox migration); the rules live in the callers. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, entry: OutboxEntry): Promise<void> {
    await manager.query(outboxInsertSql(1), outboxInsertValues(entry));
  }

  /** Whether any row waits: one cheap query, so that an idle relay's poll opens no transaction. */
  async hasWaiting(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ waiting: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM outbox) AS waiting`,
    );
    return row.waiting;
  }

  /** Rows waiting to be relayed and the age of the oldest, for monitoring (counts only). */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query<{ rows: string; oldest_age_seconds: number | null }[]>(
      `SELECT count(*) AS rows, extract(epoch FROM now() - min(created_at))::float8 AS oldest_age_seconds
         FROM outbox`,
    );
    return { rows: Number(row.rows), oldestAgeSeconds: row.oldest_age_seconds ?? 0 };
  }

  /**
   * Locks up to `limit` rows for this transaction; rows another relay holds are skipped, so that any
   * number of workers relay at once without doing the same work twice.
   */
  async claim(manager: EntityManager, limit: number): Promise<OutboxRow[]> {
    const rows: RawOutboxRow[] = await manager.query(
      `SELECT id, queue, job_name, entity_id, attempts FROM outbox
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      queue: r.queue,
      jobName: r.job_name,
      entityId: r.entity_id,
      attempts: r.attempts,
    }));
  }

  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Every row naming one of `entityIds` (what they were about is being deleted); how many. */
  async deleteForEntities(manager: EntityManager, entityIds: string[]): Promise<number> {
    if (!entityIds.length) return 0;
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM outbox WHERE entity_id = ANY ($1::uuid[]) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [entityIds],
    );
    return row.n;
  }

  async markFailed(manager: EntityManager, ids: string[], errorCode: string): Promise<void> {
    if (!ids.length) return;
    await manager.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error_code = $2 WHERE id = ANY($1::bigint[])`,
      [ids, errorCode],
    );
  }

  /**
   * Up to `limit` entities of `kind` overdue for longer than `olderThanSeconds` (its reconciliation
   * query) with no outbox row of that kind still waiting to be relayed, oldest first.
   */
  async findOverdue(kind: OutboxJobKind, olderThanSeconds: number, limit: number): Promise<string[]> {
    if (!kind.overdueSql) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT due.id FROM (${kind.overdueSql}) AS due
        WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = due.id AND o.queue = $2 AND o.job_name = $3)
        ORDER BY due.since
        LIMIT $4`,
      [olderThanSeconds, kind.queue, kind.jobName, limit],
    );
    return rows.map((r) => r.id);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
