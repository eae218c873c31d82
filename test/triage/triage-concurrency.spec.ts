import { Role } from '../../src/access/permissions';
import { createSignedInUser } from '../support/factories/users.factory';
import { createTriageForm, pendingReport } from '../support/factories/triage.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

const REPORTS = 500;
const CLAIMERS = 20;

let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await startTestApp({ env: { DATABASE_POOL_SIZE: '10' } });
  // A second API node on the same database and Redis.
  b = await startTestApp({ databaseUrl: a.config.database.url });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

it(`${CLAIMERS} claimers on two API nodes take ${REPORTS} reports each exactly once, urgent then oldest`, async () => {
  const slug = await createTriageForm(a);
  const claimers = [];
  for (let i = 0; i < CLAIMERS; i++) claimers.push(await createSignedInUser(a, { roles: [Role.TRIAGER] }));
  const ids: string[] = [];
  for (let i = 0; i < REPORTS; i++) ids.push(await pendingReport(a, slug, { detained_now: i % 5 === 0 }));
  const rank = new Map<string, [number, number]>(
    (
      await a.dataSource.query<{ report_id: string; priority: number; waiting_since: Date }[]>(
        `SELECT report_id, priority, waiting_since FROM triage_items`,
      )
    ).map((r) => [r.report_id, [r.priority, r.waiting_since.getTime()]]),
  );

  const unexpected: string[] = [];
  const sequences = await Promise.all(
    claimers.map(async (claimer, i) => {
      const node = i % 2 === 0 ? a : b;
      const seen: string[] = [];
      for (;;) {
        const claim = await node.post<{ report: { reportId: string } }>('/api/v1/triage/claim', undefined, {
          token: claimer.token,
        });
        if (claim.status === 204) return seen;
        if (claim.status !== 200) {
          unexpected.push(`claim ${claim.status}`);
          return seen;
        }
        seen.push(claim.body.report.reportId);
        const decided = await node.post(
          `/api/v1/triage/${claim.body.report.reportId}/decision`,
          { decision: 'no_action' },
          { token: claimer.token },
        );
        if (decided.status !== 200) unexpected.push(`decision ${decided.status}`);
      }
    }),
  );

  expect(unexpected).toEqual([]);
  const all = sequences.flat();
  expect(all).toHaveLength(REPORTS);
  expect(new Set(all).size).toBe(REPORTS);
  expect(new Set(all)).toEqual(new Set(ids));
  // Within each claimer's sequence: priority never rises, and within one priority age never falls.
  for (const seq of sequences) {
    for (let k = 1; k < seq.length; k++) {
      const [p0, t0] = rank.get(seq[k - 1])!;
      const [p1, t1] = rank.get(seq[k])!;
      expect(p1 < p0 || (p1 === p0 && t1 >= t0)).toBe(true);
    }
  }
  expect(sequences.filter((s) => s.length > 0).length).toBeGreaterThan(1);
});
