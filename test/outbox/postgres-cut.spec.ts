import { Client } from 'pg';
import { Role } from '../../src/access/permissions';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { buildSealedSubmission, fetchPublicForm, PublicForm } from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { TcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/reports';

type ErrorBody = { error: { code: string } };

/**
 * PostgreSQL cut off between the API and the database (a TCP proxy the test controls): intake
 * answers 503 SERVICE_UNAVAILABLE at once, and a transaction cut in the middle leaves no row
 * behind — no report without its items, slots, receipt, outbox row or audit entry.
 */
describe('intake with PostgreSQL cut off', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let direct: Client;
  let t: TestApp;
  let form: PublicForm;

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.listen();
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    t = await startTestApp({
      databaseUrl: viaProxy.toString(),
      env: { INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0', INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0' },
    });
    await seedDefaultForm(t);
    await createUser(t, { roles: [Role.TRIAGER], totp: false });
    form = await fetchPublicForm(t, 'report');
    direct = new Client({ connectionString: database.url });
    await direct.connect();
  }, 60_000);
  afterAll(async () => {
    await direct.end();
    await t.close();
    await proxy.close();
    await database.drop();
  });

  /** Row counts read straight from PostgreSQL, not through the proxy. */
  async function rowCounts(): Promise<Record<string, number>> {
    const { rows } = await direct.query<{ t: string; n: number }>(
      `SELECT 'reports' AS t, count(*)::int AS n FROM reports
       UNION ALL SELECT 'report_items', count(*)::int FROM report_items
       UNION ALL SELECT 'report_receipts', count(*)::int FROM report_receipts
       UNION ALL SELECT 'case_key_slots', count(*)::int FROM case_key_slots
       UNION ALL SELECT 'outbox', count(*)::int FROM outbox
       UNION ALL SELECT 'audit_entries', count(*)::int FROM audit_entries`,
    );
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  }

  const sealedBody = () => buildSealedSubmission(form, defaultFormAnswers('cut')).body;
  const submit = (body: unknown) => t.post<ErrorBody>('/api/v1/intake/report/reports', body);

  /** After a cut the pool may still hold dead connections; it drops them on first use. */
  async function submitUntilAccepted(): Promise<void> {
    await waitFor(async () => (await submit(sealedBody())).status === 201, 15_000, 'a 201 after restore');
  }

  it('answers 503 SERVICE_UNAVAILABLE in both modes while the database is unreachable, storing nothing', async () => {
    await submitUntilAccepted();
    const before = await rowCounts();
    proxy.cut();
    try {
      const started = Date.now();
      const sealed = await submit(sealedBody());
      const plaintext = await submit({ answers: defaultFormAnswers('cut-plain'), language: 'en' });
      expect({ status: sealed.status, code: sealed.body.error?.code }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
      expect({ status: plaintext.status, code: plaintext.body.error?.code }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      proxy.restore();
    }
    expect(await rowCounts()).toEqual(before);
    await submitUntilAccepted();
    const after = await rowCounts();
    expect(after.reports).toBe(before.reports + 1);
    expect(after.outbox).toBe(before.outbox + 1);
  }, 60_000);

  it('a cut in the middle of the intake transaction leaves no partial rows', async () => {
    await submitUntilAccepted();
    const before = await rowCounts();
    // Cut at the moment the transaction sends its outbox insert: the report, its items and slots
    // were already sent inside the same transaction.
    proxy.cutWhenClientSends('INSERT INTO outbox');
    const cutsBefore = proxy.markerCuts;
    const res = await submit(sealedBody());
    proxy.restore();
    expect(proxy.markerCuts).toBe(cutsBefore + 1);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    // PostgreSQL rolls the transaction back when its connection dies; give it a moment to notice.
    await waitFor(async () => {
      const { rows } = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      return rows[0].n === 0;
    });
    expect(await rowCounts()).toEqual(before);
    await submitUntilAccepted();
    expect((await rowCounts()).reports).toBe(before.reports + 1);
  }, 60_000);
});
