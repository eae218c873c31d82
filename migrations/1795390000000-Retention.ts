import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What retention needs on `reports` (src/retention, docs/retention.md):
 * - `decided_on`: the UTC day of the triage decision that ended the work on the report (spam,
 *   no_action, duplicate), a day and never a time (the policies count days). Reports already
 *   decided get the day of this migration: their policy starts now, never earlier than it would.
 *   Only a decided report has one; a decided report without one is never deleted (the safe side).
 * - `legal_hold`: freezes the report (never deleted while set).
 * - `retain_until`: a postponement, the last day the report is kept (null: none).
 * The partial index is what the retention pass walks (decided reports only, oldest first).
 * `reports.key_id` → `keys.id` stays NO ACTION (see SlotHolderUsers): retention deletes the report
 * row, then its key.
 */
export class Retention1795390000000 implements MigrationInterface {
  name = 'Retention1795390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE reports
         ADD COLUMN decided_on date,
         ADD COLUMN legal_hold boolean NOT NULL DEFAULT false,
         ADD COLUMN retain_until date`,
    );
    await q.query(
      `UPDATE reports SET decided_on = (now() AT TIME ZONE 'UTC')::date
        WHERE status IN ('spam', 'no_action', 'duplicate')`,
    );
    await q.query(
      `ALTER TABLE reports ADD CONSTRAINT reports_decided_on_only_when_decided
         CHECK (decided_on IS NULL OR status IN ('spam', 'no_action', 'duplicate'))`,
    );
    await q.query(`CREATE INDEX reports_retention ON reports (decided_on, id) WHERE decided_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reports_retention`);
    await q.query(
      `ALTER TABLE reports DROP CONSTRAINT reports_decided_on_only_when_decided,
         DROP COLUMN retain_until, DROP COLUMN legal_hold, DROP COLUMN decided_on`,
    );
  }
}
