import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports and their encrypted items. Plain columns hold only coarse statistical values (month,
 * fixed-choice answers, channel, status); every answer and message is an envelope sealed to the
 * report's case public key. `received_at` is exact because triage needs it while the report waits;
 * it is coarsened once triaged (a later issue). The receipt is never stored: only a peppered
 * lookup id of a value derived from it.
 */
export class Reports1795240552121 implements MigrationInterface {
  name = 'Reports1795240552121';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        form_id uuid NOT NULL,
        form_version integer NOT NULL,
        channel text NOT NULL CHECK (channel IN ('web', 'api', 'bot', 'partner', 'phone')),
        status text NOT NULL DEFAULT 'received'
          CHECK (status IN ('received', 'in_triage', 'case_opened', 'attached', 'duplicate', 'spam', 'no_action', 'closed')),
        language text NULL CHECK (language ~ '^[a-z]{2}$'),
        incident_month text NULL CHECK (incident_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        region text NULL CHECK (region ~ '^[a-z0-9_]{1,48}$'),
        categories text[] NOT NULL DEFAULT '{}',
        statistics jsonb NOT NULL DEFAULT '{}',
        urgency_flags text[] NOT NULL DEFAULT '{}',
        urgent boolean NOT NULL DEFAULT false,
        case_public_key bytea NOT NULL CHECK (octet_length(case_public_key) = 32),
        message_seq integer NOT NULL DEFAULT 0,
        received_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NULL,
        CONSTRAINT reports_form_version_fk
          FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version)
      )`);
    await q.query(
      `CREATE INDEX reports_waiting ON reports (received_at) WHERE status = 'received' AND queued_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE report_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('answer', 'message')),
        item_key text NOT NULL CHECK (item_key ~ '^[a-z0-9_]{1,48}$'),
        author text NULL CHECK (author IN ('reporter', 'caseworker', 'operator')),
        envelope bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_items_author CHECK ((kind = 'message') = (author IS NOT NULL)),
        CONSTRAINT report_items_unique UNIQUE (report_id, kind, item_key)
      )`);
    await q.query(`
      CREATE TABLE report_receipts (
        lookup_id text PRIMARY KEY CHECK (lookup_id ~ '^[A-Za-z0-9_-]{43}$'),
        report_id uuid NOT NULL UNIQUE REFERENCES reports (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_receipts`);
    await q.query(`DROP TABLE report_items`);
    await q.query(`DROP TABLE reports`);
  }
}
