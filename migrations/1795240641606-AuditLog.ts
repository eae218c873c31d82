import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit log (docs/security-audit.md).
 *
 * audit_entries: the caller's transaction inserts an entry unsealed (seq, prev_hash, hash NULL);
 * the sealer later sets exactly those three columns, once. audit_checkpoints: signed chain heads.
 * Triggers make both tables append-only for every role that cannot disable triggers:
 *   - INSERT into audit_entries only unsealed, with occurred_at from the database's own clock;
 *   - UPDATE of audit_entries only NULL → value of seq/prev_hash/hash, every other column unchanged;
 *   - no UPDATE of audit_checkpoints; no DELETE or TRUNCATE of either table.
 *
 * Roles (the grants are made by the operator, who knows the role names; see the security doc):
 *   - owner / migration role (runs these migrations, owns the tables): may disable triggers, so it
 *     must not be the role the application connects as, and its credentials stay off the servers;
 *   - application role (API, worker): SELECT, INSERT and UPDATE (seq, prev_hash, hash) on
 *     audit_entries, USAGE on its id sequence; SELECT, INSERT on audit_checkpoints; nothing else;
 *   - auditor role (`audit verify` from outside): SELECT on both tables, nothing else;
 *   - a database superuser can bypass all of this; what it changes in the sealed part is caught by
 *     verification (chain + signed checkpoints kept off the server).
 */
export class AuditLog1795240641606 implements MigrationInterface {
  name = 'AuditLog1795240641606';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz(3) NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'system', 'reporter', 'intake', 'rule')),
        actor_id text NULL CHECK (char_length(actor_id) BETWEEN 1 AND 128),
        action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]{0,63}$'),
        target_type text NULL CHECK (char_length(target_type) BETWEEN 1 AND 64),
        target_id text NULL CHECK (char_length(target_id) BETWEEN 1 AND 128),
        details text NOT NULL CHECK (octet_length(details) <= 8192),
        seq bigint NULL UNIQUE CHECK (seq >= 1),
        prev_hash bytea NULL CHECK (octet_length(prev_hash) = 32),
        hash bytea NULL CHECK (octet_length(hash) = 32),
        CONSTRAINT audit_entries_actor_id CHECK ((actor_type IN ('system', 'intake')) = (actor_id IS NULL)),
        CONSTRAINT audit_entries_sealed_together
          CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL))
      )`);
    // The sealer's work list: committed entries not sealed yet, in id order.
    await q.query(`CREATE INDEX audit_entries_unsealed ON audit_entries (id) WHERE seq IS NULL`);

    await q.query(`
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        hash bytea NOT NULL CHECK (octet_length(hash) = 32),
        signed_at timestamptz(3) NOT NULL,
        key_id text NOT NULL CHECK (char_length(key_id) BETWEEN 1 AND 64),
        signature bytea NOT NULL CHECK (octet_length(signature) = 64)
      )`);

    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // Conditions sit in WHEN clauses, evaluated without calling PL/pgSQL: the legitimate insert and
    // seal paths (thousands a second) pay almost nothing; the refusing function runs only to refuse.
    // INSERT: unsealed only, stamped now by the database (DEFAULT), so it cannot be back-dated.
    await q.query(`
      CREATE TRIGGER audit_entries_insert_unsealed BEFORE INSERT ON audit_entries FOR EACH ROW
        WHEN (NEW.seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.hash IS NOT NULL
              OR NEW.occurred_at < clock_timestamp() - interval '10 seconds'
              OR NEW.occurred_at > clock_timestamp() + interval '1 second')
        EXECUTE FUNCTION audit_refuse_change()`);
    // UPDATE: only sealing — seq, prev_hash, hash set on a row that had none, nothing else changed.
    // COALESCE: a NULL condition must refuse, never let the update through.
    await q.query(`
      CREATE TRIGGER audit_entries_seal_only BEFORE UPDATE ON audit_entries FOR EACH ROW
        WHEN (NOT COALESCE(
          OLD.hash IS NULL AND NEW.hash IS NOT NULL
          AND NEW.id = OLD.id
          AND NEW.occurred_at = OLD.occurred_at
          AND NEW.actor_type = OLD.actor_type
          AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
          AND NEW.action = OLD.action
          AND NEW.target_type IS NOT DISTINCT FROM OLD.target_type
          AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
          AND NEW.details = OLD.details, false))
        EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Reverting drops the log: only for development databases (the owner role may do it).
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
  }
}
