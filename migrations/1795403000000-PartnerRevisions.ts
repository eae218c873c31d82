import { MigrationInterface, QueryRunner } from 'typeorm';

const MONTH = `~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`;

/**
 * Partners can be edited and retired (docs/referrals.md, "Partners"):
 * - `partners.public_key_id`: a fresh id each time the public key is replaced, so that a partner
 *   holding several private keys knows which one a package needs, and the log says which key a
 *   referral went to; existing partners get one now;
 * - `partners.retired_month` / `retired_by`: a retired partner receives no new referral, and stays
 *   (its referrals keep pointing at it, readable and auditable);
 * - `referrals.partner_key_id` (owned by the referrals feature): the key id the package was sealed
 *   to, filled for the existing referrals from their partner's current (only) key.
 */
export class PartnerRevisions1795403000000 implements MigrationInterface {
  name = 'PartnerRevisions1795403000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE partners ADD COLUMN public_key_id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE partners ALTER COLUMN public_key_id DROP DEFAULT`);
    await q.query(`
      ALTER TABLE partners
        ADD COLUMN retired_month text NULL CHECK (retired_month ${MONTH}),
        ADD COLUMN retired_by uuid NULL REFERENCES users (id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE referrals ADD COLUMN partner_key_id uuid NULL`);
    await q.query(
      `UPDATE referrals r SET partner_key_id = p.public_key_id FROM partners p WHERE p.id = r.partner_id`,
    );
    await q.query(`ALTER TABLE referrals ALTER COLUMN partner_key_id SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals DROP COLUMN partner_key_id`);
    await q.query(`ALTER TABLE partners DROP COLUMN retired_by, DROP COLUMN retired_month`);
    await q.query(`ALTER TABLE partners DROP COLUMN public_key_id`);
  }
}
