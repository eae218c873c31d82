import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Minimisation (docs/retention.md "Coarsening"):
 *
 * - Audit entries of anonymous acts carry their time truncated to the UTC hour, set at write time
 *   by the database itself, so that no writer (service, CTE fast path, a future one) can forget it.
 *   Anonymous acts: a reporter's (`reporter`), intake's (`intake`), and the system acting for a
 *   report (`system` with target type `report`: the triage queueing). The truncating trigger is
 *   named to fire after `audit_entries_insert_unsealed` (triggers fire in name order), which checks
 *   the exact time against the database's clock first; the truncated time is what is stored, and
 *   so what the sealer hashes and `audit verify` checks. Entries of users and rules keep their
 *   millisecond. Entries written before keep their exact time (the log is append-only).
 * - `report_items_exact_times`: the items whose `created_at` is still exact (not a month start),
 *   which the retention run coarsens once they are older than RETENTION_EXACT_TIMES_DAYS. Partial,
 *   so that a run walks only what is left to do and the index shrinks as it works.
 *   `report_items_exact_read_days` does the same for the day a reporter read a message (a read
 *   marked after its message was coarsened is still found).
 */
export class Minimisation1795404000000 implements MigrationInterface {
  name = 'Minimisation1795404000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_anonymous_to_hour() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.occurred_at := date_trunc('hour', NEW.occurred_at, 'UTC');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_to_hour_if_anonymous BEFORE INSERT ON audit_entries FOR EACH ROW
        WHEN (NEW.actor_type IN ('reporter', 'intake')
              OR (NEW.actor_type = 'system' AND NEW.target_type IS NOT DISTINCT FROM 'report'))
        EXECUTE FUNCTION audit_anonymous_to_hour()`);
    await q.query(
      `CREATE INDEX report_items_exact_times ON report_items (created_at)
        WHERE created_at <> date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    );
    await q.query(
      `CREATE INDEX report_items_exact_read_days ON report_items (reporter_read_on)
        WHERE extract(day FROM reporter_read_on) <> 1`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_items_exact_read_days`);
    await q.query(`DROP INDEX report_items_exact_times`);
    await q.query(`DROP TRIGGER audit_entries_to_hour_if_anonymous ON audit_entries`);
    await q.query(`DROP FUNCTION audit_anonymous_to_hour()`);
  }
}
