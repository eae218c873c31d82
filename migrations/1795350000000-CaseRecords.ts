import { MigrationInterface, QueryRunner } from 'typeorm';

const MONTH = `~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`;
const OPEN_STATUSES = `'verifying', 'accepted', 'planning', 'in_transit', 'sheltered', 'relocated'`;
const OUTCOMES = `'relocated_abroad', 'relocated_in_country', 'stayed_with_support', 'returned',
  'lost_contact', 'declined_help', 'deceased', 'other'`;
const NEEDS = `'shelter', 'medical', 'psychological', 'legal', 'documents', 'travel', 'money', 'communication'`;
const RISKS = `'family_threat', 'police_or_security_services', 'being_tracked', 'entrapment', 'health'`;
const MILESTONES = `'left_region', 'reached_safe_house', 'documents_obtained', 'left_country',
  'arrived_at_destination', 'asylum_filed'`;
const STATUSES = `${OPEN_STATUSES}, 'closed', 'on_hold', 'rejected'`;

/**
 * The plain (statistical) columns of a case, owned by the cases feature (lists in
 * src/cases/case-vocabulary.ts):
 * - `cases`: the outcome of a closed case, the status an `on_hold` case returns to, the region
 *   (copied from the opening report's plain region), the month it was closed or rejected
 *   (retention counts from it), and two days — when the status was entered and when the case was
 *   last worked on — kept at day precision because the timed rules ("in verifying for more than
 *   3 days", "no update for 14 days") need no finer;
 * - `case_needs`, `case_risks`: the fixed-list needs and risks of a case;
 * - `case_milestones`: the milestones reached, with the month kept plain and the details sealed to
 *   the case key (bytea, bound to the row);
 * - `case_history`: one row per status transition (from, to, actor, month, outcome), the reason
 *   sealed to the case key.
 */
export class CaseRecords1795350000000 implements MigrationInterface {
  name = 'CaseRecords1795350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN outcome text NULL CHECK (outcome IN (${OUTCOMES})),
        ADD COLUMN held_from text NULL CHECK (held_from IN (${OPEN_STATUSES})),
        ADD COLUMN region text NULL CHECK (region ~ '^[a-z0-9_]{1,48}$'),
        ADD COLUMN closed_month text NULL CHECK (closed_month ${MONTH}),
        ADD COLUMN status_day date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
        ADD COLUMN activity_day date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
        ADD CONSTRAINT cases_outcome_only_when_closed CHECK (outcome IS NULL OR status = 'closed'),
        ADD CONSTRAINT cases_held_from_only_on_hold CHECK ((held_from IS NULL) = (status <> 'on_hold'))`);
    await q.query(`CREATE INDEX cases_status ON cases (status)`);
    await q.query(`CREATE INDEX cases_updated_month ON cases (updated_month, id)`);
    await q.query(`
      CREATE TABLE case_needs (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        need text NOT NULL CHECK (need IN (${NEEDS})),
        PRIMARY KEY (case_id, need)
      )`);
    await q.query(`CREATE INDEX case_needs_need ON case_needs (need)`);
    await q.query(`
      CREATE TABLE case_risks (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        risk text NOT NULL CHECK (risk IN (${RISKS})),
        PRIMARY KEY (case_id, risk)
      )`);
    await q.query(`CREATE INDEX case_risks_risk ON case_risks (risk)`);
    await q.query(`
      CREATE TABLE case_milestones (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        milestone text NOT NULL CHECK (milestone IN (${MILESTONES})),
        month text NOT NULL CHECK (month ${MONTH}),
        details bytea NULL,
        PRIMARY KEY (case_id, milestone)
      )`);
    await q.query(`
      CREATE TABLE case_history (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        from_status text NULL CHECK (from_status IN (${STATUSES})),
        to_status text NOT NULL CHECK (to_status IN (${STATUSES})),
        outcome text NULL CHECK (outcome IN (${OUTCOMES})),
        actor_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
        month text NOT NULL CHECK (month ${MONTH}),
        reason bytea NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE INDEX case_history_to_status ON case_history (to_status, month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_history`);
    await q.query(`DROP TABLE case_milestones`);
    await q.query(`DROP TABLE case_risks`);
    await q.query(`DROP TABLE case_needs`);
    await q.query(`DROP INDEX cases_updated_month`);
    await q.query(`DROP INDEX cases_status`);
    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT cases_held_from_only_on_hold,
        DROP CONSTRAINT cases_outcome_only_when_closed,
        DROP COLUMN activity_day,
        DROP COLUMN status_day,
        DROP COLUMN closed_month,
        DROP COLUMN region,
        DROP COLUMN held_from,
        DROP COLUMN outcome`);
  }
}
