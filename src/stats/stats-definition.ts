import type { StatsAudience, StatsDimension, StatsSubject } from './stats-answer';
import { statsError, StatsErrorCode } from './stats.errors';
import { MONTH_PATTERN, monthsBetween } from './stats-months';
import { STATS_DIMENSIONS, STATS_LIMITS, SUBJECT_DIMENSIONS, TIME_DIMENSIONS } from './stats-vocabulary';

/** What a query asks: one subject counted by up to three dimensions over whole months. */
export interface StatsDefinition {
  readonly subject: StatsSubject;
  readonly groupBy: readonly StatsDimension[];
  /** `YYYY-MM`, inclusive. */
  readonly from: string;
  readonly to: string;
}

/** The shape of a query before its rules are checked (what the route and the CLI parse). */
export interface StatsQueryInput {
  readonly subject: StatsSubject;
  readonly groupBy: readonly string[];
  readonly from: string;
  readonly to: string;
  /** `dp`: an analyst's free query answered with noise from the privacy budget; default suppression. */
  readonly privacy?: StatsPrivacy;
}

export const STATS_PRIVACY = ['suppression', 'dp'] as const;
export type StatsPrivacy = (typeof STATS_PRIVACY)[number];

/**
 * The rules of a query, each with its own code: known dimensions, available for the subject, at
 * most one time dimension, at most STATS_LIMITS.maxDimensions, whole months in order, bounded range.
 * Returns the definition with its dimensions deduplicated in the order asked.
 */
export function checkDefinition(
  input: StatsQueryInput,
  audience: StatsAudience = 'analyst',
): StatsDefinition {
  const groupBy = [...new Set(input.groupBy)];
  for (const dimension of groupBy)
    if (!STATS_DIMENSIONS.includes(dimension as StatsDimension))
      throw statsError(StatsErrorCode.STATS_UNKNOWN_DIMENSION, { fields: ['groupBy'] });
  const dimensions = groupBy as StatsDimension[];
  if (dimensions.length > STATS_LIMITS.maxDimensions)
    throw statsError(StatsErrorCode.STATS_TOO_MANY_DIMENSIONS, { max: STATS_LIMITS.maxDimensions });
  const times = dimensions.filter((d) => TIME_DIMENSIONS.has(d));
  const others = dimensions.filter((d) => !TIME_DIMENSIONS.has(d));
  if (times.length > 1 || others.some((d) => !SUBJECT_DIMENSIONS[input.subject].includes(d)))
    throw statsError(StatsErrorCode.STATS_DIMENSION_NOT_FOR_SUBJECT, { fields: ['groupBy'] });
  if (audience === 'public' && times.some((d) => d === 'month'))
    throw statsError(StatsErrorCode.STATS_DIMENSION_NOT_FOR_SUBJECT, { fields: ['groupBy'] });
  if (!MONTH_PATTERN.test(input.from) || !MONTH_PATTERN.test(input.to) || input.to < input.from)
    throw statsError(StatsErrorCode.STATS_RANGE_INVALID, { fields: ['from', 'to'] });
  if (monthsBetween(input.from, input.to).length > STATS_LIMITS.maxMonths)
    throw statsError(StatsErrorCode.STATS_RANGE_TOO_LONG, { maxMonths: STATS_LIMITS.maxMonths });
  return { subject: input.subject, groupBy: dimensions, from: input.from, to: input.to };
}
