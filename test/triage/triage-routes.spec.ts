import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { generateCaseKeyPair } from '../../src/crypto';
import { ReportsService } from '../../src/reports/reports.service';
import {
  buildSealedSubmission,
  fetchPublicForm,
  insertBareReport,
} from '../support/factories/reports.factory';
import { ALL_ROLES, createSignedInUser, signedInUserPerRole } from '../support/factories/users.factory';
import { createTriageForm, pendingReport, runTriageJob } from '../support/factories/triage.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

let t: TestApp;
let slug: string;

beforeAll(async () => {
  t = await startTestApp();
  slug = await createTriageForm(t);
});
afterAll(() => t?.close());

const clearQueue = () =>
  t.dataSource.query(`UPDATE triage_items SET decision = 'no_action' WHERE decision IS NULL`);
type Claimed = { report: { reportId: string; answers: Record<string, unknown>; duplicateHints: unknown[] } };

describe('authorisation matrix', () => {
  it('answers every role, no session, a foreign report and a malformed id with the literal statuses', async () => {
    await clearQueue();
    const users = await signedInUserPerRole(t);
    const foreign = randomUUID();
    const status = async (method: string, path: string, token?: string, body?: unknown) =>
      (await t.request(method, `/api/v1${path}`, { token, body })).status;
    const expected: Record<Role, number> = {
      [Role.ADMIN]: 403,
      [Role.COORDINATOR]: 403,
      [Role.TRIAGER]: 200,
      [Role.CASEWORKER]: 403,
      [Role.OPERATOR]: 403,
      [Role.ANALYST]: 403,
      [Role.AUDITOR]: 403,
    };
    for (const role of ALL_ROLES) {
      const token = users[role].token;
      const ok = expected[role];
      expect([role, await status('GET', '/triage/queue', token)]).toEqual([role, ok]);
      expect([role, await status('POST', '/triage/claim', token)]).toEqual([role, ok === 200 ? 204 : ok]);
      for (const act of ['lease', 'release'])
        expect([role, act, await status('POST', `/triage/${foreign}/${act}`, token)]).toEqual([
          role,
          act,
          ok === 200 ? 404 : ok,
        ]);
      expect([
        role,
        await status('POST', `/triage/${foreign}/decision`, token, { decision: 'spam' }),
      ]).toEqual([role, ok === 200 ? 404 : ok]);
    }
    for (const [method, path] of [
      ['GET', '/triage/queue'],
      ['POST', '/triage/claim'],
      ['POST', `/triage/${foreign}/lease`],
      ['POST', `/triage/${foreign}/release`],
      ['POST', `/triage/${foreign}/decision`],
    ])
      expect(await status(method, path)).toBe(401);
    const triager = users[Role.TRIAGER].token;
    expect(await status('POST', '/triage/not-a-uuid/lease', triager)).toBe(400);
    expect(await status('POST', `/triage/${foreign}/decision`, triager, { decision: 'attach_to_case' })).toBe(
      400,
    );
  });

  it('a pending team member’s claim answers TEAM_MEMBERSHIP_PENDING and leaves the report unclaimed', async () => {
    await clearQueue();
    const id = await pendingReport(t, slug);
    // Given the role, not yet the triage team key.
    const late = await createSignedInUser(t, { roles: [Role.TRIAGER], teamMember: false });
    const res = await t.post<{ error: { code: string } }>('/api/v1/triage/claim', undefined, {
      token: late.token,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('TEAM_MEMBERSHIP_PENDING');
    const [row] = await t.dataSource.query(`SELECT lease_holder FROM triage_items WHERE report_id = $1`, [
      id,
    ]);
    expect(row.lease_holder).toBeNull();
  });
});

describe('queue counts, decisions and duplicate hints', () => {
  it('counts by priority and age without ids; hints join phone formats and name only readable reports', async () => {
    await clearQueue();
    const a = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const first = await pendingReport(t, slug, { phone: '+7 (928) 123-45-67', detained_now: true });
    const second = await pendingReport(t, slug, { phone: '89281234567' });
    await pendingReport(t, slug, { phone: '+7 999 000 11 22' });

    const queue = await t.get<Record<string, unknown>>('/api/v1/triage/queue', { token: a.token });
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({
      total: 3,
      leased: 0,
      waiting: { urgent: { under_1h: 1 }, normal: { under_1h: 2 } },
      failedJobs: { triage: 0, notifications: 0 },
    });
    expect(queue.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);

    const c1 = await t.post<Claimed>('/api/v1/triage/claim', undefined, { token: a.token });
    expect(c1.body.report.reportId).toBe(first);
    expect(c1.body.report.answers.phone).toBe('+7 (928) 123-45-67');
    expect(c1.body.report.duplicateHints).toEqual([{ reportId: second }]);
    const opened = await t.post<{ caseId: string }>(
      `/api/v1/triage/${first}/decision`,
      { decision: 'open_case', note: 'canary-note' },
      { token: a.token },
    );
    expect(opened.status).toBe(200);

    const c2 = await t.post<Claimed>('/api/v1/triage/claim', undefined, { token: a.token });
    expect(c2.body.report.reportId).toBe(second);
    // The first report is in a case A can read: the case is named instead.
    expect(c2.body.report.duplicateHints).toEqual([{ caseId: opened.body.caseId }]);
    const unknownCase = await t.post<{ error: { code: string } }>(
      `/api/v1/triage/${second}/decision`,
      { decision: 'attach_to_case', caseId: randomUUID() },
      { token: a.token },
    );
    expect(unknownCase.status).toBe(404);
    expect(unknownCase.body.error.code).toBe('TRIAGE_CASE_NOT_FOUND');
    const attached = await t.post(
      `/api/v1/triage/${second}/decision`,
      { decision: 'attach_to_case', caseId: opened.body.caseId },
      { token: a.token },
    );
    expect(attached.status).toBe(200);
    const statuses = await t.dataSource.query(
      `SELECT id, status FROM reports WHERE id = ANY($1) ORDER BY status`,
      [[first, second]],
    );
    expect(statuses).toEqual([
      { id: second, status: 'attached' },
      { id: first, status: 'case_opened' },
    ]);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM key_slots s JOIN cases c ON c.key_id = s.holder_key_id
        WHERE s.holder_type = 'key' AND s.key_id = ANY($1)`,
      [[first, second]],
    );
    expect(n).toBe(2);
    const audit = await t.dataSource.query(
      `SELECT details::text AS d FROM audit_entries WHERE action = 'triage.decided'`,
    );
    expect(audit.map((r: { d: string }) => r.d).join()).not.toContain('canary');

    // A report in the same bucket that the caller's keys do not reach is never named.
    const unreachable = randomUUID();
    await insertBareReport(t, unreachable, generateCaseKeyPair().publicKey);
    const [hint] = await t.dataSource.query(
      `SELECT kind, bucket FROM report_contact_hints WHERE report_id = $1`,
      [first],
    );
    await t.app.get(ReportsService).addContactHints(t.dataSource.manager, unreachable, [hint]);
    await clearQueue();
    const third = await pendingReport(t, slug, { phone: '8 928 123 45 67' });
    const c3 = await t.post<Claimed>('/api/v1/triage/claim', undefined, { token: a.token });
    expect(c3.body.report.reportId).toBe(third);
    expect(c3.body.report.duplicateHints).toEqual([{ caseId: opened.body.caseId }]);
    const original = await t.post<{ error: { code: string } }>(
      `/api/v1/triage/${third}/decision`,
      { decision: 'duplicate', duplicateOf: unreachable },
      { token: a.token },
    );
    expect([original.status, original.body.error.code]).toEqual([404, 'TRIAGE_REPORT_NOT_FOUND']);
    const duplicate = await t.post(
      `/api/v1/triage/${third}/decision`,
      { decision: 'duplicate', duplicateOf: opened.body.caseId },
      { token: a.token },
    );
    expect(duplicate.status).toBe(200);
  });
});

describe('duplicate hints of sealed-mode reports', () => {
  it('are computed when a triager first opens the report, and then join a plaintext report', async () => {
    await clearQueue();
    const a = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const sealed = buildSealedSubmission(await fetchPublicForm(t, slug), {
      story: 'canary-sealed',
      phone: '+7 928 555 44 33',
      detained_now: false,
      wants_evacuation: false,
    });
    expect((await t.post(`/api/v1/intake/${slug}/reports`, sealed.body)).status).toBe(201);
    await runTriageJob(t, sealed.reportId);
    const stored = () =>
      t.dataSource.query(`SELECT kind FROM report_contact_hints WHERE report_id = $1`, [sealed.reportId]);
    expect(await stored()).toEqual([]); // the server never saw the number
    const plain = await pendingReport(t, slug, { phone: '8 (928) 555-44-33' });

    const claimed = await t.post<Claimed>('/api/v1/triage/claim', undefined, { token: a.token });
    expect(claimed.body.report.reportId).toBe(sealed.reportId);
    expect(claimed.body.report.answers.phone).toBe('+7 928 555 44 33');
    expect(claimed.body.report.duplicateHints).toEqual([{ reportId: plain }]);
    expect(await stored()).toEqual([{ kind: 1 }]);
    await t.post(`/api/v1/triage/${sealed.reportId}/decision`, { decision: 'no_action' }, { token: a.token });
    const next = await t.post<Claimed>('/api/v1/triage/claim', undefined, { token: a.token });
    expect(next.body.report.reportId).toBe(plain);
    expect(next.body.report.duplicateHints).toEqual([{ reportId: sealed.reportId }]);
  });
});
