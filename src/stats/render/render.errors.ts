import { defineErrors } from '../../common/errors';

/** Why an answer cannot be drawn as the chart or told as the statement that was asked for. */
export enum StatsRenderErrorCode {
  /** The chart is drawn along `by` (month or region), which the query must group by. */
  STATS_CHART_DIMENSION_MISSING = 'STATS_CHART_DIMENSION_MISSING',
  /** A chart shows `by` and at most one more dimension (one bar group or line per value). */
  STATS_CHART_TOO_MANY_DIMENSIONS = 'STATS_CHART_TOO_MANY_DIMENSIONS',
  /** More categories, series or bars than a chart can show legibly. */
  STATS_CHART_TOO_LARGE = 'STATS_CHART_TOO_LARGE',
  /** A statement breaks its total down by at most one dimension that has phrases (outcome, region). */
  STATS_STATEMENT_UNSUPPORTED_BREAKDOWN = 'STATS_STATEMENT_UNSUPPORTED_BREAKDOWN',
  /** The answer has no total cell (every dimension a margin) for the statement to lead with. */
  STATS_STATEMENT_NO_TOTAL = 'STATS_STATEMENT_NO_TOTAL',
  /** The total is suppressed to protect another figure: no true sentence can give it. */
  STATS_STATEMENT_TOTAL_WITHHELD = 'STATS_STATEMENT_TOTAL_WITHHELD',
}

export const statsRenderError = defineErrors<StatsRenderErrorCode>({
  STATS_CHART_DIMENSION_MISSING: {
    status: 400,
    message: 'A chart by this dimension needs a query grouped by it.',
  },
  STATS_CHART_TOO_MANY_DIMENSIONS: {
    status: 400,
    message: 'A chart shows its axis dimension and at most one more; group by fewer dimensions.',
  },
  STATS_CHART_TOO_LARGE: {
    status: 400,
    message: 'The answer has more categories or series than a chart can show; narrow the query.',
  },
  STATS_STATEMENT_UNSUPPORTED_BREAKDOWN: {
    status: 400,
    message: 'A statement can break its figure down by one of outcome or region only.',
  },
  STATS_STATEMENT_NO_TOTAL: {
    status: 400,
    message: 'The answer has no total for a statement to give.',
  },
  STATS_STATEMENT_TOTAL_WITHHELD: {
    status: 409,
    message: 'The total is withheld to protect other figures; no statement can give it.',
  },
});
