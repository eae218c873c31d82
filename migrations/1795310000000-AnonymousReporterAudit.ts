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
    // Added NOT VALID, then validated: the check of the existing rows does not block audited writes.
    await q.query(`
      ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_actor_id CHECK (
        actor_type = 'reporter' OR (actor_type IN ('system', 'intake')) = (actor_id IS NULL)
      ) NOT VALID`);
    await q.query(`ALTER TABLE audit_entries VALIDATE CONSTRAINT audit_entries_actor_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old rule is enforced on UPDATE even when NOT VALID: an unsealed reporter entry without an
    // id could then never be sealed, and sealing goes in order, so the whole chain would stop.
    const [{ n }] = (await q.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE actor_type = 'reporter' AND actor_id IS NULL AND seq IS NULL`,
    )) as { n: number }[];
    if (n > 0)
      throw new Error(`${n} unsealed reporter audit entries without an id: let the sealer run first`);
    await q.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_actor_id`);
    await q.query(`
      ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_actor_id
        CHECK ((actor_type IN ('system', 'intake')) = (actor_id IS NULL)) NOT VALID`);
  }
}
