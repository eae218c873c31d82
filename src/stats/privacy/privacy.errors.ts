import { defineErrors } from '../../common/errors';

/** The failures of differentially private statistics; none of them spends any budget. */
export enum StatsPrivacyErrorCode {
  /**
   * The analyst's ε budget for this period cannot pay for the query. `details`: the ε a query
   * costs, the ε left and the day the budget renews (no figure of any table).
   */
  STATS_BUDGET_EXHAUSTED = 'STATS_BUDGET_EXHAUSTED',
  /** A noised answer was asked for while STATS_DP_ENABLED is off. */
  STATS_DP_DISABLED = 'STATS_DP_DISABLED',
}

export const statsPrivacyError = defineErrors<StatsPrivacyErrorCode>({
  STATS_BUDGET_EXHAUSTED: {
    status: 429,
    message: 'The privacy budget for this period is spent; it renews at the start of the next period.',
  },
  STATS_DP_DISABLED: {
    status: 400,
    message: 'Differentially private answers are not enabled on this server.',
  },
});
