import { Clock, utcDay } from '../../src/access/clock';
import { Role } from '../../src/access/permissions';
import { generateReceipt } from '../../src/crypto';
import { ReportsService } from '../../src/reports/reports.service';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionService } from '../../src/retention/retention.service';
import { latestReportId } from '../intake/support';
import { newCase } from '../support/factories/cases.factory';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { submitPlaintext } from '../support/factories/reports.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

type ErrorBody = { error: { code: string } };
const NOW = Date.UTC(2026, 5, 20, 12, 0, 0);
const daysAgo = (n: number) => utcDay(NOW - n * DAY_MS);

let t: TestApp;
let admin: string;
let coordinator: string;
let pendingCoordinator: string;
let triager: string;
let coordinatorId: string;

beforeAll(async () => {
  t = await startTestApp({ env: { REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0' } });
  jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(NOW);
  await seedDefaultForm(t);
  admin = (await createSignedInUser(t, { roles: [Role.ADMIN] })).token;
  const c = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  coordinator = c.token;
  coordinatorId = c.id;
  pendingCoordinator = (await createSignedInUser(t, { roles: [Role.COORDINATOR], teamMember: false })).token;
  triager = (await createSignedInUser(t, { roles: [Role.TRIAGER] })).token;
});
afterAll(() => t?.close());

const put = <T>(path: string, token: string, body?: unknown) =>
  t.request<T & ErrorBody>('PUT', path, { token, body });
const del = <T>(path: string, token: string) => t.request<T & ErrorBody>('DELETE', path, { token });

describe('PUT /forms/:slug/retention', () => {
  const path = '/api/v1/forms/report/retention';

  it('sets and resets per-kind days, answers what applies, and audits the days only', async () => {
    const res = await put<{ policies: { kind: string; days: number; overridden: boolean }[] }>(path, admin, {
      days: { 'receipt.decided': 30, 'report.no_action': 365 },
    });
    expect(res.status).toBe(200);
    expect(res.body.policies).toEqual(
      expect.arrayContaining([
        { kind: 'receipt.decided', days: 30, defaultDays: 90, overridden: true },
        { kind: 'report.no_action', days: 365, defaultDays: 90, overridden: true },
        { kind: 'report.spam', days: 7, defaultDays: 7, overridden: false },
      ]),
    );
    expect((await t.get(path, { token: admin })).body).toEqual(res.body);
    const [entry] = await t.dataSource.query<{ details: string; target_type: string }[]>(
      `SELECT details, target_type FROM audit_entries WHERE action = 'retention.policy_changed' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry.target_type).toBe('form');
    expect(JSON.parse(entry.details)).toEqual({ 'receipt.decided': 30, 'report.no_action': 365 });

    const reset = await put<{ policies: { kind: string; days: number }[] }>(path, admin, {
      days: { 'report.no_action': null },
    });
    expect(reset.body.policies.find((p) => p.kind === 'report.no_action')).toMatchObject({ days: 90 });
    await put(path, admin, { days: { 'report.no_action': 365 } });
  });

  it('refuses bad bodies with stable codes', async () => {
    for (const body of [
      {},
      { days: {} },
      { days: { 'receipt.decided': 0 } },
      { days: { nope: 3 } },
      { days: { 'case.closed': 1.5 } },
    ])
      expect(await put(path, admin, body).then((r) => [r.status, r.body.error?.code])).toEqual([
        400,
        'RETENTION_INVALID_REQUEST',
      ]);
    const tooLong = await put(path, admin, { days: { 'case.closed': 3_651 } });
    expect([tooLong.status, tooLong.body.error.code]).toEqual([422, 'RETENTION_DAYS_TOO_LONG']);
    const unknown = await put('/api/v1/forms/no-such-form/retention', admin, { days: { 'case.closed': 3 } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'FORM_NOT_FOUND']);
  });
});

describe('receipt expiry', () => {
  const open = (receipt: string) =>
    t.post<{ token: string } & ErrorBody>('/api/v1/reporter/session', { receipt });

  async function decided(ago: number) {
    const receipt = await submitPlaintext(t, 'report', defaultFormAnswers(`r${ago}`));
    const reportId = await latestReportId(t);
    await t.dataSource.transaction((m) =>
      t.app.get(ReportsService).setStatus(m, reportId, 'no_action', daysAgo(ago)),
    );
    return { receipt, reportId };
  }

  it('an expired receipt answers exactly as an unknown one; the run deletes its lookup and reporter slot only', async () => {
    // The form keeps receipts 30 days and no_action reports 365 (set above).
    const expired = await decided(31);
    const fresh = await decided(29);
    const held = await decided(60);
    const hold = await put<{ legalHold: boolean }>(`/api/v1/reports/${held.reportId}/legal-hold`, triager);
    expect([hold.status, hold.body]).toEqual([200, { id: held.reportId, legalHold: true }]);

    // Same status, code and message (the request id differs per request, of course).
    const bare = (r: { status: number; body: ErrorBody }) => {
      const { requestId, ...error } = r.body.error as ErrorBody['error'] & { requestId?: string };
      expect(requestId).toBeDefined();
      return [r.status, error];
    };
    const unknown = await open(generateReceipt());
    const answer = await open(expired.receipt);
    expect(bare(answer)).toEqual(bare(unknown));
    expect(answer.status).toBe(401);
    expect((await open(fresh.receipt)).status).toBe(201);
    expect((await open(held.receipt)).status).toBe(201);

    expect(await t.app.get(RetentionService).previewReceipts()).toBe(1);
    const counts = await t.app.get(RetentionService).run();
    expect(counts.receiptsExpired).toEqual({ reports: 1, receipts: 1, slots: 1 });
    const slots = await t.dataSource.query<{ key_id: string; holder_type: string }[]>(
      `SELECT key_id, holder_type FROM key_slots WHERE key_id = ANY ($1::uuid[]) ORDER BY holder_type`,
      [[expired.reportId, fresh.reportId, held.reportId]],
    );
    const of = (id: string) => slots.filter((s) => s.key_id === id).map((s) => s.holder_type);
    expect(of(expired.reportId)).not.toContain('reporter');
    expect(of(expired.reportId)).toContain('recovery');
    expect(of(fresh.reportId)).toContain('reporter');
    expect(of(held.reportId)).toContain('reporter');
    const receipts = await t.dataSource.query<{ report_id: string }[]>(
      `SELECT report_id FROM report_receipts WHERE report_id = ANY ($1::uuid[])`,
      [[expired.reportId, fresh.reportId, held.reportId]],
    );
    expect(receipts.map((r) => r.report_id).sort()).toEqual([fresh.reportId, held.reportId].sort());
    expect(await t.app.get(ReportsService).findById(expired.reportId)).not.toBeNull();
    const [entry] = await t.dataSource.query<{ details: string; target_id: string | null }[]>(
      `SELECT details, target_id FROM audit_entries WHERE action = 'retention.receipts_expired'`,
    );
    expect(entry.target_id).toBeNull();
    expect(JSON.parse(entry.details)).toEqual({ reports: 1, receipts: 1, slots: 1 });

    const released = await del<{ legalHold: boolean }>(
      `/api/v1/reports/${held.reportId}/legal-hold`,
      triager,
    );
    expect(released.body.legalHold).toBe(false);
    expect((await open(held.receipt)).status).toBe(401);
  });

  it('a report the caller cannot reach is NOT_FOUND', async () => {
    const { reportId } = await decided(1);
    for (const token of [coordinator, pendingCoordinator]) {
      const res = await put(`/api/v1/reports/${reportId}/legal-hold`, token);
      expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
  });
});

describe('case postponement and legal hold', () => {
  let caseId: string;

  beforeAll(async () => {
    const slug = await createTriageForm(t);
    ({ caseId } = await newCase(t, { slug, openerId: coordinatorId }));
  });

  it('postpones with a day after today; refuses bad bodies and days out of range', async () => {
    const path = `/api/v1/cases/${caseId}/retention/postpone`;
    const until = utcDay(NOW + 20 * DAY_MS);
    const res = await t.post(path, { until, reason: 'an inquiry is open' }, { token: coordinator });
    expect([res.status, res.body]).toEqual([200, { id: caseId, legalHold: false, retainUntil: until }]);
    for (const body of [
      {},
      { until },
      { until: '2026-02-30', reason: 'r' },
      { until, reason: '' },
      { until, reason: 'r', x: 1 },
    ]) {
      const bad = await t.post<ErrorBody>(path, body, { token: coordinator });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'CASE_INVALID_REQUEST']);
    }
    const past = await t.post<ErrorBody>(path, { until: utcDay(NOW), reason: 'r' }, { token: coordinator });
    expect([past.status, past.body.error.code]).toEqual([422, 'CASE_POSTPONE_OUT_OF_RANGE']);
    const log = t.logs.text;
    expect(log).not.toContain('an inquiry is open');
  });

  it('sets and lifts a legal hold', async () => {
    const on = await put(`/api/v1/cases/${caseId}/legal-hold`, coordinator);
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id: caseId, legalHold: true });
    const off = await del(`/api/v1/cases/${caseId}/legal-hold`, coordinator);
    expect(off.body).toMatchObject({ id: caseId, legalHold: false });
  });

  it('a case the caller cannot read answers 404 on every route, like a missing one', async () => {
    const until = utcDay(NOW + 20 * DAY_MS);
    for (const token of [pendingCoordinator, triager]) {
      const answers = [
        await t.post<ErrorBody>(
          `/api/v1/cases/${caseId}/retention/postpone`,
          { until, reason: 'r' },
          { token },
        ),
        await put(`/api/v1/cases/${caseId}/legal-hold`, token),
        await del(`/api/v1/cases/${caseId}/legal-hold`, token),
      ];
      for (const a of answers) expect([a.status, a.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
  });
});
