import { MigrationInterface, QueryRunner } from 'typeorm';

const MONTH = `~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`;

/**
 * The release ledger of statistics (stats feature; docs/design.md "Statistics"): every answer given
 * is a release — its definition (subject, dimensions, range, audience), how it was protected, and
 * per cell its definition (dimension values, `*` for a margin), whether it was suppressed and why,
 * and the published (rounded) figure of a cell that was not. The true count of a suppressed cell is
 * never stored: a later query recomputes today's counts from the data. Releases are dated to the
 * month; `seq` orders them.
 */
export class StatsReleases1795400000000 implements MigrationInterface {
  name = 'StatsReleases1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_releases (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        subject text NOT NULL CHECK (subject IN ('reports', 'cases', 'evacuated', 'relocated_abroad')),
        group_by text[] NOT NULL CHECK (cardinality(group_by) <= 4),
        from_month text NOT NULL CHECK (from_month ${MONTH}),
        to_month text NOT NULL CHECK (to_month ${MONTH} AND to_month >= from_month),
        audience text NOT NULL CHECK (audience IN ('analyst', 'public')),
        method text NOT NULL CHECK (method IN ('optimal', 'heuristic', 'noise')),
        threshold integer NOT NULL CHECK (threshold > 0),
        rounding_base integer NOT NULL CHECK (rounding_base > 0),
        created_month text NOT NULL CHECK (created_month ${MONTH})
      )`);
    await q.query(
      `CREATE INDEX stats_releases_lookup ON stats_releases (subject, audience, from_month, to_month, seq)`,
    );
    await q.query(`
      CREATE TABLE stats_release_cells (
        release_id uuid NOT NULL REFERENCES stats_releases (id) ON DELETE CASCADE,
        idx integer NOT NULL CHECK (idx >= 0),
        cell_values jsonb NOT NULL,
        suppressed boolean NOT NULL,
        reason text NULL CHECK (reason IN ('primary', 'secondary', 'ledger')),
        published integer NULL CHECK (published >= 0),
        PRIMARY KEY (release_id, idx),
        CONSTRAINT stats_release_cells_published CHECK (suppressed = (published IS NULL)),
        CONSTRAINT stats_release_cells_reason CHECK (suppressed = (reason IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stats_release_cells`);
    await q.query(`DROP TABLE stats_releases`);
  }
}
