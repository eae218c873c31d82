import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'report.spam', 'report.no_action', 'report.duplicate', 'case.closed', 'case.rejected', 'receipt.decided'`;

/**
 * Retention of cases and per-form policies (src/retention, docs/retention.md):
 * - `cases.legal_hold`: freezes the case (never deleted while set; cases feature);
 * - `cases.retain_until` / `cases.retain_reason`: a coordinator's postponement — the last day the
 *   case is kept, and why, sealed to the case key (bound to cases.retain_reason, row = case id).
 *   Both or neither. A case's policy counts from `status_day`, the day it entered `closed` or
 *   `rejected` (a day, never a time; a reopened case leaves those statuses and its clock with them).
 * - `form_retention_policies` (retention feature): an admin's override of a policy for one form,
 *   in days (at least 1; the upper bound RETENTION_MAX_DAYS is the application's). A form deleted
 *   takes its overrides with it.
 * The partial index is what the case retention pass walks (finished cases only, oldest first).
 */
export class CaseRetention1795402000000 implements MigrationInterface {
  name = 'CaseRetention1795402000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE cases
         ADD COLUMN legal_hold boolean NOT NULL DEFAULT false,
         ADD COLUMN retain_until date NULL,
         ADD COLUMN retain_reason bytea NULL,
         ADD CONSTRAINT cases_retain_whole CHECK ((retain_until IS NULL) = (retain_reason IS NULL))`,
    );
    await q.query(
      `CREATE INDEX cases_retention ON cases (status_day, id) WHERE status IN ('closed', 'rejected')`,
    );
    await q.query(`
      CREATE TABLE form_retention_policies (
        form_id uuid NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        days integer NOT NULL CHECK (days >= 1),
        PRIMARY KEY (form_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE form_retention_policies`);
    await q.query(`DROP INDEX cases_retention`);
    await q.query(
      `ALTER TABLE cases DROP CONSTRAINT cases_retain_whole,
         DROP COLUMN retain_reason, DROP COLUMN retain_until, DROP COLUMN legal_hold`,
    );
  }
}
