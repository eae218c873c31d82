import type { DataSource } from 'typeorm';

/**
 * Rows for statistics tests with chosen plain columns, many at once. Statistics only ever reads
 * plain columns, and a table needs dozens to hundreds of rows per test: submitting each through
 * intake (a sealed envelope per answer) or opening each case through triage would cost seconds
 * per row and say nothing more about what is counted. So these insert the plain rows directly —
 * each with its own key row, as the schema requires — and nothing sealed (no items, no slots).
 */

export interface PlainReports {
  count: number;
  /** `YYYY-MM`: received on the 15th of that month, noon UTC. */
  month: string;
  region?: string | null;
  categories?: string[];
  urgent?: boolean;
  channel?: 'web' | 'api' | 'bot' | 'partner' | 'phone';
  status?: string;
}

/** The form every plain report belongs to: the default form must exist (newForm(tier, { default: true })). */
async function anyFormVersion(db: DataSource): Promise<{ form_id: string; version: number }> {
  const [row] = await db.query<{ form_id: string; version: number }[]>(
    `SELECT form_id, version FROM form_versions ORDER BY form_id, version LIMIT 1`,
  );
  if (!row) throw new Error('plain reports need a form: create the default form first');
  return row;
}

export async function insertPlainReports(db: DataSource, rows: PlainReports): Promise<void> {
  if (rows.count === 0) return;
  const form = await anyFormVersion(db);
  await db.query(
    `WITH k AS (
       INSERT INTO keys (id, kind, public_key)
       SELECT gen_random_uuid(), 'report', decode(repeat('00', 32), 'hex') FROM generate_series(1, $1)
       RETURNING id)
     INSERT INTO reports (id, form_id, form_version, channel, status, region, categories, urgent, key_id, received_at)
     SELECT gen_random_uuid(), $2, $3, $4, $5, $6, $7, $8, k.id, ($9 || '-15T12:00:00Z')::timestamptz FROM k`,
    [
      rows.count,
      form.form_id,
      form.version,
      rows.channel ?? 'web',
      rows.status ?? 'received',
      rows.region === undefined ? 'north' : rows.region,
      rows.categories ?? [],
      rows.urgent ?? false,
      rows.month,
    ],
  );
}

export interface PlainCases {
  count: number;
  /** The month the case was opened (`created_month`). */
  month: string;
  region?: string | null;
  status?: string;
  outcome?: string | null;
  /** Closed month (needed with an outcome). */
  closedMonth?: string;
  needs?: string[];
  risks?: string[];
  milestones?: string[];
  /** The month the case reached `relocated` (a case_history row): counts it as evacuated. */
  relocatedMonth?: string;
}

export async function insertPlainCases(db: DataSource, rows: PlainCases): Promise<void> {
  if (rows.count === 0) return;
  const status = rows.status ?? 'verifying';
  const ids = await db.query<{ id: string }[]>(
    `WITH k AS (
       INSERT INTO keys (id, kind, public_key)
       SELECT gen_random_uuid(), 'case', decode(repeat('00', 32), 'hex') FROM generate_series(1, $1)
       RETURNING id)
     INSERT INTO cases (id, key_id, status, created_month, updated_month, region, outcome, closed_month, held_from)
     SELECT gen_random_uuid(), k.id, $2, $3, $3, $4, $5, $6, $7 FROM k RETURNING id`,
    [
      rows.count,
      status,
      rows.month,
      rows.region === undefined ? 'north' : rows.region,
      rows.outcome ?? null,
      rows.closedMonth ?? null,
      status === 'on_hold' ? 'accepted' : null,
    ],
  );
  const caseIds = ids.map((r) => r.id);
  const each = async (table: string, column: string, values: string[] | undefined, extra = '') => {
    for (const value of values ?? [])
      await db.query(
        `INSERT INTO ${table} (case_id, ${column}${extra ? ', month' : ''})
         SELECT id, $2${extra ? ', $3' : ''} FROM unnest($1::uuid[]) AS id`,
        extra ? [caseIds, value, extra] : [caseIds, value],
      );
  };
  await each('case_needs', 'need', rows.needs);
  await each('case_risks', 'risk', rows.risks);
  await each('case_milestones', 'milestone', rows.milestones, rows.month);
  if (rows.relocatedMonth)
    await db.query(
      `INSERT INTO case_history (case_id, seq, from_status, to_status, month)
       SELECT id, 1, 'sheltered', 'relocated', $2 FROM unnest($1::uuid[]) AS id`,
      [caseIds, rows.relocatedMonth],
    );
}
