import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Caseworker accounts. Nothing here opens anything without the password: the private key is
 * wrapped under an Argon2id-derived key, the verifier is an independent subkey of the same
 * derivation, and the TOTP secret is encrypted under the server's TOTP key (bound to the row).
 */
export class Users1795240607613 implements MigrationInterface {
  name = 'Users1795240607613';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
        roles text[] NOT NULL CHECK (roles <@ ARRAY['admin','coordinator','triager','caseworker','operator','analyst','auditor']::text[]),
        public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
        wrapped_private_key bytea NOT NULL CHECK (octet_length(wrapped_private_key) BETWEEN 32 AND 256),
        kdf_salt bytea NOT NULL CHECK (octet_length(kdf_salt) = 16),
        kdf_params text NOT NULL,
        password_verifier bytea NOT NULL CHECK (octet_length(password_verifier) = 32),
        totp_secret bytea NULL,
        totp_confirmed boolean NOT NULL DEFAULT false,
        totp_last_step bigint NULL,
        disabled boolean NOT NULL DEFAULT false,
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_totp_confirmed_has_secret CHECK (NOT totp_confirmed OR totp_secret IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username ON users (username)`);
    await q.query(`CREATE INDEX users_roles ON users USING gin (roles)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users`);
  }
}
