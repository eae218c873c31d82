import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The differential-privacy budget of each analyst (src/stats/privacy, SECURITY.md "Differential
 * privacy"): one row per analyst per calendar period (a month or a quarter, its first day), the ε
 * spent so far and the limit it was spent against, both in whole millionths of ε so that sums are
 * exact. The CHECK is the last line of defence under the guarded spend (which never writes past the
 * limit): no row can hold more spent than its limit. An analyst's rows go with their account.
 */
export class StatsPrivacyBudgets1795401000000 implements MigrationInterface {
  name = 'StatsPrivacyBudgets1795401000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_privacy_budgets (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        period_start date NOT NULL CHECK (extract(day FROM period_start) = 1),
        spent_micro_epsilon bigint NOT NULL CHECK (spent_micro_epsilon > 0),
        limit_micro_epsilon bigint NOT NULL CHECK (limit_micro_epsilon > 0),
        PRIMARY KEY (user_id, period_start),
        CONSTRAINT stats_privacy_budgets_within_limit CHECK (spent_micro_epsilon <= limit_micro_epsilon)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stats_privacy_budgets`);
  }
}
