import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a row per job that must reach a BullMQ queue, written in the same
 * transaction as the thing it is about, so that a report is never committed without its job.
 * Ids and fixed names only — never content. A trigger notifies the relay at commit, so that it
 * moves new rows at once instead of waiting for its next poll.
 */
export class Outbox1795240566477 implements MigrationInterface {
  name = 'Outbox1795240566477';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL CHECK (queue ~ '^[a-z][a-z0-9-]{0,31}$'),
        job_name text NOT NULL CHECK (job_name ~ '^[a-z][a-z0-9:.-]{0,63}$'),
        entity_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error_code text NULL CHECK (last_error_code ~ '^[A-Za-z0-9_]{1,64}$')
      )`);
    await q.query(`CREATE INDEX outbox_by_entity ON outbox (entity_id)`);
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }
}
