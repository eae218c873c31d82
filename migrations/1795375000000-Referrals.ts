import { MigrationInterface, QueryRunner } from 'typeorm';

const MONTH = `~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`;

/**
 * Partner organisations and referrals to them (SECURITY.md, "Referrals to partner organisations"):
 * - `partners` (owned by the partners feature): the organisation's name (plain: an organisation,
 *   not a person), its X25519 public key (what packages are sealed to), and its contact details
 *   sealed to the coordination team key they were written under (`contact_key_id`);
 * - `referrals` (owned by the referrals feature): which case went to which partner, when it must be
 *   acknowledged (a day: the overdue rule needs no finer) and the month it was; the consent and the
 *   list of fields shared are sealed to the case key (`record`), the acknowledgement note too
 *   (`acknowledgement`), and `package` is the envelope sealed to the partner's key, kept so that it
 *   can be handed over again (only the partner's private key opens it).
 */
export class Referrals1795375000000 implements MigrationInterface {
  name = 'Referrals1795375000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
        contact bytea NOT NULL,
        contact_key_id uuid NOT NULL REFERENCES keys (id) ON DELETE RESTRICT,
        created_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
        created_month text NOT NULL CHECK (created_month ${MONTH})
      )`);
    await q.query(`CREATE UNIQUE INDEX partners_name ON partners (lower(name))`);
    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE RESTRICT,
        created_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
        created_month text NOT NULL CHECK (created_month ${MONTH}),
        acknowledge_by date NOT NULL,
        record bytea NOT NULL,
        package bytea NOT NULL,
        acknowledged_month text NULL CHECK (acknowledged_month ${MONTH}),
        acknowledged_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
        acknowledgement bytea NULL,
        CONSTRAINT referrals_acknowledged_whole
          CHECK ((acknowledged_month IS NULL) = (acknowledgement IS NULL))
      )`);
    await q.query(`CREATE INDEX referrals_case ON referrals (case_id, id)`);
    await q.query(
      `CREATE INDEX referrals_awaiting ON referrals (acknowledge_by) WHERE acknowledged_month IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referrals`);
    await q.query(`DROP TABLE partners`);
  }
}
