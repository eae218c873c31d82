import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../access/clock';
import { APP_CONFIG, type AppConfig } from '../../config';
import { periodOf } from './budget-period';
import { epsilonValue, type MicroEpsilon } from './epsilon';
import { PrivacyBudgetRepository } from './privacy-budget.repository';
import { statsPrivacyError, StatsPrivacyErrorCode } from './privacy.errors';

/** An analyst's budget after a debit (or as it stands): ε as numbers for the answer. */
export interface BudgetState {
  /** ε left this period (exact decimal of ≤ 6 places). */
  readonly remainingBudget: number;
  /** The same, in millionths, for exact arithmetic. */
  readonly remainingMicroEpsilon: MicroEpsilon;
  /** `YYYY-MM-DD`: the first day of the next period, when the budget renews. */
  readonly renewsOn: string;
}

/**
 * The per-analyst privacy budget (sequential composition: the ε of every noised answer in a period
 * add up, and their sum never exceeds STATS_DP_BUDGET_PER_PERIOD). Spend BEFORE computing the
 * answer, in the transaction that is committed before the answer leaves: a rolled-back debit must
 * mean that no noised figure was released.
 */
@Injectable()
export class PrivacyBudgetService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly budgets: PrivacyBudgetRepository,
    private readonly clock: Clock,
  ) {}

  /** The ε one noised answer costs (STATS_DP_EPSILON_PER_QUERY), in millionths. */
  get epsilonPerQuery(): MicroEpsilon {
    return this.config.statsPrivacy.epsilonPerQuery;
  }

  /**
   * Debits `epsilon` from the analyst's budget of the current period, atomically; answers what is
   * left. Throws STATS_DP_DISABLED when DP is off, STATS_BUDGET_EXHAUSTED (429) when the budget
   * cannot pay — then nothing is spent.
   */
  async spend(
    userId: string,
    epsilon: MicroEpsilon = this.epsilonPerQuery,
    manager?: EntityManager,
  ): Promise<BudgetState> {
    const { enabled, budgetPerPeriod: limit, period } = this.config.statsPrivacy;
    if (!enabled) throw statsPrivacyError(StatsPrivacyErrorCode.STATS_DP_DISABLED);
    if (!Number.isSafeInteger(epsilon) || epsilon < 1)
      throw new RangeError('ε must be a positive micro-epsilon');
    const bounds = periodOf(this.clock.now(), period);
    const debited =
      epsilon <= limit
        ? await this.budgets.debit(manager, { userId, periodStart: bounds.start, epsilon, limit })
        : null;
    if (!debited) {
      const spent = await this.budgets.spent(userId, bounds.start, manager);
      throw statsPrivacyError(StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED, {
        epsilonPerQuery: epsilonValue(epsilon),
        remainingBudget: epsilonValue(Math.max(0, limit - spent)),
        renewsOn: bounds.next,
      });
    }
    return this.state(debited.limit - debited.spent, bounds.next);
  }

  /** The analyst's budget as it stands this period (nothing spent). */
  async remaining(userId: string, manager?: EntityManager): Promise<BudgetState> {
    const { budgetPerPeriod: limit, period } = this.config.statsPrivacy;
    const bounds = periodOf(this.clock.now(), period);
    const spent = await this.budgets.spent(userId, bounds.start, manager);
    return this.state(Math.max(0, limit - spent), bounds.next);
  }

  private state(remaining: MicroEpsilon, renewsOn: string): BudgetState {
    return { remainingBudget: epsilonValue(remaining), remainingMicroEpsilon: remaining, renewsOn };
  }
}
