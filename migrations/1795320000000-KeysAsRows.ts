import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys are rows. `keys` holds the public half and the kind of every key pair (`report`, `case`,
 * `team`); `key_slots` (formerly `case_key_slots`) holds its private half sealed to each holder and
 * references it, so that deleting a key deletes its slots (a crypto-shred). A slot whose holder is
 * another key (a team key, or a case key holding an attached report's key) references that key too.
 *
 * Today's data moves byte for byte: every report gets a `report` key whose id is the report's id
 * (the id its slots are bound to, `corridor/key-slot` ‖ id, so no slot is re-sealed) and whose public
 * key is the report's former `case_public_key`; `reports.key_id` references it; every slot's
 * `case_id` becomes `key_id` with a foreign key. Nothing is deleted: slots naming no report make
 * the migration refuse, and down() refuses what the old shape cannot hold.
 */
export class KeysAsRows1795320000000 implements MigrationInterface {
  name = 'KeysAsRows1795320000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ n: orphans }] = (await q.query(
      `SELECT count(*)::int AS n FROM case_key_slots s WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = s.case_id)`,
    )) as { n: number }[];
    if (orphans > 0) throw new Error(`${orphans} key slots name no report: nothing to attach them to`);

    await q.query(`
      CREATE TABLE keys (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('report', 'case', 'team')),
        public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
        created_month text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')
          CHECK (created_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
      )`);
    await q.query(`
      INSERT INTO keys (id, kind, public_key, created_month)
      SELECT id, 'report', case_public_key, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM reports`);
    await q.query(`ALTER TABLE reports ADD COLUMN key_id uuid NULL`);
    await q.query(`UPDATE reports SET key_id = id`);
    await q.query(`ALTER TABLE reports ALTER COLUMN key_id SET NOT NULL`);
    await q.query(
      `ALTER TABLE reports ADD CONSTRAINT reports_key_fk FOREIGN KEY (key_id) REFERENCES keys (id)`,
    );
    await q.query(`ALTER TABLE reports ADD CONSTRAINT reports_key_unique UNIQUE (key_id)`);
    await q.query(`ALTER TABLE reports DROP COLUMN case_public_key`);

    await q.query(`ALTER TABLE case_key_slots RENAME TO key_slots`);
    await q.query(`ALTER TABLE key_slots RENAME COLUMN case_id TO key_id`);
    await q.query(`ALTER TABLE key_slots RENAME CONSTRAINT case_key_slots_pkey TO key_slots_pkey`);
    await q.query(`ALTER TABLE key_slots ADD COLUMN holder_key_id uuid NULL`);
    await q.query(
      `ALTER TABLE key_slots ADD CONSTRAINT key_slots_key_fk FOREIGN KEY (key_id) REFERENCES keys (id) ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE key_slots ADD CONSTRAINT key_slots_holder_key_fk FOREIGN KEY (holder_key_id) REFERENCES keys (id) ON DELETE CASCADE`,
    );
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT case_key_slots_holder_id`);
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT case_key_slots_holder_type_check`);
    await q.query(
      `ALTER TABLE key_slots RENAME CONSTRAINT case_key_slots_sealed_key_check TO key_slots_sealed_key_check`,
    );
    await q.query(`
      ALTER TABLE key_slots ADD CONSTRAINT key_slots_holder_type
        CHECK (holder_type IN ('user', 'recovery', 'reporter', 'key'))`);
    await q.query(`
      ALTER TABLE key_slots ADD CONSTRAINT key_slots_holder CHECK (
        (holder_type = 'user') = (holder_id IS NOT NULL) AND (holder_type = 'key') = (holder_key_id IS NOT NULL)
        AND holder_key_id IS DISTINCT FROM key_id
      )`);
    await q.query(`DROP INDEX case_key_slots_one_per_holder`);
    await q.query(
      `CREATE UNIQUE INDEX key_slots_one_per_holder
         ON key_slots (key_id, holder_type, COALESCE(holder_id, holder_key_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
    );
    await q.query(`ALTER INDEX case_key_slots_by_user RENAME TO key_slots_by_user`);
    await q.query(
      `CREATE INDEX key_slots_by_holder_key ON key_slots (holder_key_id) WHERE holder_key_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The old shape has one key per report and no key holders: refuse rather than drop keys.
    const [{ n }] = (await q.query(
      `SELECT (SELECT count(*) FROM keys WHERE kind <> 'report')::int
            + (SELECT count(*) FROM key_slots WHERE holder_type = 'key')::int
            + (SELECT count(*) FROM reports WHERE key_id <> id)::int AS n`,
    )) as { n: number }[];
    if (n > 0)
      throw new Error(
        `${n} case/team keys, key-held slots or re-keyed reports: the old shape cannot hold them`,
      );

    await q.query(`DROP INDEX key_slots_by_holder_key`);
    await q.query(`ALTER INDEX key_slots_by_user RENAME TO case_key_slots_by_user`);
    await q.query(`DROP INDEX key_slots_one_per_holder`);
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT key_slots_holder`);
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT key_slots_holder_type`);
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT key_slots_holder_key_fk`);
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT key_slots_key_fk`);
    await q.query(`ALTER TABLE key_slots DROP COLUMN holder_key_id`);
    await q.query(
      `ALTER TABLE key_slots RENAME CONSTRAINT key_slots_sealed_key_check TO case_key_slots_sealed_key_check`,
    );
    await q.query(`
      ALTER TABLE key_slots ADD CONSTRAINT case_key_slots_holder_type_check
        CHECK (holder_type IN ('user', 'recovery', 'reporter'))`);
    await q.query(
      `ALTER TABLE key_slots ADD CONSTRAINT case_key_slots_holder_id CHECK ((holder_type = 'user') = (holder_id IS NOT NULL))`,
    );
    await q.query(`ALTER TABLE key_slots RENAME CONSTRAINT key_slots_pkey TO case_key_slots_pkey`);
    await q.query(`ALTER TABLE key_slots RENAME COLUMN key_id TO case_id`);
    await q.query(`ALTER TABLE key_slots RENAME TO case_key_slots`);
    await q.query(
      `CREATE UNIQUE INDEX case_key_slots_one_per_holder
         ON case_key_slots (case_id, holder_type, COALESCE(holder_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
    );

    await q.query(`ALTER TABLE reports ADD COLUMN case_public_key bytea NULL`);
    await q.query(`UPDATE reports r SET case_public_key = k.public_key FROM keys k WHERE k.id = r.key_id`);
    await q.query(`ALTER TABLE reports ALTER COLUMN case_public_key SET NOT NULL`);
    await q.query(
      `ALTER TABLE reports ADD CONSTRAINT reports_case_public_key_check CHECK (octet_length(case_public_key) = 32)`,
    );
    await q.query(`ALTER TABLE reports DROP COLUMN key_id`);
    await q.query(`DROP TABLE keys`);
  }
}
