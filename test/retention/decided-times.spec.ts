import { Clock } from '../../src/access/clock';
import { Role } from '../../src/access/permissions';
import { CasesRepository } from '../../src/cases/cases.repository';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionService } from '../../src/retention/retention.service';
import { createSignedInUser } from '../support/factories/users.factory';
import { createTriageForm, pendingReport } from '../support/factories/triage.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

let t: TestApp;
let slug: string;
let now: number;

beforeAll(async () => {
  t = await startTestApp();
  slug = await createTriageForm(t);
});
afterAll(() => t?.close());
beforeEach(async () => {
  now = Date.parse('2026-12-09T13:47:21Z');
  jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  // Each test starts from an empty human queue (a claim takes the oldest waiting report).
  await t.dataSource.query(`UPDATE triage_items SET decision = 'no_action' WHERE decision IS NULL`);
});
afterEach(() => jest.restoreAllMocks());

/** Every timestamp kept of a report, in its own and its owners' tables, as ISO text. */
async function timesOf(id: string): Promise<string[]> {
  const rows = await t.dataSource.query<{ at: Date }[]>(
    `SELECT received_at AS at FROM reports WHERE id = $1 AND received_at IS NOT NULL
     UNION ALL SELECT queued_at FROM reports WHERE id = $1 AND queued_at IS NOT NULL
     UNION ALL SELECT created_at FROM report_items WHERE report_id = $1 AND kind = 'answer'
     UNION ALL SELECT waiting_since FROM triage_items WHERE report_id = $1
     UNION ALL SELECT created_at FROM key_slots WHERE key_id = $1`,
    [id],
  );
  return rows.map((r) => r.at.toISOString());
}
const monthStart = (iso: string) => /^\d{4}-\d{2}-01T00:00:00\.000Z$/.test(iso);

async function decideSpam(): Promise<string> {
  const triager = await createSignedInUser(t, { roles: [Role.TRIAGER] });
  const id = await pendingReport(t, slug);
  const claim = await t.post<{ report: { reportId: string } }>('/api/v1/triage/claim', undefined, {
    token: triager.token,
  });
  expect(claim.body.report.reportId).toBe(id);
  const decided = await t.post(
    `/api/v1/triage/${id}/decision`,
    { decision: 'spam' },
    { token: triager.token },
  );
  expect(decided.status).toBe(200);
  return id;
}

describe('a decided report', () => {
  it('keeps only the month of its arrival, everywhere; an undecided one keeps exact times', async () => {
    const id = await decideSpam();
    const waiting = await pendingReport(t, slug);
    const waitingTimes = await timesOf(waiting);
    expect(waitingTimes.length).toBeGreaterThanOrEqual(5);
    expect(waitingTimes.some((at) => !monthStart(at))).toBe(true);

    const times = await timesOf(id);
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times.filter((at) => !monthStart(at))).toEqual([]);
    const [row] = await t.dataSource.query<{ decided_on: string }[]>(
      `SELECT to_char(decided_on, 'YYYY-MM-DD') AS decided_on FROM reports WHERE id = $1`,
      [id],
    );
    expect(row.decided_on).toBe('2026-12-09'); // the app's clock, not the database's
    expect(await timesOf(waiting)).toEqual(waitingTimes);
  });

  it('decided as spam through triage, is deleted by retention once 7 days have passed, not before', async () => {
    const id = await decideSpam();
    const exists = async () =>
      (await t.dataSource.query<unknown[]>(`SELECT 1 FROM reports WHERE id = $1`, [id])).length === 1;
    now += 7 * DAY_MS; // 7 days to the day: the decision may be less than 7 × 24 h ago
    await t.app.get(RetentionService).run();
    expect(await exists()).toBe(true);
    now += DAY_MS;
    expect((await t.app.get(RetentionService).run()).spam).toBeGreaterThanOrEqual(1);
    expect(await exists()).toBe(false);
  });

  it('in a case (opened or attached) keeps only months too, and the case orders its reports by link, not arrival', async () => {
    const triager = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const first = await pendingReport(t, slug);
    const second = await pendingReport(t, slug);
    const decide = async (id: string, body: Record<string, unknown>) => {
      const claim = await t.post<{ report: { reportId: string } }>('/api/v1/triage/claim', undefined, {
        token: triager.token,
      });
      expect(claim.body.report.reportId).toBe(id);
      const res = await t.post<{ caseId: string }>(`/api/v1/triage/${id}/decision`, body, {
        token: triager.token,
      });
      expect(res.status).toBe(200);
      return res.body;
    };
    const { caseId } = await decide(first, { decision: 'open_case' });
    await decide(second, { decision: 'attach_to_case', caseId });
    for (const id of [first, second]) {
      const times = await timesOf(id);
      expect(times.length).toBeGreaterThanOrEqual(5);
      expect(times.filter((at) => !monthStart(at))).toEqual([]);
    }
    // Arrival no longer decides the order: the report the case was opened from stays first even
    // when it seems to have arrived a month later than the one attached.
    await t.dataSource.query(
      `UPDATE reports SET received_at = received_at + interval '1 month' WHERE id = $1`,
      [first],
    );
    expect(await t.app.get(CasesRepository).reportIdsOf(caseId)).toEqual([first, second]);
  });
});
