import { Role } from '../../src/access/permissions';
import { AuditAction } from '../../src/audit/audit-action';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { buildSealedSubmission, fetchPublicForm, PublicForm } from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { QueueAdd, recordQueueAdds } from './support/queue-adds';
import { OwnRedisServer } from './support/redis-server';
import { countRows, waitFor } from './support/reports';

/**
 * The mission's reliability promise: with Redis down, intake still answers 201 (it writes only to
 * PostgreSQL), and once Redis is back every report reaches the triage queue exactly once and the
 * triage processor marks it queued exactly once.
 */
describe('intake through a Redis outage', () => {
  let redis: OwnRedisServer;
  let t: TestApp;
  let form: PublicForm;
  let adds: () => QueueAdd[];
  const isQueued = async (id: string) =>
    (await t.dataSource.query(`SELECT 1 FROM reports WHERE id = $1 AND queued_at IS NOT NULL`, [id]))
      .length === 1;

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    t = await startTestApp({ withWorker: true, env: { REDIS_URL: redis.url } });
    await seedDefaultForm(t);
    await createUser(t, { roles: [Role.TRIAGER], totp: false });
    form = await fetchPublicForm(t, 'report');
    adds = recordQueueAdds(t.app);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  async function submitSealed(): Promise<string> {
    const { body, reportId } = buildSealedSubmission(form, defaultFormAnswers('outage'));
    const res = await t.post('/api/v1/intake/report/reports', body);
    expect(res.status).toBe(201);
    return reportId;
  }

  it('answers 201 while Redis is down, then queues every report exactly once when it returns', async () => {
    const before = await submitSealed();
    await waitFor(() => isQueued(before), 10_000, 'the first report marked queued');

    await redis.stop();
    const during: string[] = [];
    for (let i = 0; i < 6; i++) during.push(await submitSealed());
    const plaintext = await t.post<{ receipt: string }>('/api/v1/intake/report/reports', {
      answers: defaultFormAnswers('outage-plain'),
      language: 'en',
    });
    expect(plaintext.status).toBe(201);
    expect(plaintext.body.receipt).toEqual(expect.any(String));
    const [{ id: plaintextId }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM reports WHERE id <> ALL($1::uuid[]) ORDER BY received_at DESC LIMIT 1`,
      [[before, ...during]],
    );
    during.push(plaintextId);
    // Nothing could be relayed: every report waits in the outbox, none is marked queued.
    expect(await countRows(t.dataSource, 'outbox')).toBe(during.length);

    await redis.start();
    await waitFor(
      async () => {
        const rows = await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM reports WHERE id = ANY($1::uuid[]) AND queued_at IS NOT NULL`,
          [during],
        );
        return rows[0].n === during.length;
      },
      30_000,
      'every report marked queued',
    );
    expect(await countRows(t.dataSource, 'outbox')).toBe(0);

    // Exactly once, counted at the producer and by effects (a done job leaves no record in BullMQ):
    // one job added per report, and one REPORT_QUEUED entry per queued report (the entries name no
    // report: see triage processor).
    const byReport = adds().map((a) => a.reportId);
    for (const id of during)
      expect({ id, jobs: byReport.filter((r) => r === id).length }).toEqual({ id, jobs: 1 });
    expect(await queuedAuditEntries()).toBe(await queuedReports());
  }, 90_000);

  it('a duplicate delivery after the outage changes nothing', async () => {
    const id = await submitSealed();
    await waitFor(() => isQueued(id), 10_000, 'the report marked queued');
    const entriesBefore = await queuedAuditEntries();
    expect(entriesBefore).toBe(await queuedReports());
    const [{ queued_at: first }] = await t.dataSource.query<{ queued_at: Date }[]>(
      `SELECT queued_at FROM reports WHERE id = $1`,
      [id],
    );
    // The same report relayed again (as after a relay crash between add and delete).
    await t.dataSource.query(
      `INSERT INTO outbox (queue, job_name, entity_id) VALUES ('triage', 'report.received', $1)`,
      [id],
    );
    await waitFor(async () => (await countRows(t.dataSource, 'outbox')) === 0, 10_000, 'an empty outbox');
    const [{ queued_at: after }] = await t.dataSource.query<{ queued_at: Date }[]>(
      `SELECT queued_at FROM reports WHERE id = $1`,
      [id],
    );
    expect(after).toEqual(first);
    expect(await queuedAuditEntries()).toBe(entriesBefore);
  }, 30_000);

  async function queuedAuditEntries(): Promise<number> {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = $1 AND target_id IS NULL`,
      [AuditAction.REPORT_QUEUED],
    );
    return n;
  }

  async function queuedReports(): Promise<number> {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reports WHERE queued_at IS NOT NULL`,
    );
    return n;
  }
});
