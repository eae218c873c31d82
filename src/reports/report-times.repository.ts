import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The first instant of a timestamptz's UTC month (immutable: the partial indexes use it). */
const MONTH_OF = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;

/**
 * Coarsening of report item times once they are older than the exact-times window. Each statement
 * is one bounded batch in its own transaction, rows taken `FOR UPDATE SKIP LOCKED` (a message being
 * written or a retention batch deleting is never waited for), found through the partial indexes of
 * the rows still exact (Minimisation migration), so that a run walks only what is left to do.
 */
@Injectable()
export class ReportTimesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` items created before `before` get their UTC month as `created_at`; how many. */
  async coarsenCreatedTimes(before: Date, limit: number): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH batch AS (
         SELECT id FROM report_items
          WHERE created_at < $1 AND created_at <> ${MONTH_OF('created_at')}
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       done AS (
         UPDATE report_items i SET created_at = ${MONTH_OF('i.created_at')}
           FROM batch WHERE i.id = batch.id RETURNING 1)
       SELECT count(*)::int AS n FROM done`,
      [before, limit],
    );
    return rows[0].n;
  }

  /** Up to `limit` read days before `beforeDay` ('YYYY-MM-DD') become the first of their month. */
  async coarsenReadDays(beforeDay: string, limit: number): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH batch AS (
         SELECT id FROM report_items
          WHERE reporter_read_on < $1::date AND extract(day FROM reporter_read_on) <> 1
          ORDER BY reporter_read_on LIMIT $2 FOR UPDATE SKIP LOCKED),
       done AS (
         UPDATE report_items i
            SET reporter_read_on = make_date(extract(year FROM i.reporter_read_on)::int,
                                             extract(month FROM i.reporter_read_on)::int, 1)
           FROM batch WHERE i.id = batch.id RETURNING 1)
       SELECT count(*)::int AS n FROM done`,
      [beforeDay, limit],
    );
    return rows[0].n;
  }
}
