import { z } from 'zod';
import { booleanFlag } from '../env-parsers';

/** A plain decimal with at most six places (`0.5`, `4`, `0.125`): what ε settings accept. */
const DECIMAL = /^(\d{1,4})(?:\.(\d{1,6}))?$/;

/**
 * The exact ε of a decimal in whole millionths (micro-epsilon: what the budget table stores and
 * the sampler's scale is built from), or null when it is not a plain decimal of ≤ 6 places.
 */
export function parseEpsilon(text: string): number | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'));
}

/** ε as a plain decimal of at most six places, turned into exact micro-epsilon. */
const epsilon = (max: number) =>
  z.string().transform((text, ctx) => {
    const micro = parseEpsilon(text);
    if (micro === null || micro < 1 || micro > max * 1_000_000) {
      ctx.addIssue({ code: 'custom', message: `must be a decimal above 0 and at most ${max} (≤ 6 places)` });
      return z.NEVER;
    }
    return micro;
  });

/**
 * Differential privacy for analysts' free statistics queries (src/stats/privacy, SECURITY.md):
 * off unless STATS_DP_ENABLED. Each noised answer spends STATS_DP_EPSILON_PER_QUERY of the
 * analyst's STATS_DP_BUDGET_PER_PERIOD, which renews each calendar month or quarter (UTC).
 */
const statsPrivacySchema = z.object({
  STATS_DP_ENABLED: booleanFlag.default(false),
  STATS_DP_EPSILON_PER_QUERY: epsilon(10).default(0.5 * 1_000_000),
  STATS_DP_BUDGET_PER_PERIOD: epsilon(1000).default(4 * 1_000_000),
  STATS_DP_BUDGET_PERIOD: z.enum(['month', 'quarter']).default('month'),
});

export type BudgetPeriod = z.infer<typeof statsPrivacySchema>['STATS_DP_BUDGET_PERIOD'];

export const statsPrivacySection = {
  schema: statsPrivacySchema,
  build(env: z.infer<typeof statsPrivacySchema>, problems: string[]) {
    if (env.STATS_DP_EPSILON_PER_QUERY > env.STATS_DP_BUDGET_PER_PERIOD)
      problems.push(
        'STATS_DP_EPSILON_PER_QUERY is above STATS_DP_BUDGET_PER_PERIOD: no query could be answered',
      );
    return {
      enabled: env.STATS_DP_ENABLED,
      /** Micro-epsilon (millionths of ε), exact. */
      epsilonPerQuery: env.STATS_DP_EPSILON_PER_QUERY,
      /** Micro-epsilon per analyst per period, exact. */
      budgetPerPeriod: env.STATS_DP_BUDGET_PER_PERIOD,
      period: env.STATS_DP_BUDGET_PERIOD,
    };
  },
};

export type StatsPrivacyConfig = ReturnType<typeof statsPrivacySection.build>;
