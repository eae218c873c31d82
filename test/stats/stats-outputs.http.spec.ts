import { DOMParser } from '@xmldom/xmldom';
import { Role } from '../../src/access/permissions';
import type { StatsAnswer } from '../../src/stats/stats-answer';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { insertPlainReports } from '../support/factories/stats.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let analyst: string;
const counts: Record<string, number[]> = { north: [17, 23, 2], south: [9, 31, 14] };

beforeAll(async () => {
  // DP on with a budget of exactly three queries of ε = 0.5.
  t = await startTestApp({
    env: { STATS_DP_ENABLED: 'true', STATS_DP_EPSILON_PER_QUERY: '0.5', STATS_DP_BUDGET_PER_PERIOD: '1.5' },
  });
  await seedDefaultForm(t);
  analyst = (await createSignedInUser(t, { roles: [Role.ANALYST] })).token;
  for (const [region, months] of Object.entries(counts))
    for (const [i, count] of months.entries())
      await insertPlainReports(t.dataSource, { count, month: `2019-0${i + 1}`, region });
});
afterAll(() => t?.close());

const query = 'subject=reports&groupBy=month,region&from=2019-01&to=2019-03';
const queriedEntries = async () =>
  (
    await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'stats.queried'`,
    )
  )[0].n;

describe('statistics outputs over HTTP', () => {
  it('CSV, chart and statement each answer one protected, audited release of the same table', async () => {
    const json = await t.get<StatsAnswer>(`/api/v1/stats?${query}`, { token: analyst });
    expect(json.status).toBe(200);
    const suppressed = json.body.cells.filter((c) => c.suppressed).length;
    expect(suppressed).toBeGreaterThan(0); // north March (2) is small

    const before = await queriedEntries();
    const csv = await t.get(`/api/v1/stats/export.csv?${query}`, { token: analyst });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="stats-reports-/);
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(1 + json.body.cells.length);
    // The suppressed cells have no number in the CSV either.
    expect(rows.filter((r) => r.includes(',true,')).length).toBe(suppressed);

    const svg = await t.get(`/api/v1/stats/chart.svg?${query}&kind=bar&by=month`, { token: analyst });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const doc = new DOMParser().parseFromString(svg.text, 'image/svg+xml');
    expect(doc.documentElement?.nodeName).toBe('svg');

    const statement = await t.get<{ statement: string; language: string }>(
      `/api/v1/stats/statement?subject=reports&groupBy=month&from=2019-01&to=2019-03&language=ru`,
      { token: analyst },
    );
    expect(statement.status).toBe(200);
    expect(statement.body.language).toBe('ru');
    expect(statement.body.statement).toMatch(/^Около \d+ /);
    expect((await queriedEntries()) - before).toBe(3);
  });

  it('refuses a chart it cannot draw with its code, before anything is released', async () => {
    const before = await queriedEntries();
    const res = await t.get<{ error?: { code: string } }>(
      `/api/v1/stats/chart.svg?subject=reports&groupBy=month&from=2019-01&to=2019-03&by=region`,
      { token: analyst },
    );
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('STATS_CHART_DIMENSION_MISSING');
    expect(await queriedEntries()).toBe(before);
  });

  it('privacy=dp answers every cell with noise, states the scale and the budget left, and refuses over budget with 429', async () => {
    const dp = `/api/v1/stats?${query}&privacy=dp`;
    const remaining: number[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.get<StatsAnswer>(dp, { token: analyst });
      expect(res.status).toBe(200);
      expect(res.body.protection).toMatchObject({ method: 'noise', threshold: 0, roundingBase: 5 });
      // 4 cells per dimension value + margins: 3 months + total × 2 regions + total.
      expect(res.body.cells).toHaveLength(4 * 3);
      expect(res.body.cells.every((c) => !c.suppressed && c.count >= 0 && c.count % 5 === 0)).toBe(true);
      const noise = res.body.protection.noise!;
      expect(noise).toMatchObject({ mechanism: 'discrete_laplace', epsilon: 0.5, sensitivity: 4 });
      expect(noise.scale).toBeCloseTo(8);
      remaining.push(noise.remainingBudget);
    }
    // The suppression answers above spent nothing; each noised one spent exactly 0.5.
    expect(remaining).toEqual([1, 0.5]);
    // The CSV of a noised answer spends the third ε, the next query has nothing left.
    expect((await t.get(`/api/v1/stats/export.csv?${query}&privacy=dp`, { token: analyst })).status).toBe(
      200,
    );
    const refused = await t.get<{ error?: { code: string } }>(dp, { token: analyst });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('STATS_BUDGET_EXHAUSTED');
    const audited = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_entries WHERE action = 'stats.queried' AND (details::jsonb)->>'privacy' = 'dp'`,
    );
    expect(audited).toHaveLength(3);
    expect(JSON.stringify(audited)).not.toMatch(/"count"/);
  });
});
