import { defineErrors } from '../common/errors';

/** The statistics feature's own failures: each a query that is answered with nothing. */
export enum StatsErrorCode {
  /** The query string does not match the route's schema (the fields are named, never their values). */
  STATS_QUERY_INVALID = 'STATS_QUERY_INVALID',
  /** A `groupBy` entry that is not a dimension at all. */
  STATS_UNKNOWN_DIMENSION = 'STATS_UNKNOWN_DIMENSION',
  /** A dimension the subject does not have (an outcome of reports), or two time dimensions. */
  STATS_DIMENSION_NOT_FOR_SUBJECT = 'STATS_DIMENSION_NOT_FOR_SUBJECT',
  /** More dimensions than one query may group by. */
  STATS_TOO_MANY_DIMENSIONS = 'STATS_TOO_MANY_DIMENSIONS',
  /** `from`/`to` are not whole months (`YYYY-MM`), or `to` is before `from`. */
  STATS_RANGE_INVALID = 'STATS_RANGE_INVALID',
  /** The range spans more months than one query may. */
  STATS_RANGE_TOO_LONG = 'STATS_RANGE_TOO_LONG',
  /** The table would have more cells (margins included) than disclosure control handles at once. */
  STATS_TABLE_TOO_LARGE = 'STATS_TABLE_TOO_LARGE',
}

export const statsError = defineErrors<StatsErrorCode>({
  STATS_QUERY_INVALID: { status: 400, message: 'The query is not valid.' },
  STATS_UNKNOWN_DIMENSION: { status: 400, message: 'A groupBy entry is not a known dimension.' },
  STATS_DIMENSION_NOT_FOR_SUBJECT: {
    status: 400,
    message: 'A dimension is not available for this subject (or more than one time dimension was asked).',
  },
  STATS_TOO_MANY_DIMENSIONS: { status: 400, message: 'Too many dimensions in groupBy.' },
  STATS_RANGE_INVALID: {
    status: 400,
    message: 'from and to must be whole months (YYYY-MM) with to not before from.',
  },
  STATS_RANGE_TOO_LONG: { status: 400, message: 'The range spans too many months.' },
  STATS_TABLE_TOO_LARGE: { status: 400, message: 'The table has too many cells; group by fewer values.' },
});
