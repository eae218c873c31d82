import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import {
  CHART_LIMITS,
  renderChart,
  SUPPRESSED_MARK,
  SUPPRESSED_MARK_COLOUR,
  type ChartOptions,
} from '../../../src/stats/render/chart';
import { StatsRenderErrorCode } from '../../../src/stats/render/render.errors';
import type { StatsAnswer } from '../../../src/stats/stats-answer';
import { answer, protection, published, suppressed } from './answers';

/** Parses strictly: any XML warning or error fails the test. */
function parseSvg(svg: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => problems.push(`${level}: ${message}`),
  }).parseFromString(svg, 'image/svg+xml');
  expect(problems).toEqual([]);
  return doc;
}

const all = (doc: Document, tag: string): Element[] => Array.from(doc.getElementsByTagName(tag));

/** ECharts marks each drawn data element of a series with ecmeta_* attributes. */
const dataShapes = (doc: Document) =>
  all(doc, 'path').filter((path) => path.getAttribute('ecmeta_ssr_type') === 'chart');
const bars = (doc: Document) =>
  dataShapes(doc).filter((path) => path.getAttribute('fill') !== SUPPRESSED_MARK_COLOUR);
const gapDots = (doc: Document) =>
  dataShapes(doc).filter((path) => path.getAttribute('fill') === SUPPRESSED_MARK_COLOUR);
const texts = (doc: Document) => all(doc, 'text').map((text) => text.textContent ?? '');

const months = ['2019-01', '2019-02', '2019-03', '2019-04'];
const monthly = answer({
  subject: 'evacuated',
  groupBy: ['month'],
  from: '2019-01',
  to: '2019-04',
  cells: [
    published({ month: '*' }, 95),
    published({ month: '2019-01' }, 40),
    suppressed({ month: '2019-02' }, 'primary'),
    published({ month: '2019-03' }, 55),
    suppressed({ month: '2019-04' }, 'secondary'),
  ],
});

const byMonthAndRegion = answer({
  groupBy: ['month', 'region'],
  cells: [
    ...months
      .slice(0, 3)
      .flatMap((month, index) => [
        published({ month, region: 'Kursk' }, 10 + index * 5),
        index === 1 ? suppressed({ month, region: 'Tver' }) : published({ month, region: 'Tver' }, 20),
      ]),
    published({ month: '*', region: 'Tver' }, 45),
    published({ month: '2019-01', region: '*' }, 30),
  ],
});

const draw = (a: StatsAnswer, options: Partial<ChartOptions> = {}) =>
  parseSvg(renderChart(a, { kind: 'bar', by: 'month', language: 'en', ...options }));

const countOf = (a: StatsAnswer, isSuppressed: boolean) =>
  a.cells.filter((cell) => cell.suppressed === isSuppressed && !Object.values(cell.values).includes('*'))
    .length;

describe('renderChart', () => {
  it('draws one bar per published cell and a gap with a mark per suppressed cell', () => {
    const doc = draw(monthly);
    expect(bars(doc)).toHaveLength(countOf(monthly, false));
    expect(gapDots(doc)).toHaveLength(countOf(monthly, true));
    expect(texts(doc).filter((text) => text === SUPPRESSED_MARK)).toHaveLength(countOf(monthly, true));
    // The marks sit at the suppressed months (the 2nd and 4th category), between the bars.
    const barCentre = (bar: Element) => {
      const [, x, width] = /^M([\d.]+) [\d.]+l([\d.]+) 0/.exec(bar.getAttribute('d')!)!.map(Number);
      return x + width / 2;
    };
    const [january, march] = bars(doc).map(barCentre);
    const step = (march - january) / 2;
    const dotX = (dot: Element) =>
      Number(/matrix\([^,]+,[^,]+,[^,]+,[^,]+,([\d.]+),/.exec(dot.getAttribute('transform')!)![1]);
    expect(gapDots(doc).map(dotX)).toEqual([
      expect.closeTo(january + step, 0),
      expect.closeTo(january + 3 * step, 0),
    ]);
  });

  it('explains the marks once, without saying which suppressions were primary', () => {
    const notes = texts(draw(monthly)).filter((text) => text.includes('suppressed'));
    expect(notes).toEqual(['* suppressed: fewer than 10 or protecting another figure']);
    expect(renderChart(monthly, { kind: 'bar', by: 'month', language: 'en' })).not.toMatch(
      /primary|secondary/,
    );
  });

  it('draws bars whose heights follow the published counts', () => {
    const heights = bars(draw(monthly)).map((bar) => Number(/l0 -([\d.]+)/.exec(bar.getAttribute('d')!)![1]));
    expect(heights).toHaveLength(2);
    expect(heights[1] / heights[0]).toBeCloseTo(55 / 40, 1);
  });

  it('draws no note and no mark when nothing is suppressed', () => {
    const full = answer({ ...monthly, cells: months.map((month) => published({ month }, 20)) });
    const doc = draw(full);
    expect(bars(doc)).toHaveLength(4);
    expect(gapDots(doc)).toHaveLength(0);
    expect(texts(doc).some((text) => text.includes('suppressed'))).toBe(false);
  });

  it('groups bars by a second dimension: one bar per published cell, margins not drawn', () => {
    const doc = draw(byMonthAndRegion);
    expect(bars(doc)).toHaveLength(countOf(byMonthAndRegion, false));
    expect(gapDots(doc)).toHaveLength(1);
    expect(texts(doc)).toEqual(expect.arrayContaining(['Kursk', 'Tver'])); // the legend
  });

  it('draws a line chart with one point per published cell and a break at each gap', () => {
    const doc = draw(monthly, { kind: 'line' });
    expect(bars(doc)).toHaveLength(countOf(monthly, false));
    expect(gapDots(doc)).toHaveLength(countOf(monthly, true));
    // Published points on both sides of a gap are not joined: each segment is its own subpath.
    const lines = all(doc, 'path').filter(
      (path) => path.getAttribute('fill') === 'none' && path.getAttribute('stroke-width') === '2',
    );
    expect(lines.map((line) => (line.getAttribute('d')!.match(/M/g) ?? []).length)).toEqual([2]);
  });

  it('draws regions on the category axis', () => {
    const byRegion = answer({
      groupBy: ['region'],
      cells: [
        published({ region: 'Tver' }, 25),
        suppressed({ region: 'Kursk' }),
        published({ region: '*' }, 30),
      ],
    });
    const doc = draw(byRegion, { by: 'region' });
    expect(bars(doc)).toHaveLength(1);
    expect(gapDots(doc)).toHaveLength(1);
    expect(texts(doc)).toEqual(expect.arrayContaining(['Region', 'Kursk', 'Tver']));
  });

  it('is accessible: role="img", a <title> and a <desc> that lists the figures', () => {
    const doc = draw(monthly);
    const svg = doc.documentElement!;
    expect(svg.getAttribute('role')).toBe('img');
    const [title] = all(doc, 'title');
    const [desc] = all(doc, 'desc');
    expect(title.textContent).toBe('People evacuated, by month');
    expect(desc.textContent).toBe(
      'January 2019 – April 2019: Jan 2019: 40; Feb 2019: suppressed; Mar 2019: 55; Apr 2019: suppressed',
    );
    expect(svg.getAttribute('aria-labelledby')!.split(' ')).toEqual([
      title.getAttribute('id'),
      desc.getAttribute('id'),
    ]);
  });

  it('titles and labels the chart in Russian', () => {
    const doc = draw(monthly, { language: 'ru' });
    expect(all(doc, 'title')[0].textContent).toBe('Эвакуированные люди, по месяцам');
    expect(texts(doc)).toEqual(
      expect.arrayContaining([
        'Месяц',
        'Число людей',
        'янв. 2019 г.',
        '* скрыто: менее 10 или для защиты другого значения',
        'Значения округлены до кратных 5.',
      ]),
    );
    expect(doc.documentElement!.getAttribute('xml:lang')).toBe('ru');
  });

  it('says when figures carry noise and when they are not rounded', () => {
    const noised = answer({ ...monthly, protection: protection({ method: 'noise', roundingBase: 1 }) });
    const notes = texts(draw(noised));
    expect(notes).toContain('Figures include random noise (differential privacy).');
    expect(notes.some((text) => text.startsWith('Figures rounded'))).toBe(false);
  });

  it('escapes region names into well-formed XML', () => {
    const nasty = answer({ groupBy: ['region'], cells: [published({ region: '<b>&"x"</b>' }, 15)] });
    const doc = draw(nasty, { by: 'region' });
    expect(texts(doc)).toContain('<b>&"x"</b>');
    expect(all(doc, 'b')).toHaveLength(0);
    expect(all(doc, 'desc')[0].textContent).toContain('<b>&"x"</b>: 15');
  });

  it('holds nothing active: no script, no event handler, no link out', () => {
    const doc = draw(byMonthAndRegion);
    expect(all(doc, 'script')).toHaveLength(0);
    expect(all(doc, 'foreignObject')).toHaveLength(0);
    const attributes = all(doc, '*').flatMap((element) => Array.from(element.attributes).map((a) => a.name));
    expect(attributes.filter((name) => /^on/i.test(name) || /href$/i.test(name))).toEqual([]);
  });

  it('refuses a chart by a dimension the answer is not grouped by', () => {
    expect(() => draw(monthly, { by: 'region' })).toThrow(
      expect.objectContaining({ code: StatsRenderErrorCode.STATS_CHART_DIMENSION_MISSING, status: 400 }),
    );
  });

  it('refuses more than one dimension besides the axis', () => {
    const wide = answer({ groupBy: ['month', 'region', 'category'], cells: [] });
    expect(() => draw(wide)).toThrow(
      expect.objectContaining({ code: StatsRenderErrorCode.STATS_CHART_TOO_MANY_DIMENSIONS, status: 400 }),
    );
  });

  it('refuses more categories or series than it can show', () => {
    const regions = Array.from({ length: CHART_LIMITS.categories + 1 }, (_, index) => `R${index}`);
    const tooWide = answer({
      groupBy: ['region'],
      cells: regions.map((region) => published({ region }, 15)),
    });
    expect(() => draw(tooWide, { by: 'region' })).toThrow(
      expect.objectContaining({ code: StatsRenderErrorCode.STATS_CHART_TOO_LARGE }),
    );
    const series = Array.from({ length: CHART_LIMITS.series + 1 }, (_, index) => `R${index}`);
    const tooMany = answer({
      groupBy: ['month', 'region'],
      cells: series.map((region) => published({ month: '2019-01', region }, 15)),
    });
    expect(() => draw(tooMany)).toThrow(
      expect.objectContaining({ code: StatsRenderErrorCode.STATS_CHART_TOO_LARGE }),
    );
    // At the limit it draws.
    expect(bars(draw(answer({ ...tooWide, cells: tooWide.cells.slice(1) }), { by: 'region' }))).toHaveLength(
      CHART_LIMITS.categories,
    );
  });
});
