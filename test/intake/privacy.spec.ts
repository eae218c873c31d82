import { randomBytes } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { normaliseReceipt } from '../../src/crypto';
import { ReportMessagesService } from '../../src/reports/report-messages.service';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import {
  buildSealedSubmission,
  fetchPublicForm,
  submitPlaintext,
} from '../support/factories/reports.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { latestReportId, principalOf, readAsTriager } from './support';

const canary = (name: string) => `CANARY${name}${randomBytes(6).toString('hex')}`;

/** Every text-like column of every table, searched for each needle (bytea as UTF-8 bytes). */
async function findInDatabase(t: TestApp, needles: string[]): Promise<string[]> {
  const columns = await t.dataSource.query<{ table_name: string; column_name: string; data_type: string }[]>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public'
        AND data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED')`,
  );
  expect(columns.length).toBeGreaterThan(20);
  const hits: string[] = [];
  for (const c of columns) {
    const col = `"${c.column_name}"`;
    const match =
      c.data_type === 'bytea'
        ? `position(convert_to(n, 'UTF8') in ${col}) > 0`
        : `strpos(${col}::text, n) > 0`;
    const [{ found }] = await t.dataSource.query(
      `SELECT count(*)::int AS found FROM "${c.table_name}" WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) n WHERE ${match})`,
      [needles],
    );
    if (found) hits.push(`${c.table_name}.${c.column_name}`);
  }
  return hits;
}

/** Every Redis key under this test's prefix, and every value, as text. */
async function redisDump(t: TestApp): Promise<string> {
  const r = t.redis.connection;
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${t.config.redis.prefix}:*`, 'COUNT', 500);
    for (const key of keys) {
      parts.push(key);
      const type = await r.type(key);
      if (type === 'string') parts.push(String(await r.get(key)));
      else if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await r.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await r.zrange(key, 0, -1, 'WITHSCORES')));
      else if (type === 'stream') parts.push(JSON.stringify(await r.xrange(key, '-', '+')));
    }
    cursor = next;
  } while (cursor !== '0');
  return parts.join('\n');
}

describe('privacy: no canary in the database, Redis or logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: true, logLevel: 'trace' });
    await seedDefaultForm(t);
  });
  afterAll(() => t.close());

  it('after both modes, invalid submissions, reporter sessions and messages in both directions', async () => {
    const triager = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const needles: string[] = [];
    const answers = (tag: string) => {
      const [a, b, c] = [canary(`${tag}story`), canary(`${tag}handle`), canary(`${tag}name`)];
      needles.push(a, b, c);
      return { ...defaultFormAnswers(), what_happened: a, contact_handle: b, name_or_alias: c };
    };

    const plainReceipt = await submitPlaintext(t, 'report', answers('plain'));
    const plainId = await latestReportId(t);
    const form = await fetchPublicForm(t, 'report');
    const sealed = buildSealedSubmission(form, answers('sealed'));
    expect((await t.post('/api/v1/intake/report/reports', sealed.body)).status).toBe(201);

    // Refused submissions carrying canaries (in values and in keys) leave no trace either.
    const refusedValue = canary('refusedvalue');
    const refusedKey = canary('refusedkey');
    needles.push(refusedValue, refusedKey);
    await t.post('/api/v1/intake/report/reports', {
      answers: { ...defaultFormAnswers(), region: refusedValue },
    });
    await t.post('/api/v1/intake/report/reports', {
      answers: { ...defaultFormAnswers(), [refusedKey]: 'x' },
    });
    await t.post('/api/v1/intake/report/reports', {
      answers: { ...defaultFormAnswers(), name_or_alias: `${refusedValue}\u0007` },
    });

    for (const [receipt, reportId] of [
      [plainReceipt, plainId],
      [sealed.receipt, sealed.reportId],
    ]) {
      needles.push(receipt, normaliseReceipt(receipt)!);
      const toReporter = canary('toreporter');
      const fromReporter = canary('fromreporter');
      needles.push(toReporter, fromReporter);
      await t.dataSource.transaction((m) =>
        t.app.get(ReportMessagesService).addCaseworkerMessage(m, reportId, triager.id, toReporter),
      );
      const session = await t.post<{ token: string }>('/api/v1/reporter/session', { receipt });
      needles.push(session.body.token);
      const view = await t.get<{ messages: { text: string }[] }>('/api/v1/reporter/report', {
        token: session.body.token,
      });
      expect(view.body.messages[0].text).toBe(toReporter);
      expect(
        (await t.post('/api/v1/reporter/messages', { text: fromReporter }, { token: session.body.token }))
          .status,
      ).toBe(201);
      // A triager reads it (decryption is audited; the audit entry must not hold content).
      const report = await readAsTriager(t, await principalOf(t, triager.token), reportId);
      expect(Object.values(report.answers)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^CANARY/)]),
      );
    }
    await t.post('/api/v1/reporter/session', { receipt: `${plainReceipt.slice(0, -1)}0` });

    // The outbox relay has moved both reports into the triage queue (Redis holds their jobs).
    const jobKeys = [plainId, sealed.reportId].map((id) => `${t.config.redis.prefix}:triage:${id}`);
    for (let i = 0; i < 100 && (await t.redis.connection.exists(...jobKeys)) < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const redis = await redisDump(t);
    expect(redis).toContain(plainId);

    expect(await findInDatabase(t, needles)).toEqual([]);
    expect(needles.filter((n) => redis.includes(n))).toEqual([]);
    expect(t.logs.lines.length).toBeGreaterThan(10);
    expect(needles.filter((n) => t.logs.text.includes(n))).toEqual([]);
    // Sanity: the scan finds what is there.
    expect(await findInDatabase(t, [plainId, 'chechnya'])).toEqual(
      expect.arrayContaining(['audit_entries.target_id', 'reports.region', 'reports.statistics']),
    );
  });
});
