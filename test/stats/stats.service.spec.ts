import { FormsModule } from '../../src/forms/forms.module';
import type { StatsAnswer, StatsCell } from '../../src/stats/stats-answer';
import type { StatsQueryInput } from '../../src/stats/stats-definition';
import { StatsModule } from '../../src/stats/stats.module';
import { StatsService } from '../../src/stats/stats.service';
import { newForm } from '../support/factories/service-tier.factory';
import { insertPlainCases, insertPlainReports } from '../support/factories/stats.factory';
import { startServices, type ServiceTier } from '../support/service-tier';
import { attackBounds } from './attacker';

jest.setTimeout(120_000);

// Rounding off (base 1) so that published figures are the true counts the tests compare with;
// rounding itself is tested in test/stats/disclosure-primary.spec.ts and over HTTP.
const THRESHOLD = 5;
let tier: ServiceTier;

beforeAll(async () => {
  tier = await startServices([FormsModule, StatsModule], {
    env: { STATS_THRESHOLD: String(THRESHOLD), STATS_ROUNDING_BASE: '1' },
  });
  await newForm(tier, { default: true });
});
afterAll(() => tier?.close());

// Each test counts its own year: releases of one subject overlap only within a test.
const ask = (input: StatsQueryInput): Promise<StatsAnswer> =>
  tier.get(StatsService).answerQuery(input, 'analyst', { type: 'system' });

const cellOf = (answer: StatsAnswer, values: Record<string, string>): StatsCell => {
  const found = answer.cells.filter(
    (c) =>
      Object.entries(values).every(([d, v]) => c.values[d] === v) &&
      Object.keys(c.values).length === Object.keys(values).length,
  );
  expect(found).toHaveLength(1);
  return found[0];
};
const countOf = (answer: StatsAnswer, values: Record<string, string>): number | 'suppressed' => {
  const cell = cellOf(answer, values);
  return cell.suppressed ? 'suppressed' : cell.count;
};

describe('grouping and margins', () => {
  it('month × region: every combination, every margin, sums of the rows', async () => {
    const data = { '2010-01': { north: 12, south: 20 }, '2010-02': { north: 30, south: 8 } };
    for (const [month, regions] of Object.entries(data))
      for (const [region, count] of Object.entries(regions))
        await insertPlainReports(tier.dataSource, { count, month, region });
    const answer = await ask({
      subject: 'reports',
      groupBy: ['month', 'region'],
      from: '2010-01',
      to: '2010-02',
    });
    expect(answer.cells).toHaveLength(3 * 3);
    expect(answer.cells.every((c) => !c.suppressed)).toBe(true);
    expect(countOf(answer, { month: '2010-01', region: 'north' })).toBe(12);
    expect(countOf(answer, { month: '2010-02', region: '*' })).toBe(38);
    expect(countOf(answer, { month: '*', region: 'south' })).toBe(28);
    expect(countOf(answer, { month: '*', region: '*' })).toBe(70);
    expect(answer.protection).toMatchObject({
      audience: 'analyst',
      threshold: THRESHOLD,
      roundingBase: 1,
      method: 'optimal',
    });
  });

  it('quarters and years are sums of their months (a quarter cut by the range counts only its months)', async () => {
    for (const [month, count] of [
      ['2011-02', 10],
      ['2011-03', 11],
      ['2011-04', 12],
      ['2011-12', 13],
    ] as const)
      await insertPlainReports(tier.dataSource, { count, month, region: 'east' });
    const quarters = await ask({ subject: 'reports', groupBy: ['quarter'], from: '2011-02', to: '2011-12' });
    expect(countOf(quarters, { quarter: '2011-Q1' })).toBe(21);
    expect(countOf(quarters, { quarter: '2011-Q2' })).toBe(12);
    expect(countOf(quarters, { quarter: '2011-Q3' })).toBe(0);
    expect(countOf(quarters, { quarter: '2011-Q4' })).toBe(13);
    const years = await ask({ subject: 'reports', groupBy: ['year'], from: '2011-01', to: '2011-12' });
    expect(countOf(years, { year: '2011' })).toBe(46);
  });

  it('a multi-valued dimension counts a case in each of its needs; the total counts it once', async () => {
    await insertPlainCases(tier.dataSource, { count: 9, month: '2012-05', needs: ['legal', 'shelter'] });
    await insertPlainCases(tier.dataSource, { count: 6, month: '2012-05', needs: ['shelter'] });
    await insertPlainCases(tier.dataSource, { count: 7, month: '2012-05', needs: [] });
    const answer = await ask({ subject: 'cases', groupBy: ['needs'], from: '2012-05', to: '2012-05' });
    expect(countOf(answer, { needs: 'shelter' })).toBe(15);
    expect(countOf(answer, { needs: 'legal' })).toBe(9);
    expect(countOf(answer, { needs: '*' })).toBe(22);
    expect(answer.cells).toHaveLength(8 + 1);
  });

  it('evacuated counts cases in the month they reached relocated; relocated abroad in the month they closed so', async () => {
    await insertPlainCases(tier.dataSource, {
      count: 8,
      month: '2013-01',
      status: 'relocated',
      relocatedMonth: '2013-03',
    });
    await insertPlainCases(tier.dataSource, {
      count: 6,
      month: '2013-01',
      status: 'closed',
      outcome: 'relocated_abroad',
      closedMonth: '2013-04',
      relocatedMonth: '2013-02',
    });
    await insertPlainCases(tier.dataSource, { count: 20, month: '2013-01' });
    const evacuated = await ask({ subject: 'evacuated', groupBy: ['month'], from: '2013-01', to: '2013-04' });
    expect(countOf(evacuated, { month: '2013-02' })).toBe(6);
    expect(countOf(evacuated, { month: '2013-03' })).toBe(8);
    expect(countOf(evacuated, { month: '*' })).toBe(14);
    const abroad = await ask({
      subject: 'relocated_abroad',
      groupBy: ['month'],
      from: '2013-01',
      to: '2013-04',
    });
    expect(countOf(abroad, { month: '2013-04' })).toBe(6);
    // Nothing else closed abroad: those months' zeros beside April ("all in April") are protected.
    for (const month of ['2013-01', '2013-02', '2013-03'])
      expect(countOf(abroad, { month })).toBe('suppressed');
  });
});

describe('primary suppression and zeros', () => {
  it('4 is suppressed, 5 is published (the default threshold)', async () => {
    await insertPlainReports(tier.dataSource, { count: 4, month: '2014-01' });
    await insertPlainReports(tier.dataSource, { count: 5, month: '2014-06' });
    const four = await ask({ subject: 'reports', groupBy: [], from: '2014-01', to: '2014-01' });
    expect(cellOf(four, {})).toEqual({ values: {}, suppressed: true, reason: 'primary' });
    const five = await ask({ subject: 'reports', groupBy: [], from: '2014-06', to: '2014-06' });
    expect(cellOf(five, {})).toEqual({ values: {}, suppressed: false, count: 5 });
  });

  it('a structural zero is published as 0; a zero that discloses (a whole row in one cell) is suppressed', async () => {
    await insertPlainCases(tier.dataSource, {
      count: 20,
      month: '2015-01',
      status: 'closed',
      outcome: 'relocated_abroad',
      closedMonth: '2015-01',
    });
    await insertPlainCases(tier.dataSource, { count: 30, month: '2015-01', status: 'verifying' });
    const answer = await ask({
      subject: 'cases',
      groupBy: ['status', 'outcome'],
      from: '2015-01',
      to: '2015-01',
    });
    // An open case has no outcome: impossible, so a zero that says nothing.
    expect(cellOf(answer, { status: 'verifying', outcome: 'returned' })).toMatchObject({
      suppressed: false,
      count: 0,
    });
    // Every closed case went abroad: the closed × returned zero would say so.
    expect(cellOf(answer, { status: 'closed', outcome: 'returned' })).toMatchObject({
      suppressed: true,
      reason: 'primary',
    });
    expect(answer.cells.filter((c) => c.suppressed).every((c) => !('count' in c))).toBe(true);
  });
});

/** Atom keys the test itself assigns (month:region), independent of the service's own. */
const atomsOf = (months: string[], regions: string[]) =>
  months.flatMap((m) => regions.map((r) => `${m}:${r}`));

/** Every published cell as an equation with its true value; every suppressed one as a target. */
function attackerView(
  answer: StatsAnswer,
  months: (cell: StatsCell) => string[],
  regions: string[],
  truth: Map<string, number>,
) {
  const published: { atoms: string[]; value: number }[] = [];
  const hidden: string[][] = [];
  for (const cell of answer.cells) {
    const region = cell.values.region;
    const atoms = atomsOf(months(cell), region === undefined || region === '*' ? regions : [region]);
    if (cell.suppressed) hidden.push(atoms);
    else published.push({ atoms, value: atoms.reduce((s, a) => s + (truth.get(a) ?? 0), 0) });
  }
  return { published, hidden };
}

describe('the release ledger', () => {
  it('Jan–Feb then Jan–Mar with a small March: the cells that would give March away are suppressed', async () => {
    const truth = new Map<string, number>([
      ['2016-01:north', 20],
      ['2016-01:south', 20],
      ['2016-02:north', 20],
      ['2016-02:south', 20],
      ['2016-03:north', 2],
      ['2016-03:south', 10],
    ]);
    for (const [atom, count] of truth) {
      const [month, region] = atom.split(':');
      await insertPlainReports(tier.dataSource, { count, month, region });
    }
    const regions = ['north', 'south'];
    const first = await ask({ subject: 'reports', groupBy: ['region'], from: '2016-01', to: '2016-02' });
    expect(first.cells.every((c) => !c.suppressed)).toBe(true);
    const second = await ask({ subject: 'reports', groupBy: ['region'], from: '2016-01', to: '2016-03' });
    // Alone, nothing here is small; against the first release, north Jan–Mar minus Jan–Feb is 2.
    expect(countOf(second, { region: 'north' })).toBe('suppressed');
    const a = attackerView(first, () => ['2016-01', '2016-02'], regions, truth);
    const b = attackerView(second, () => ['2016-01', '2016-02', '2016-03'], regions, truth);
    const bounds = await attackBounds(
      [...a.published, ...b.published],
      [...a.hidden, ...b.hidden, ['2016-03:north']],
    );
    for (const bound of bounds) expect(bound.upper - bound.lower).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('a region total after its districts: the total does not give the small district away', async () => {
    const truth = new Map<string, number>([
      ['2017-01:a', 30],
      ['2017-01:b', 25],
      ['2017-01:c', 3],
    ]);
    for (const [atom, count] of truth)
      await insertPlainReports(tier.dataSource, { count, month: '2017-01', region: atom.split(':')[1] });
    const regions = ['a', 'b', 'c'];
    const districts = await ask({ subject: 'reports', groupBy: ['region'], from: '2017-01', to: '2017-01' });
    expect(countOf(districts, { region: 'c' })).toBe('suppressed');
    const total = await ask({ subject: 'reports', groupBy: [], from: '2017-01', to: '2017-01' });
    const a = attackerView(districts, () => ['2017-01'], regions, truth);
    const b = attackerView(total, () => ['2017-01'], regions, truth);
    const bounds = await attackBounds(
      [...a.published, ...b.published],
      [...a.hidden, ...b.hidden, ['2017-01:c']],
    );
    expect(bounds.length).toBeGreaterThan(1);
    for (const bound of bounds) expect(bound.upper - bound.lower).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('a region counted only in an earlier release’s months gets no cell in a later, narrower range', async () => {
    await insertPlainReports(tier.dataSource, { count: 30, month: '2009-01', region: 'far' });
    await insertPlainReports(tier.dataSource, { count: 30, month: '2009-02', region: 'near' });
    const wide = await ask({ subject: 'reports', groupBy: ['region'], from: '2009-01', to: '2009-02' });
    expect(wide.cells.map((c) => c.values.region).sort()).toEqual(['*', 'far', 'near']);
    const narrow = await ask({ subject: 'reports', groupBy: ['region'], from: '2009-02', to: '2009-02' });
    expect(narrow.cells.map((c) => c.values.region).sort()).toEqual(['*', 'near']);
  });

  it('records each release: definition and per cell its suppression, a published figure only when published', async () => {
    await insertPlainReports(tier.dataSource, { count: 3, month: '2018-01', region: 'west' });
    await insertPlainReports(tier.dataSource, { count: 40, month: '2018-01', region: 'east' });
    const answer = await ask({ subject: 'reports', groupBy: ['region'], from: '2018-01', to: '2018-01' });
    const [release] = await tier.dataSource.query(
      `SELECT subject, group_by, from_month, to_month, audience, threshold FROM stats_releases WHERE id = $1`,
      [answer.protection.releaseId],
    );
    expect(release).toEqual({
      subject: 'reports',
      group_by: ['region'],
      from_month: '2018-01',
      to_month: '2018-01',
      audience: 'analyst',
      threshold: THRESHOLD,
    });
    const cells = await tier.dataSource.query<
      { cell_values: Record<string, string>; suppressed: boolean; published: number | null }[]
    >(
      `SELECT cell_values, suppressed, published FROM stats_release_cells WHERE release_id = $1 ORDER BY idx`,
      [answer.protection.releaseId],
    );
    expect(cells.map((c) => c.cell_values)).toEqual(answer.cells.map((c) => c.values));
    expect(cells.find((c) => c.cell_values.region === 'west')).toEqual({
      cell_values: { region: 'west' },
      suppressed: true,
      published: null,
    });
    const [audit] = await tier.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'stats.queried' AND target_id = $1`,
      [answer.protection.releaseId],
    );
    const details: unknown = typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details;
    expect(details).toEqual({
      subject: 'reports',
      groupBy: ['region'],
      from: '2018-01',
      to: '2018-01',
      public: false,
      cells: answer.cells.length,
      suppressed: answer.cells.filter((c) => c.suppressed).length,
    });
  });
});
