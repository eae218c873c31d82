import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's key slot references its holder: `key_slots.holder_id` → `users.id`, ON DELETE CASCADE.
 * Removing a user already deletes their slots in the same transaction (UsersService through the
 * slot-holder interface); the foreign key makes it a rule of the database, so a slot can never
 * outlive — or be written for — an account that does not exist. A slot naming no user opens
 * nothing (the user's private key lived in their row), so such orphans, if an older removal left
 * any, are deleted first.
 *
 * `reports.key_id` → `keys.id` stays NO ACTION on purpose: a key that still has its report cannot
 * be deleted, so no report is ever left unreadable by a stray key deletion; retention deletes the
 * report and then its key, in one transaction (the key's slots follow by cascade).
 */
export class SlotHolderUsers1795371000000 implements MigrationInterface {
  name = 'SlotHolderUsers1795371000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM key_slots s WHERE s.holder_type = 'user'
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.holder_id)`,
    );
    await q.query(
      `ALTER TABLE key_slots ADD CONSTRAINT key_slots_holder_user_fk
         FOREIGN KEY (holder_id) REFERENCES users (id) ON DELETE CASCADE`,
    );
    // The index the cascade and the holder lookups use exists already (case_key_slots_by_user).
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE key_slots DROP CONSTRAINT key_slots_holder_user_fk`);
  }
}
