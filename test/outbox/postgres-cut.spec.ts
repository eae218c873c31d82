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

const STATEMENT_TIMEOUT_MS = 1500;
/** Slack on top of a configured timeout: scheduling on a shared 2-core machine, the response itself. */
const SLACK_MS = 1000;

/**
 * PostgreSQL cut off between the API and the database (a TCP proxy the test controls): intake
 * answers 503 SERVICE_UNAVAILABLE at once, and a cut while the submission is in flight leaves no
 * partial report — never a report without its items, slots, receipt, outbox row or audit entry.
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
      env: {
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
        // Short, so the silent partition below is bounded by it within the test's time.
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      },
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
       UNION ALL SELECT 'keys', count(*)::int FROM keys
       UNION ALL SELECT 'key_slots', count(*)::int FROM key_slots
       UNION ALL SELECT 'outbox', count(*)::int FROM outbox
       UNION ALL SELECT 'audit_entries', count(*)::int FROM audit_entries`,
    );
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  }

  /** The pool's connection timeout, as the application configured it. */
  const connectionTimeoutMs = () =>
    (t.dataSource.options as { extra: { connectionTimeoutMillis: number } }).extra.connectionTimeoutMillis;

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
      // A reset connection is noticed at once; a new one is refused by the proxy at once. So each
      // answer must come well inside the pool's connection timeout, the longest wait configured.
      const connectTimeoutMs = connectionTimeoutMs();
      let started = Date.now();
      const sealed = await submit(sealedBody());
      expect(Date.now() - started).toBeLessThan(connectTimeoutMs);
      started = Date.now();
      const plaintext = await submit({ answers: defaultFormAnswers('cut-plain'), language: 'en' });
      expect(Date.now() - started).toBeLessThan(connectTimeoutMs);
      expect({ status: sealed.status, code: sealed.body.error?.code }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
      expect({ status: plaintext.status, code: plaintext.body.error?.code }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
    } finally {
      proxy.restore();
    }
    expect(await rowCounts()).toEqual(before);
    await submitUntilAccepted();
    const after = await rowCounts();
    expect(after.reports).toBe(before.reports + 1);
    expect(after.outbox).toBe(before.outbox + 1);
  }, 60_000);

  /** Waits until PostgreSQL has ended every backend whose client the proxy cut. */
  async function cutBackendsGone(): Promise<void> {
    await waitFor(async () => {
      const { rows } = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      return rows[0].n === 0;
    });
  }

  it('a cut as the intake statement is sent answers 503 and stores nothing', async () => {
    await submitUntilAccepted();
    const before = await rowCounts();
    // The whole submission is one prepared statement; its name is in every message that runs it.
    proxy.cutWhenClientSends('corridor_insert_submission');
    const cutsBefore = proxy.markerCuts;
    const res = await submit(sealedBody());
    proxy.restore();
    expect(proxy.markerCuts).toBe(cutsBefore + 1);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    await cutBackendsGone();
    expect(await rowCounts()).toEqual(before);
    await submitUntilAccepted();
    expect((await rowCounts()).reports).toBe(before.reports + 1);
  }, 60_000);

  it('a cut after the server has the statement leaves the report whole or absent, never partial', async () => {
    await submitUntilAccepted();
    const before = await rowCounts();
    await submitUntilAccepted();
    const oneReport = Object.fromEntries(
      Object.entries(await rowCounts()).map(([table, n]) => [table, n - before[table]]),
    );
    expect(oneReport.reports).toBe(1);
    const baseline = await rowCounts();
    proxy.cutAfterClientSends('corridor_insert_submission');
    const res = await submit(sealedBody());
    proxy.restore();
    // The client cannot know whether the commit happened: 503, never a 201 or a 500.
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    await cutBackendsGone();
    const delta = Object.fromEntries(
      Object.entries(await rowCounts()).map(([table, n]) => [table, n - baseline[table]]),
    );
    const nothing = Object.fromEntries(Object.keys(delta).map((table) => [table, 0]));
    expect([nothing, oneReport]).toContainEqual(delta);
  }, 60_000);
  it('a silent partition (sockets open, nothing forwarded) answers 503 within the configured timeouts, storing nothing', async () => {
    await submitUntilAccepted();
    const before = await rowCounts();
    proxy.partition();
    try {
      // A pooled connection waits for an answer that never comes; a new one for a handshake that
      // never completes. Either way the configured timeouts, not TCP, must end the wait.
      const bound = Math.max(connectionTimeoutMs(), STATEMENT_TIMEOUT_MS) + SLACK_MS;
      const started = Date.now();
      const res = await submit(sealedBody());
      const elapsed = Date.now() - started;
      expect({ status: res.status, code: res.body.error?.code }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
      expect(elapsed).toBeLessThan(bound);
    } finally {
      proxy.restore();
    }
    await cutBackendsGone();
    expect(await rowCounts()).toEqual(before);
    await submitUntilAccepted();
    expect((await rowCounts()).reports).toBe(before.reports + 1);
  }, 60_000);
});
