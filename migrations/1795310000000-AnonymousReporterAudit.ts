import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporter entries of the audit log no longer name the report (`actor_id` NULL): the log keeps
 * exact times for ever and cannot be coarsened later, so a report id there would date a reporter's
 * every visit and message to the millisecond. Entries written before keep their id (the log is
 * append-only and hash-chained), so for `reporter` both forms are allowed; `system` and `intake`
 * still never carry one, `user` and `rule` always do.
 */
export class AnonymousReporterAudit1795310000000 implements MigrationInterface {
  name = 'AnonymousReporterAudit1795310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_actor_id`);
    await q.query(`
      ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_actor_id CHECK (
        actor_type = 'reporter' OR (actor_type IN ('system', 'intake')) = (actor_id IS NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_actor_id`);
    await q.query(`
      ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_actor_id
        CHECK ((actor_type IN ('system', 'intake')) = (actor_id IS NULL)) NOT VALID`);
  }
}
