import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the outbox NOTIFY trigger. PostgreSQL serialises the commits of every transaction that
 * issued a NOTIFY (one cluster-wide lock held through the commit's WAL flush), so the trigger made
 * every intake commit wait for the previous one: 4,700 vs 15,300 single-insert transactions/s with
 * 20 clients on the development machine (BENCHMARKS.md). The relay polls instead (OUTBOX_POLL_MS).
 */
export class OutboxPollOnly1795300000000 implements MigrationInterface {
  name = 'OutboxPollOnly1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }
}
