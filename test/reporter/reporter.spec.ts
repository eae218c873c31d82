import { SessionStore } from '../../src/sessions/session-store';
import { generateReceipt } from '../../src/crypto';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { submitPlaintext } from '../support/factories/reports.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { Role } from '../../src/access/permissions';
import { startTestApp, TestApp } from '../support/test-app';
import { latestReportId } from '../intake/support';

type ErrorBody = { error: { code: string } };

describe('reporter follow-up', () => {
  let t: TestApp;
  let receipt: string;
  let reportId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0' } });
    await seedDefaultForm(t);
    receipt = await submitPlaintext(t, 'report', defaultFormAnswers('reporter'));
    reportId = await latestReportId(t);
  });
  afterAll(() => t.close());

  const open = (body: unknown) =>
    t.post<{ token: string; expiresAt: string } & ErrorBody>('/api/v1/reporter/session', body);

  it('every failure to open a session is the same slow 401 REPORTER_SESSION_FAILED', async () => {
    const bodies = [
      { receipt: generateReceipt() },
      { receipt: 'not a receipt' },
      {},
      { receipt: 42 },
      [],
      { receipt: 'x'.repeat(100) },
    ];
    for (const body of bodies) {
      const started = Date.now();
      const res = await open(body);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({
        status: 401,
        code: 'REPORTER_SESSION_FAILED',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    }
  });

  it('the receipt opens a session (audited); status follows the report coarsely', async () => {
    const res = await open({ receipt });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const opened = await t.dataSource.query<
      { actor_type: string; actor_id: string | null; target_id: string | null }[]
    >(`SELECT actor_type, actor_id, target_id FROM audit_entries WHERE action = 'reporter.session_opened'`);
    expect(opened).toEqual([{ actor_type: 'reporter', actor_id: null, target_id: null }]);
    const view = async () =>
      (
        await t.get<{ status: string; submittedMonth: string }>('/api/v1/reporter/report', {
          token: res.body.token,
        })
      ).body;
    expect(await view()).toMatchObject({
      status: 'received',
      submittedMonth: new Date().toISOString().slice(0, 7),
    });
    for (const [status, shown] of [
      ['in_triage', 'in_review'],
      ['case_opened', 'in_progress'],
      ['spam', 'closed'],
    ]) {
      await t.dataSource.query(`UPDATE reports SET status = $1 WHERE id = $2`, [status, reportId]);
      expect((await view()).status).toBe(shown);
    }
    await t.dataSource.query(`UPDATE reports SET status = 'received' WHERE id = $1`, [reportId]);
  });

  it('the reporter routes refuse a missing, forged or caseworker token with 401', async () => {
    const caseworker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    for (const token of [undefined, 'A'.repeat(43), 'short', caseworker.token]) {
      const view = await t.get<ErrorBody>('/api/v1/reporter/report', { token });
      expect({ status: view.status, code: view.body.error.code }).toEqual({
        status: 401,
        code: 'REPORTER_UNAUTHENTICATED',
      });
      const post = await t.post<ErrorBody>('/api/v1/reporter/messages', { text: 'hi' }, { token });
      expect(post.status).toBe(401);
    }
  });

  it('invalid messages are refused with their own code and store nothing', async () => {
    const { body } = await open({ receipt });
    const count = async () =>
      Number(
        (await t.dataSource.query(`SELECT count(*) AS n FROM report_items WHERE kind = 'message'`))[0].n,
      );
    const before = await count();
    for (const bad of [
      { text: '' },
      { text: '   ' },
      { text: 'x'.repeat(16 * 1024 + 1) },
      { text: 5 },
      {},
      { text: 'a\ud800' },
    ]) {
      const res = await t.post<ErrorBody>('/api/v1/reporter/messages', bad, { token: body.token });
      expect({ status: res.status, code: res.body.error.code }).toEqual({
        status: 400,
        code: 'REPORTER_INVALID_MESSAGE',
      });
    }
    expect(await count()).toBe(before);
  });

  it("keeps the report id out of the audit entries of the reporter's anonymous acts", async () => {
    const session = await open({ receipt });
    expect(
      (await t.post('/api/v1/reporter/messages', { text: 'a follow-up' }, { token: session.body.token }))
        .status,
    ).toBe(201);
    const actions = await t.dataSource.query<{ action: string }[]>(
      `SELECT DISTINCT action FROM audit_entries ORDER BY action`,
    );
    // The acts happened and were audited …
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['report.submitted', 'reporter.message_added', 'reporter.session_opened']),
    );
    // … and no entry names the report: not as target, actor or detail.
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entries
        WHERE target_id = $1 OR actor_id = $1 OR details::text LIKE '%' || $1 || '%'`,
      [reportId],
    );
    expect(n).toBe(0);
  });

  it('a session sees only its own report', async () => {
    const otherReceipt = await submitPlaintext(t, 'report', defaultFormAnswers('other'));
    const mine = await open({ receipt });
    const other = await open({ receipt: otherReceipt });
    await t.post(
      '/api/v1/reporter/messages',
      { text: 'only in the other thread' },
      { token: other.body.token },
    );
    const view = await t.get<{ messages: { text: string }[] }>('/api/v1/reporter/report', {
      token: mine.body.token,
    });
    expect(view.body.messages.map((m) => m.text)).not.toContain('only in the other thread');
  });

  it('lockdown ends reporter sessions too', async () => {
    const { body } = await open({ receipt });
    expect((await t.get('/api/v1/reporter/report', { token: body.token })).status).toBe(200);
    const pattern = `${t.config.redis.prefix}:reporter-session:*`;
    expect((await t.redis.connection.keys(pattern)).length).toBeGreaterThan(0);
    await t.app.get(SessionStore).endAll();
    expect((await t.get('/api/v1/reporter/report', { token: body.token })).status).toBe(401);
    // The wrapped case keys are gone from Redis, not merely refused.
    expect(await t.redis.connection.keys(pattern)).toEqual([]);
  });

  it('opening sessions is rate-limited per address (429, not the generic error)', async () => {
    const limited = await startTestApp({
      databaseUrl: t.config.database.url,
      env: { REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '2' },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await limited.post('/api/v1/reporter/session', { receipt })).status);
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.app.close();
    }
  });
});

describe('reporter message limits per report', () => {
  let t: TestApp;
  const env = { REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0' };

  beforeAll(async () => {
    t = await startTestApp({ env });
    await seedDefaultForm(t);
  });
  afterAll(() => t.close());

  /** A node with these limits on the same database and Redis, and a session on a fresh report. */
  async function withLimits(limits: Record<string, string>) {
    const node = await startTestApp({ databaseUrl: t.config.database.url, env: { ...env, ...limits } });
    const receipt = await submitPlaintext(t, 'report', defaultFormAnswers('limits'));
    const reportId = await latestReportId(t);
    const { token } = (await node.post<{ token: string }>('/api/v1/reporter/session', { receipt })).body;
    const send = (text: string) =>
      node.post<ErrorBody & { error: { details?: { retryAfterSeconds?: number } } }>(
        '/api/v1/reporter/messages',
        { text },
        { token },
      );
    return { node, reportId, send };
  }

  const reporterMessages = async (reportId: string) =>
    Number(
      (
        await t.dataSource.query(
          `SELECT count(*) AS n FROM report_items WHERE report_id = $1 AND kind = 'message' AND author = 'reporter'`,
          [reportId],
        )
      )[0].n,
    );

  it('answers 429 REPORTER_MESSAGE_RATE_LIMITED over the hourly rate, keyed by a pseudonym', async () => {
    const { node, reportId, send } = await withLimits({
      REPORTER_MESSAGES_PER_HOUR: '2',
      REPORTER_MAX_MESSAGES_PER_REPORT: '0',
    });
    try {
      expect((await send('one')).status).toBe(201);
      expect((await send('two')).status).toBe(201);
      const refused = await send('three');
      expect({ status: refused.status, code: refused.body.error.code }).toEqual({
        status: 429,
        code: 'REPORTER_MESSAGE_RATE_LIMITED',
      });
      expect(refused.body.error.details?.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.body.error.details?.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect(await reporterMessages(reportId)).toBe(2);
      const keys = await t.redis.connection.keys(`${t.config.redis.prefix}:abuse:rl:reporter-message:*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/:abuse:rl:reporter-message:[0-9a-f]{32}:\d+$/);
      expect(keys[0]).not.toContain(reportId);
      expect(await t.redis.connection.pttl(keys[0])).toBeGreaterThan(0);
    } finally {
      await node.app.close();
    }
  });

  it('answers 429 REPORTER_MESSAGE_LIMIT_REACHED at the cap, also under concurrent sends', async () => {
    const { node, reportId, send } = await withLimits({
      REPORTER_MESSAGES_PER_HOUR: '0',
      REPORTER_MAX_MESSAGES_PER_REPORT: '3',
    });
    try {
      expect((await send('one')).status).toBe(201);
      const racing = await Promise.all(['a', 'b', 'c', 'd'].map((text) => send(text)));
      expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 429, 429]);
      const refused = await send('late');
      expect({ status: refused.status, code: refused.body.error.code }).toEqual({
        status: 429,
        code: 'REPORTER_MESSAGE_LIMIT_REACHED',
      });
      expect(await reporterMessages(reportId)).toBe(3);
    } finally {
      await node.app.close();
    }
  });
});
