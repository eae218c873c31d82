import { migrationTestDataSource } from '../support/test-database';

/**
 * MinimisationAfterUse on a database that already holds work: decided reports lose their exact
 * times, reports still in triage keep them, case links get their order from arrival, and `down`
 * drops what `up` added (the months stay: coarsening cannot be undone).
 */
describe('migration MinimisationAfterUse', () => {
  const dataSource = migrationTestDataSource();
  const q = <T = unknown>(sql: string, params: unknown[] = []) => dataSource().query<T>(sql, params);

  const FORM = '6f0c6f0e-1b4e-4f3a-9d2c-000000000001';
  const id = (n: number) => `6f0c6f0e-1b4e-4f3a-9d2c-${String(n).padStart(12, '0')}`;
  // Reports: a decided one, one still waiting, and the two reports of a case (4 arrived first).
  const DECIDED = id(11);
  const WAITING = id(12);
  const OPENED = id(13);
  const ATTACHED = id(14);
  const CASE = id(20);
  const EXACT = '2026-03-14T10:11:12.345Z';
  const MONTH = '2026-03-01T00:00:00.000Z';

  const lastMigration = async () =>
    (await q<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`))[0].name;

  async function undoThroughMinimisationAfterUse(): Promise<void> {
    while ((await lastMigration()) !== 'MinimisationAfterUse1795530000000')
      await dataSource().undoLastMigration();
    await dataSource().undoLastMigration();
  }

  async function seedReport(reportId: string, status: string, receivedAt: string): Promise<void> {
    await q(`INSERT INTO keys (id, kind, public_key) VALUES ($1, 'report', $2)`, [
      reportId,
      Buffer.alloc(32, 7),
    ]);
    await q(
      `INSERT INTO reports (id, form_id, form_version, channel, status, received_at, queued_at, key_id, decided_on)
       VALUES ($1, $2, 1, 'web', $3, $4, $4, $1, CASE WHEN $3 = 'spam' THEN DATE '2026-03-20' END)`,
      [reportId, FORM, status, receivedAt],
    );
    await q(
      `INSERT INTO report_items (report_id, kind, item_key, envelope, created_at) VALUES ($1, 'answer', 'story', $2, $3)`,
      [reportId, Buffer.alloc(40, 1), receivedAt],
    );
    await q(
      `INSERT INTO report_items (report_id, kind, item_key, author, envelope, created_at)
       VALUES ($1, 'message', 'reply', 'reporter', $2, $3)`,
      [reportId, Buffer.alloc(40, 2), receivedAt],
    );
    await q(`INSERT INTO triage_items (report_id, priority, waiting_since) VALUES ($1, 1, $2)`, [
      reportId,
      receivedAt,
    ]);
    await q(
      `INSERT INTO key_slots (key_id, holder_type, sealed_key, created_at) VALUES ($1, 'recovery', $2, $3)`,
      [reportId, Buffer.alloc(80, 3), receivedAt],
    );
  }

  const iso = (value: Date | null) => (value ? value.toISOString() : null);

  async function timesOf(reportId: string) {
    const [report] = await q<{ received_at: Date; queued_at: Date }[]>(
      `SELECT received_at, queued_at FROM reports WHERE id = $1`,
      [reportId],
    );
    const items = await q<{ kind: string; created_at: Date }[]>(
      `SELECT kind, created_at FROM report_items WHERE report_id = $1 ORDER BY kind`,
      [reportId],
    );
    const [triage] = await q<{ waiting_since: Date }[]>(
      `SELECT waiting_since FROM triage_items WHERE report_id = $1`,
      [reportId],
    );
    const [slot] = await q<{ created_at: Date }[]>(`SELECT created_at FROM key_slots WHERE key_id = $1`, [
      reportId,
    ]);
    return {
      received: iso(report.received_at),
      queued: iso(report.queued_at),
      answer: iso(items.find((i) => i.kind === 'answer')!.created_at),
      message: iso(items.find((i) => i.kind === 'message')!.created_at),
      waiting: iso(triage.waiting_since),
      slot: iso(slot.created_at),
    };
  }

  beforeAll(async () => {
    await undoThroughMinimisationAfterUse();
    expect(await lastMigration()).not.toBe('MinimisationAfterUse1795530000000');
    await q(`INSERT INTO forms (id, slug, current_version) VALUES ($1, 'migration-form', 1)`, [FORM]);
    await q(`INSERT INTO form_versions (form_id, version, definition) VALUES ($1, 1, '{}')`, [FORM]);
    await seedReport(DECIDED, 'spam', EXACT);
    await seedReport(WAITING, 'received', EXACT);
    await seedReport(OPENED, 'case_opened', '2026-02-10T08:00:00.001Z');
    await seedReport(ATTACHED, 'attached', '2026-01-20T08:00:00.001Z');
    await q(`INSERT INTO keys (id, kind, public_key) VALUES ($1, 'case', $2)`, [CASE, Buffer.alloc(32, 9)]);
    await q(
      `INSERT INTO cases (id, key_id, created_month, updated_month) VALUES ($1, $1, '2026-02', '2026-02')`,
      [CASE],
    );
    // Linked in the opposite order to arrival: the migration numbers them by arrival.
    await q(`INSERT INTO case_reports (report_id, case_id) VALUES ($1, $3), ($2, $3)`, [
      OPENED,
      ATTACHED,
      CASE,
    ]);
    await dataSource().runMigrations();
  });

  it('keeps only the month of every time of a report that left triage', async () => {
    expect(await timesOf(DECIDED)).toEqual({
      received: MONTH,
      queued: MONTH,
      answer: MONTH,
      // Messages are coarsened by the retention run after RETENTION_EXACT_TIMES_DAYS, not here.
      message: EXACT,
      waiting: MONTH,
      slot: MONTH,
    });
    expect((await timesOf(OPENED)).received).toBe('2026-02-01T00:00:00.000Z');
  });

  it('leaves the exact times of a report still waiting for triage', async () => {
    expect(await timesOf(WAITING)).toEqual({
      received: EXACT,
      queued: EXACT,
      answer: EXACT,
      message: EXACT,
      waiting: EXACT,
      slot: EXACT,
    });
  });

  it('numbers a case’s reports by arrival and continues the sequence for new links', async () => {
    const links = await q<{ report_id: string; seq: string }[]>(
      `SELECT report_id, seq FROM case_reports WHERE case_id = $1 ORDER BY seq`,
      [CASE],
    );
    expect(links.map((l) => l.report_id)).toEqual([ATTACHED, OPENED]);
    const later = id(15);
    await seedReport(later, 'attached', EXACT);
    const [{ seq }] = await q<{ seq: string }[]>(
      `INSERT INTO case_reports (report_id, case_id) VALUES ($1, $2) RETURNING seq`,
      [later, CASE],
    );
    expect(Number(seq)).toBeGreaterThan(Math.max(...links.map((l) => Number(l.seq))));
  });

  it('indexes only the slots whose time is still exact', async () => {
    const [{ def }] = await q<{ def: string }[]>(
      `SELECT pg_get_indexdef('key_slots_exact_times'::regclass) AS def`,
    );
    expect(def).toMatch(/WHERE \(created_at <> /);
    const exact = await q<{ key_id: string }[]>(
      `SELECT key_id FROM key_slots
        WHERE created_at <> date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' ORDER BY key_id`,
    );
    expect(exact.map((s) => s.key_id)).toEqual([WAITING, id(15)]);
  });

  it('refuses a postponement reason without its day', async () => {
    await expect(
      q(`UPDATE reports SET retain_reason = $2 WHERE id = $1`, [DECIDED, Buffer.alloc(48)]),
    ).rejects.toThrow(/reports_retain_reason_with_day/);
  });

  it('round-trips: down drops the column, indexes and order and keeps the months; up brings them back', async () => {
    await undoThroughMinimisationAfterUse();
    const columns = await q<{ c: string }[]>(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
        WHERE (table_name = 'case_reports' AND column_name = 'seq') OR (table_name = 'reports' AND column_name = 'retain_reason')`,
    );
    expect(columns).toEqual([]);
    expect(
      await q(`SELECT to_regclass('key_slots_exact_times') AS a, to_regclass('case_reports_case_seq') AS b`),
    ).toEqual([{ a: null, b: null }]);
    expect((await timesOf(DECIDED)).received).toBe(MONTH);
    await dataSource().runMigrations();
    expect(await lastMigration()).not.toBe('Minimisation1795404000000');
    expect(await q(`SELECT to_regclass('key_slots_exact_times')::text AS a`)).toEqual([
      { a: 'key_slots_exact_times' },
    ]);
  });
});
