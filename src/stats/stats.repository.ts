import { Injectable } from '@nestjs/common';
import type { StatsDimension, StatsSubject } from './stats-answer';
import { StatsReadSource } from './stats-read-source';
import { atomQuery } from './stats-sql';

/** One finest combination: its month, its value of every basis dimension, and how many rows. */
export interface AtomRow {
  readonly month: string;
  /** In basis order; a multi-valued dimension's value is the row's set. */
  readonly values: readonly (string | readonly string[])[];
  readonly count: number;
}

type RawAtom = { month: string; n: number } & Record<string, string | string[]>;

/** Read-only data access of statistics (plain columns only, through the read-only source). */
@Injectable()
export class StatsRepository {
  constructor(private readonly reads: StatsReadSource) {}

  async atoms(
    subject: StatsSubject,
    basis: readonly StatsDimension[],
    from: string,
    to: string,
  ): Promise<AtomRow[]> {
    const { sql, params } = atomQuery(subject, basis, from, to);
    const rows = await (await this.reads.source()).query<RawAtom[]>(sql, params);
    return rows.map((row) => ({
      month: row.month,
      values: basis.map((_, i) => row[`d${i}`]),
      count: row.n,
    }));
  }
}
