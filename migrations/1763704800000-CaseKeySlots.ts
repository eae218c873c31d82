import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key slots: the case private key sealed to each holder allowed to read the case — users (by id),
 * the organisation's recovery key, and the reporter (a secretbox under a receipt-derived key).
 * No slot, no read: access checks and the cryptography agree.
 */
export class CaseKeySlots1763704800000 implements MigrationInterface {
  name = 'CaseKeySlots1763704800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_key_slots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        holder_type text NOT NULL CHECK (holder_type IN ('user', 'recovery', 'reporter')),
        holder_id uuid NULL,
        sealed_key bytea NOT NULL CHECK (octet_length(sealed_key) BETWEEN 32 AND 512),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_key_slots_holder_id CHECK ((holder_type = 'user') = (holder_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX case_key_slots_one_per_holder
         ON case_key_slots (case_id, holder_type, COALESCE(holder_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
    );
    await q.query(
      `CREATE INDEX case_key_slots_by_user ON case_key_slots (holder_id) WHERE holder_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_key_slots`);
  }
}
