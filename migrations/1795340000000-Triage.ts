import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage and the first table of cases:
 * - `report_contact_hints` (reports feature): truncated blind indexes of a report's contact fields,
 *   looked up by (kind, bucket) to find duplicate candidates;
 * - `cases` and `case_reports` (cases feature): a case's key, status and coarse months; which
 *   reports a case holds (their keys are sealed to the case key in key_slots);
 * - `triage_items` (triage feature): one row per report that reached automated triage — its
 *   priority, when it started waiting, the current lease and the decision. The partial index is
 *   the claim order, so that claiming reads from its head whatever the backlog.
 */
export class Triage1795340000000 implements MigrationInterface {
  name = 'Triage1795340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_contact_hints (
        report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        kind smallint NOT NULL CHECK (kind IN (1, 2, 3)),
        bucket integer NOT NULL CHECK (bucket >= 0),
        PRIMARY KEY (report_id, kind, bucket)
      )`);
    await q.query(`CREATE INDEX report_contact_hints_bucket ON report_contact_hints (kind, bucket)`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        key_id uuid NOT NULL UNIQUE REFERENCES keys (id),
        status text NOT NULL DEFAULT 'verifying' CHECK (status IN (
          'verifying', 'accepted', 'planning', 'in_transit', 'sheltered', 'relocated', 'closed',
          'on_hold', 'rejected')),
        version integer NOT NULL DEFAULT 1,
        created_month text NOT NULL CHECK (created_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        updated_month text NOT NULL CHECK (updated_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
      )`);
    await q.query(`
      CREATE TABLE case_reports (
        report_id uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX case_reports_case ON case_reports (case_id)`);
    await q.query(`
      CREATE TABLE triage_items (
        report_id uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        priority smallint NOT NULL CHECK (priority BETWEEN 0 AND 2),
        waiting_since timestamptz NOT NULL,
        lease_holder uuid NULL REFERENCES users (id) ON DELETE SET NULL,
        lease_expires_at timestamptz NULL,
        hints_computed boolean NOT NULL DEFAULT false,
        decision text NULL CHECK (decision IN ('open_case', 'attach_to_case', 'duplicate', 'spam', 'no_action')),
        note bytea NULL
      )`);
    await q.query(
      `CREATE INDEX triage_items_claim_order ON triage_items (priority DESC, waiting_since, report_id)
         WHERE decision IS NULL`,
    );
    await q.query(
      `CREATE INDEX triage_items_leases ON triage_items (lease_holder) WHERE decision IS NULL AND lease_holder IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE triage_items`);
    await q.query(`DROP TABLE case_reports`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE report_contact_hints`);
  }
}
