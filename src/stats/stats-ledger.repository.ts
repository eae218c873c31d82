import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StatsAudience, StatsDimension, StatsSubject } from './stats-answer';

/** One cell of a release as the ledger keeps it: its definition and what was published. */
export interface ReleaseCell {
  readonly values: Readonly<Record<string, string>>;
  readonly suppressed: boolean;
  readonly reason: 'primary' | 'secondary' | 'ledger' | null;
  /** The rounded figure published; null when suppressed. */
  readonly published: number | null;
}

export interface StoredRelease {
  readonly id: string;
  readonly subject: StatsSubject;
  readonly groupBy: readonly StatsDimension[];
  readonly from: string;
  readonly to: string;
  readonly audience: StatsAudience;
  readonly method: 'optimal' | 'heuristic' | 'noise';
  readonly threshold: number;
  readonly roundingBase: number;
  readonly cells: readonly ReleaseCell[];
}

interface RawRelease {
  id: string;
  subject: StatsSubject;
  group_by: StatsDimension[];
  from_month: string;
  to_month: string;
  audience: StatsAudience;
  method: StoredRelease['method'];
  threshold: number;
  rounding_base: number;
}

interface RawCell {
  release_id: string;
  cell_values: Record<string, string>;
  suppressed: boolean;
  reason: ReleaseCell['reason'];
  published: number | null;
}

/** Data access of the release ledger (owned by stats; written through the main database). */
@Injectable()
export class StatsLedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One transaction holding the ledger lock of a subject: the releases a query is checked against
   * and the release it adds are read and written with no other release of that subject between.
   */
  serialised<T>(subject: StatsSubject, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`corridor:stats-ledger:${subject}`]);
      return work(manager);
    });
  }

  /** The most recent releases of `subject` for `audiences` whose range overlaps [from, to]. */
  async overlapping(
    manager: EntityManager,
    subject: StatsSubject,
    audiences: readonly StatsAudience[],
    from: string,
    to: string,
    limit: number,
  ): Promise<StoredRelease[]> {
    const releases = await manager.query<RawRelease[]>(
      `SELECT id, subject, group_by, from_month, to_month, audience, method, threshold, rounding_base
         FROM stats_releases
        WHERE subject = $1 AND audience = ANY($2) AND from_month <= $4 AND to_month >= $3
        ORDER BY seq DESC LIMIT $5`,
      [subject, audiences, from, to, limit],
    );
    if (releases.length === 0) return [];
    const cells = await manager.query<RawCell[]>(
      `SELECT release_id, cell_values, suppressed, reason, published FROM stats_release_cells
        WHERE release_id = ANY($1) ORDER BY release_id, idx`,
      [releases.map((r) => r.id)],
    );
    return releases.map((r) => ({
      id: r.id,
      subject: r.subject,
      groupBy: r.group_by,
      from: r.from_month,
      to: r.to_month,
      audience: r.audience,
      method: r.method,
      threshold: r.threshold,
      roundingBase: r.rounding_base,
      cells: cells
        .filter((c) => c.release_id === r.id)
        .map((c) => ({
          values: c.cell_values,
          suppressed: c.suppressed,
          reason: c.reason,
          published: c.published,
        })),
    }));
  }

  async record(manager: EntityManager, release: StoredRelease): Promise<void> {
    await manager.query(
      `INSERT INTO stats_releases (id, subject, group_by, from_month, to_month, audience, method, threshold,
         rounding_base, created_month)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'))`,
      [
        release.id,
        release.subject,
        release.groupBy,
        release.from,
        release.to,
        release.audience,
        release.method,
        release.threshold,
        release.roundingBase,
      ],
    );
    if (release.cells.length === 0) return;
    await manager.query(
      `INSERT INTO stats_release_cells (release_id, idx, cell_values, suppressed, reason, published)
       SELECT $1, c.idx - 1, c.cell_values, c.suppressed, c.reason, c.published
         FROM unnest($2::jsonb[], $3::boolean[], $4::text[], $5::integer[])
              WITH ORDINALITY AS c (cell_values, suppressed, reason, published, idx)`,
      [
        release.id,
        release.cells.map((c) => JSON.stringify(c.values)),
        release.cells.map((c) => c.suppressed),
        release.cells.map((c) => c.reason),
        release.cells.map((c) => c.published),
      ],
    );
  }
}
