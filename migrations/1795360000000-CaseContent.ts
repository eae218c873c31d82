import { MigrationInterface, QueryRunner } from 'typeorm';

const MONTH = `~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`;

/**
 * The sealed content of a case (cases feature; see docs/cases.md):
 * - `cases.summary`, `cases.alias`: what lists show, each an envelope sealed to the case key and
 *   bound to (cases, column, case id);
 * - `case_entries`: the case's own timeline — notes written by its workers and events (assignee
 *   added or removed, details changed) — one row per entry, numbered per case; only the kind, the
 *   actor and the month are plain, the body (with its exact time) is sealed to the case key and
 *   bound to (case_entries, body, case id:seq).
 * Indexes for the timed rules (cases long in `verifying`, cases without activity).
 */
export class CaseContent1795360000000 implements MigrationInterface {
  name = 'CaseContent1795360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN summary bytea NULL,
        ADD COLUMN alias bytea NULL`);
    await q.query(`
      CREATE TABLE case_entries (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        kind text NOT NULL CHECK (kind IN ('note', 'event')),
        actor_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
        month text NOT NULL CHECK (month ${MONTH}),
        body bytea NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE INDEX cases_status_day ON cases (status, status_day)`);
    await q.query(`CREATE INDEX cases_activity_day ON cases (activity_day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_activity_day`);
    await q.query(`DROP INDEX cases_status_day`);
    await q.query(`DROP TABLE case_entries`);
    await q.query(`ALTER TABLE cases DROP COLUMN alias, DROP COLUMN summary`);
  }
}
