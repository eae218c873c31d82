import { Clock } from '../../src/access/clock';
import { Role } from '../../src/access/permissions';
import { createSignedInUser } from '../support/factories/users.factory';
import {
  createTriageForm,
  pendingReport,
  runTriageJob,
  submitTriageReport,
} from '../support/factories/triage.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

let t: TestApp;
let slug: string;
let now: number;

beforeAll(async () => {
  t = await startTestApp();
  slug = await createTriageForm(t);
});
afterAll(() => t?.close());
beforeEach(async () => {
  now = Date.parse('2026-12-01T12:00:00Z');
  jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  // Each test starts from an empty human queue.
  await t.dataSource.query(`UPDATE triage_items SET decision = 'no_action' WHERE decision IS NULL`);
});
afterEach(() => jest.restoreAllMocks());

const MINUTE = 60_000;
type Claim = { report: { reportId: string; priority: string }; lease: { expiresAt: string } };

async function triagers(n: number) {
  return Promise.all(Array.from({ length: n }, () => createSignedInUser(t, { roles: [Role.TRIAGER] })));
}
const claim = (token: string) => t.post<Claim>('/api/v1/triage/claim', undefined, { token });
const decide = (token: string, id: string, body: unknown = { decision: 'no_action' }) =>
  t.post<{ error?: { code: string } }>(`/api/v1/triage/${id}/decision`, body, { token });
const renew = (token: string, id: string) =>
  t.post<{ expiresAt?: string; error?: { code: string } }>(`/api/v1/triage/${id}/lease`, undefined, {
    token,
  });

describe('leases', () => {
  it('a lease expires by itself: a crashed claimer’s report comes back, and only the holder decides', async () => {
    const [a, b] = await triagers(2);
    const id = await pendingReport(t, slug);

    const first = await claim(a.token);
    expect(first.status).toBe(200);
    expect(first.body.report.reportId).toBe(id);
    expect(Date.parse(first.body.lease.expiresAt)).toBe(now + 15 * MINUTE);
    expect((await claim(b.token)).status).toBe(204);
    const refused = await decide(b.token, id);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('TRIAGE_LEASE_NOT_HELD');

    now += 14 * MINUTE; // still A's
    expect((await claim(b.token)).status).toBe(204);
    now += 2 * MINUTE; // A "crashed": the lease ran out
    const second = await claim(b.token);
    expect(second.status).toBe(200);
    expect(second.body.report.reportId).toBe(id);

    expect((await renew(a.token, id)).body.error?.code).toBe('TRIAGE_LEASE_NOT_HELD');
    expect((await decide(a.token, id)).status).toBe(409);
    const renewed = await renew(b.token, id);
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt!)).toBe(now + 15 * MINUTE);

    expect((await decide(b.token, id)).status).toBe(200);
    const again = await decide(b.token, id);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('TRIAGE_ALREADY_DECIDED');
    const [{ status }] = await t.dataSource.query(`SELECT status FROM reports WHERE id = $1`, [id]);
    expect(status).toBe('no_action');
  });

  it('a renewal keeps the report past the first expiry; a release hands it back at once', async () => {
    const [a, b] = await triagers(2);
    const id = await pendingReport(t, slug);
    expect((await claim(a.token)).body.report.reportId).toBe(id);
    now += 10 * MINUTE;
    expect((await renew(a.token, id)).status).toBe(200);
    now += 10 * MINUTE; // past the first lease, within the renewed one
    expect((await claim(b.token)).status).toBe(204);
    const released = await t.post(`/api/v1/triage/${id}/release`, undefined, { token: a.token });
    expect(released.status).toBe(200);
    expect((await claim(b.token)).body.report.reportId).toBe(id);
  });

  it('refuses a claim over TRIAGE_MAX_LEASES, changing nothing', async () => {
    const [a] = await triagers(1);
    for (let i = 0; i < 4; i++) await pendingReport(t, slug);
    for (let i = 0; i < 3; i++) expect((await claim(a.token)).status).toBe(200);
    const over = await claim(a.token);
    expect(over.status).toBe(409);
    expect((over.body as unknown as { error: { code: string } }).error.code).toBe('TRIAGE_LEASE_LIMIT');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM triage_items WHERE decision IS NULL AND lease_holder IS NULL`,
    );
    expect(n).toBe(1);
  });

  it('orders urgent first (weights add up), then raised, then normal, oldest first within each', async () => {
    const [a] = await triagers(1);
    const normal = await pendingReport(t, slug);
    const raised = await pendingReport(t, slug, { wants_evacuation: true });
    const urgentOld = await pendingReport(t, slug, { detained_now: true });
    const urgentNew = await pendingReport(t, slug, { detained_now: true, wants_evacuation: true });
    const order: string[] = [];
    const priorities: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await claim(a.token);
      order.push(c.body.report.reportId);
      priorities.push(c.body.report.priority);
      expect((await decide(a.token, c.body.report.reportId)).status).toBe(200);
    }
    expect(order).toEqual([urgentOld, urgentNew, raised, normal]);
    expect(priorities).toEqual(['urgent', 'urgent', 'raised', 'normal']);
  });

  it('the processor is idempotent: a second delivery changes nothing', async () => {
    const id = await submitTriageReport(t, slug, { detained_now: true });
    const audits = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.queued'`,
        )
      )[0].n;
    const before = await audits();
    expect(await runTriageJob(t, id)).toEqual({ marked: true, queued: true });
    const row = await t.dataSource.query(
      `SELECT priority, waiting_since FROM triage_items WHERE report_id = $1`,
      [id],
    );
    expect(await runTriageJob(t, id)).toEqual({ marked: false, queued: false });
    expect(await audits()).toBe(before + 1);
    expect(
      await t.dataSource.query(`SELECT priority, waiting_since FROM triage_items WHERE report_id = $1`, [id]),
    ).toEqual(row);
    expect(row[0].priority).toBe(2);
  });
});
