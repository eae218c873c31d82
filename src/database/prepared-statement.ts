import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection (a named prepared statement)
 * instead of on every call, for the per-report hot paths: measured on the development machine,
 * the intake statement went from ≈2,000 to ≈2,850 commits/s with 16 connections (BENCHMARKS.md).
 * `pg` prepares it on each pooled connection at first use, again after a reconnect.
 *
 * The text must never change for a given name (pg refuses a name reused with another text), hence
 * one module-level constant per statement.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function preparedStatement(name: string, text: string): PreparedStatement {
  return { name, text };
}

/**
 * Runs `statement` on the connection of `manager`'s transaction when it has one, else on a pooled
 * connection of its own (one statement = one transaction). Failures are TypeORM's
 * QueryFailedError, like every other query's, so the error mapping (unique violations, database
 * away → 503) is the same; the parameters are not attached to the error (they can be content).
 */
export async function runPrepared<R extends QueryResultRow = QueryResultRow>(
  target: DataSource | EntityManager,
  statement: PreparedStatement,
  values: unknown[],
): Promise<R[]> {
  const client = await connectionOf(target);
  try {
    const result = await client.query<R>({ name: statement.name, text: statement.text, values });
    return result.rows;
  } catch (error) {
    if (
      error instanceof Error &&
      typeof (error as { code?: unknown }).code === 'string' &&
      'severity' in error
    ) {
      throw new QueryFailedError(statement.name, undefined, error);
    }
    throw error;
  }
}

async function connectionOf(target: DataSource | EntityManager): Promise<Pool | PoolClient> {
  const manager = target instanceof DataSource ? target.manager : target;
  if (manager.queryRunner && !manager.queryRunner.isReleased) {
    return (await manager.queryRunner.connect()) as PoolClient;
  }
  const pool = (manager.connection.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the database connection is not initialised');
  return pool;
}
