import * as echarts from 'echarts';
import type { StatsAnswer, StatsCell, StatsDimension } from '../stats-answer';
import { cellsAlong, distinctValues, valueOf } from './answer-cells';
import { formatCount, longMonthLabel, shortMonthLabel, type StatsLanguage } from './language';
import { CHART_DIMENSION_PHRASES, PROTECTION_NOTES, SUBJECT_PHRASES } from './phrases';
import { StatsRenderErrorCode, statsRenderError } from './render.errors';

export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';

export interface ChartOptions {
  readonly kind: 'bar' | 'line';
  /** The category axis. */
  readonly by: 'month' | 'region';
  readonly language: StatsLanguage;
  readonly width?: number;
  readonly height?: number;
}

/** Beyond these a chart stops being legible; the query should be narrowed instead. */
export const CHART_LIMITS = { categories: 60, series: 8 } as const;

/** The glyph drawn at each suppressed cell's gap; the chart's note explains it. */
export const SUPPRESSED_MARK = '*';
/** The colour of the dot under each mark (tests tell marks from bars by it). */
export const SUPPRESSED_MARK_COLOUR = '#555';

const X_AXIS = 'category';

interface Layout {
  readonly categories: string[];
  /** One entry per line or bar colour: its name (undefined without a second dimension) and cells. */
  readonly series: { readonly name: string | undefined; readonly cells: (StatsCell | undefined)[] }[];
}

/**
 * The dimension that gives one bar colour or line per value (if any), or the reason a query
 * cannot be charted along `by`. Depends on the query only: a route checks it before the query
 * runs, so a refused chart records no release.
 */
export function chartSeriesDimension(
  groupBy: readonly StatsDimension[],
  by: StatsDimension,
): StatsDimension | undefined {
  if (!groupBy.includes(by)) throw statsRenderError(StatsRenderErrorCode.STATS_CHART_DIMENSION_MISSING);
  const others = groupBy.filter((dimension) => dimension !== by);
  if (others.length > 1) throw statsRenderError(StatsRenderErrorCode.STATS_CHART_TOO_MANY_DIMENSIONS);
  return others[0];
}

/** The cells to draw, in a category × series grid; a missing cell is drawn as nothing at all. */
function layout(answer: StatsAnswer, by: StatsDimension, language: StatsLanguage): Layout {
  const seriesDimension = chartSeriesDimension(answer.groupBy, by);
  const cells = cellsAlong(answer, answer.groupBy);
  // One collator per chart: localeCompare with a locale builds an ICU collator on every call.
  const collator = new Intl.Collator(language);
  const order = (values: string[]) => values.sort(collator.compare);
  const categories = order(distinctValues(cells, by));
  const names = seriesDimension ? order(distinctValues(cells, seriesDimension)) : [undefined];
  if (categories.length > CHART_LIMITS.categories || names.length > CHART_LIMITS.series)
    throw statsRenderError(StatsRenderErrorCode.STATS_CHART_TOO_LARGE, { limits: CHART_LIMITS });
  const at = new Map(
    cells.map((cell) => [
      `${valueOf(cell, by)}\u0000${seriesDimension ? valueOf(cell, seriesDimension) : ''}`,
      cell,
    ]),
  );
  return {
    categories,
    series: names.map((name) => ({
      name,
      cells: categories.map((category) => at.get(`${category}\u0000${name ?? ''}`)),
    })),
  };
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** A text alternative listing every drawn figure, for screen readers (the SVG's <desc>). */
function description(
  answer: StatsAnswer,
  chart: Layout,
  label: (category: string) => string,
  options: ChartOptions,
) {
  const suppressed = options.language === 'en' ? 'suppressed' : 'скрыто';
  return chart.series
    .map(({ name, cells }) => {
      const figures = cells.flatMap((cell, index) =>
        cell
          ? [
              `${label(chart.categories[index])}: ${cell.suppressed ? suppressed : formatCount(cell.count, options.language)}`,
            ]
          : [],
      );
      return `${name ? `${name} — ` : ''}${figures.join('; ')}`;
    })
    .join('. ');
}

/**
 * A bar or line chart of a protected answer as a standalone SVG document, drawn by Apache
 * ECharts' server-side SVG renderer (no browser, no DOM). The category axis is `by`; a second
 * dimension, if the answer has one, gives one bar colour or line per value. Each published
 * cell is one bar (or one line point); a suppressed cell is a gap marked with
 * `SUPPRESSED_MARK`, explained in a note under the chart that does not say which suppressions
 * were primary (that would tell a reader the figure is small).
 */
export function renderChart(answer: StatsAnswer, options: ChartOptions): string {
  const { kind, by, language, width = 800, height = 450 } = options;
  const chart = layout(answer, by, language);
  const subject = SUBJECT_PHRASES[answer.subject];
  const label = (category: string) => (by === 'month' ? shortMonthLabel(category, language) : category);
  const title = `${subject.chartTitle[language]}, ${CHART_DIMENSION_PHRASES[by].by[language]}`;
  const range = `${longMonthLabel(answer.from, language)} – ${longMonthLabel(answer.to, language)}`;
  const anySuppressed = chart.series.some(({ cells }) => cells.some((cell) => cell?.suppressed));
  const notes = [
    ...(anySuppressed ? [PROTECTION_NOTES.suppressed(answer.protection.threshold)[language]] : []),
    ...(answer.protection.roundingBase > 1
      ? [PROTECTION_NOTES.rounded(answer.protection.roundingBase)[language]]
      : []),
    ...(answer.protection.method === 'noise' ? [PROTECTION_NOTES.noise[language]] : []),
  ];

  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption({
      animation: false,
      textStyle: { fontFamily: 'sans-serif' },
      title: [
        { text: title, subtext: range, left: 'center', top: 8 },
        { subtext: notes.join('\n'), left: 'center', bottom: 4, itemGap: 0 },
      ],
      legend: chart.series[0].name === undefined ? { show: false } : { top: 62 },
      grid: { left: 72, right: 32, top: 100, bottom: 96 },
      xAxis: {
        type: X_AXIS,
        name: CHART_DIMENSION_PHRASES[by].axis[language],
        nameLocation: 'middle',
        nameGap: 30,
        data: chart.categories.map(label),
      },
      yAxis: { type: 'value', name: subject.axisName[language], minInterval: 1 },
      series: chart.series.map(({ name, cells }) => ({
        type: kind,
        name: name ?? subject.chartTitle[language],
        // A suppressed or missing cell has no value: no bar, and a break in the line.
        data: cells.map((cell) => (cell && !cell.suppressed ? cell.count : null)),
        ...(kind === 'line' ? { connectNulls: false, showSymbol: true, showAllSymbol: true } : {}),
        markPoint: {
          symbol: 'circle',
          symbolSize: 4,
          itemStyle: { color: SUPPRESSED_MARK_COLOUR },
          label: { show: true, position: 'top', color: '#333', fontSize: 16, formatter: SUPPRESSED_MARK },
          data: cells.flatMap((cell, index) => (cell?.suppressed ? [{ coord: [index, 0] }] : [])),
        },
      })),
    });
    return accessible(
      instance.renderToSVGString(),
      title,
      `${range}: ${description(answer, chart, label, options)}`,
      language,
    );
  } finally {
    instance.dispose();
  }
}

/** Gives the SVG its accessible name and description: role="img", <title> and <desc>. */
function accessible(svg: string, title: string, desc: string, language: StatsLanguage): string {
  const open = svg.indexOf('>', svg.indexOf('<svg')) + 1;
  const attributes = ` role="img" aria-labelledby="stats-chart-title stats-chart-desc" xml:lang="${language}"`;
  return (
    `${svg.slice(0, open - 1)}${attributes}>` +
    `<title id="stats-chart-title">${escapeXml(title)}</title>` +
    `<desc id="stats-chart-desc">${escapeXml(desc)}</desc>` +
    svg.slice(open)
  );
}
