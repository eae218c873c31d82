import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MicroEpsilon } from './epsilon';

export interface BudgetRow {
  spent: MicroEpsilon;
  limit: MicroEpsilon;
}

/** Data access for stats_privacy_budgets (owned by the stats feature); no rules here. */
@Injectable()
export class PrivacyBudgetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds `epsilon` to the analyst's spending in the period in one statement, only if the sum stays
   * within `limit`: the row lock that ON CONFLICT takes serialises concurrent debits, and the WHERE
   * is evaluated on the latest committed row, so parallel queries can never spend past the limit.
   * Null when the guard refused (nothing was written). The caller ensures `epsilon ≤ limit` (a first
   * debit above the limit would break the table's CHECK instead).
   */
  async debit(
    manager: EntityManager | undefined,
    row: { userId: string; periodStart: string; epsilon: MicroEpsilon; limit: MicroEpsilon },
  ): Promise<BudgetRow | null> {
    const [written] = await (manager ?? this.dataSource.manager).query<{ spent: string; limit: string }[]>(
      `INSERT INTO stats_privacy_budgets AS b (user_id, period_start, spent_micro_epsilon, limit_micro_epsilon)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, period_start) DO UPDATE
          SET spent_micro_epsilon = b.spent_micro_epsilon + EXCLUDED.spent_micro_epsilon,
              limit_micro_epsilon = EXCLUDED.limit_micro_epsilon
        WHERE b.spent_micro_epsilon + EXCLUDED.spent_micro_epsilon <= EXCLUDED.limit_micro_epsilon
       RETURNING spent_micro_epsilon AS spent, limit_micro_epsilon AS limit`,
      [row.userId, row.periodStart, row.epsilon, row.limit],
    );
    return written ? { spent: Number(written.spent), limit: Number(written.limit) } : null;
  }

  /** What the analyst has spent in the period (0 when nothing yet). */
  async spent(userId: string, periodStart: string, manager?: EntityManager): Promise<MicroEpsilon> {
    const [row] = await (manager ?? this.dataSource.manager).query<{ spent: string }[]>(
      `SELECT spent_micro_epsilon AS spent FROM stats_privacy_budgets WHERE user_id = $1 AND period_start = $2`,
      [userId, periodStart],
    );
    return row ? Number(row.spent) : 0;
  }
}
