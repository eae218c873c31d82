import { Role } from '../../src/access/permissions';
import { runCli } from '../../src/cli/main';
import type { StatsAnswer } from '../../src/stats/stats-answer';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { insertPlainReports } from '../support/factories/stats.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let analyst: string;

beforeAll(async () => {
  t = await startTestApp({
    env: { STATS_PUBLIC_ENABLED: 'true', STATS_PUBLIC_TABLES: 'reports:region,cases' },
  });
  await seedDefaultForm(t);
  analyst = (await createSignedInUser(t, { roles: [Role.ANALYST] })).token;
  const counts: Record<string, number[]> = { north: [17, 23, 2], south: [9, 31, 14], east: [3, 0, 26] };
  for (const [region, months] of Object.entries(counts))
    for (const [i, count] of months.entries())
      await insertPlainReports(t.dataSource, { count, month: `2019-0${i + 1}`, region });
});
afterAll(() => t?.close());

const statsPath = (query: string) => `/api/v1/stats?${query}`;

describe('GET /stats', () => {
  it('answers a protected table: rounded counts, suppressed cells marked without a number, how it was protected', async () => {
    const res = await t.get<StatsAnswer>(
      statsPath('subject=reports&groupBy=month,region&from=2019-01&to=2019-03'),
      {
        token: analyst,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      subject: 'reports',
      groupBy: ['month', 'region'],
      from: '2019-01',
      to: '2019-03',
    });
    expect(res.body.protection).toMatchObject({
      audience: 'analyst',
      threshold: 5,
      roundingBase: 5,
      method: 'optimal',
    });
    expect(res.body.cells).toHaveLength(4 * 4);
    const suppressed = res.body.cells.filter((c) => c.suppressed);
    expect(suppressed.length).toBeGreaterThanOrEqual(2);
    for (const cell of suppressed)
      // Marked, with neither a number nor why (a reason would narrow the cell).
      expect(Object.keys(cell).sort()).toEqual(['suppressed', 'values']);
    for (const cell of res.body.cells) if (!cell.suppressed) expect(cell.count % 5).toBe(0);
    // The north March 2 and east January 3 are under the threshold.
    for (const values of [
      { month: '2019-03', region: 'north' },
      { month: '2019-01', region: 'east' },
    ])
      expect(
        res.body.cells.find((c) => c.values.month === values.month && c.values.region === values.region),
      ).toEqual({ values, suppressed: true });
  });

  it('a rerun is a new release with the same figures (rounding is deterministic)', async () => {
    const path = statsPath('subject=reports&groupBy=region&from=2019-02&to=2019-02');
    const first = await t.get<StatsAnswer>(path, { token: analyst });
    const again = await t.get<StatsAnswer>(path, { token: analyst });
    expect(again.body.cells).toEqual(first.body.cells);
    expect(again.body.protection.releaseId).not.toBe(first.body.protection.releaseId);
  });

  it('audits every query with its definition and cell counts, never a figure', async () => {
    const res = await t.get<StatsAnswer>(
      statsPath('subject=reports&groupBy=region&from=2019-01&to=2019-01'),
      {
        token: analyst,
      },
    );
    const rows = await t.dataSource.query<{ details: unknown }[]>(
      `SELECT details FROM audit_entries WHERE action = 'stats.queried' AND target_id = $1`,
      [res.body.protection.releaseId],
    );
    expect(rows).toHaveLength(1);
    const details = (
      typeof rows[0].details === 'string' ? JSON.parse(rows[0].details) : rows[0].details
    ) as object;
    expect(Object.keys(details).sort()).toEqual([
      'cells',
      'from',
      'groupBy',
      'public',
      'subject',
      'suppressed',
      'to',
    ]);
  });

  it.each([
    ['subject=nothing&from=2019-01&to=2019-01', 'STATS_QUERY_INVALID'],
    ['subject=reports&from=2019-01&to=2019-01&extra=1', 'STATS_QUERY_INVALID'],
    ['subject=reports&groupBy=district&from=2019-01&to=2019-01', 'STATS_UNKNOWN_DIMENSION'],
    [
      'subject=reports&groupBy=month,region,channel,status&from=2019-01&to=2019-01',
      'STATS_TOO_MANY_DIMENSIONS',
    ],
    ['subject=reports&groupBy=outcome&from=2019-01&to=2019-01', 'STATS_DIMENSION_NOT_FOR_SUBJECT'],
    ['subject=cases&groupBy=channel&from=2019-01&to=2019-01', 'STATS_DIMENSION_NOT_FOR_SUBJECT'],
    ['subject=reports&groupBy=month,quarter&from=2019-01&to=2019-01', 'STATS_DIMENSION_NOT_FOR_SUBJECT'],
    ['subject=reports&from=2019-01-05&to=2019-02', 'STATS_RANGE_INVALID'],
    ['subject=reports&from=2019-13&to=2019-12', 'STATS_RANGE_INVALID'],
    ['subject=reports&from=2019-03&to=2019-02', 'STATS_RANGE_INVALID'],
    // A year PostgreSQL cannot hold as a timestamp: refused before it reaches the database.
    ['subject=reports&from=0000-01&to=0000-01', 'STATS_RANGE_INVALID'],
    ['subject=reports&from=2010-01&to=2019-12', 'STATS_RANGE_TOO_LONG'],
    ['subject=reports&groupBy=month,status,channel&from=2015-01&to=2019-12', 'STATS_TABLE_TOO_LARGE'],
  ])('%s → 400 %s', async (query, code) => {
    const res = await t.get<{ error: { code: string } }>(statsPath(query), { token: analyst });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code });
  });
});

describe('GET /stats/public (enabled)', () => {
  it('answers without a session: the configured tables by quarter, public threshold, from memory', async () => {
    const res = await t.get<{ from: string; to: string; tables: StatsAnswer[] }>('/api/v1/stats/public');
    expect(res.status).toBe(200);
    expect(res.body.tables.map((table) => [table.subject, table.groupBy])).toEqual([
      ['reports', ['quarter', 'region']],
      ['cases', ['quarter']],
    ]);
    for (const table of res.body.tables) {
      expect(table.protection).toMatchObject({ audience: 'public', threshold: 10 });
      expect(Object.keys(table.cells[0].values)).not.toContain('month');
    }
    expect(res.body.from.slice(5)).toMatch(/^(01|04|07|10)$/);
    const again = await t.get<{ tables: StatsAnswer[] }>('/api/v1/stats/public');
    expect(again.body.tables.map((table) => table.protection.releaseId)).toEqual(
      res.body.tables.map((table) => table.protection.releaseId),
    );
  });

  it('never answers with noise, whatever the query string asks', async () => {
    const res = await t.get<{ tables: StatsAnswer[] }>('/api/v1/stats/public?privacy=dp');
    expect(res.status).toBe(200);
    for (const table of res.body.tables) {
      expect(table.protection.method).not.toBe('noise');
      expect(table.protection).not.toHaveProperty('noise');
    }
  });
});

describe('npm run cli -- stats:export', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const error = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.config.database.url;
    try {
      return { code: await runCli(args), out: lines.join('') };
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
      spy.mockRestore();
      error.mockRestore();
    }
  }

  it('prints a protected release as JSON, recorded in the same ledger', async () => {
    const { code, out } = await cli([
      'stats:export',
      '--subject=reports',
      '--group-by=region',
      '--from=2019-03',
      '--to=2019-03',
    ]);
    expect(code).toBe(0);
    const answer = JSON.parse(out) as StatsAnswer;
    expect(answer.cells.find((c) => c.values.region === 'north')).toMatchObject({ suppressed: true });
    const rows = await t.dataSource.query(`SELECT audience FROM stats_releases WHERE id = $1`, [
      answer.protection.releaseId,
    ]);
    expect(rows).toEqual([{ audience: 'analyst' }]);
  });

  it('refuses a query its rules refuse, with the code, and a malformed command line', async () => {
    expect((await cli(['stats:export', '--subject=reports', '--from=2019-03', '--to=2019-01'])).code).toBe(2);
    expect((await cli(['stats:export', '--subject=reports'])).code).toBe(2);
  });
});
