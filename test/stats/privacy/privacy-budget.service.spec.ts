import { Role } from '../../../src/access/permissions';
import { Clock } from '../../../src/access/clock';
import type { AppError } from '../../../src/common/errors';
import { PrivacyBudgetModule } from '../../../src/stats/privacy/privacy-budget.module';
import { PrivacyBudgetService } from '../../../src/stats/privacy/privacy-budget.service';
import { StatsPrivacyErrorCode } from '../../../src/stats/privacy/privacy.errors';
import { UsersModule } from '../../../src/users/users.module';
import { UsersService } from '../../../src/users/users.service';
import { newUser } from '../../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../../support/service-tier';

jest.setTimeout(120_000);

/** ε 0.5 per query, 3.5 per analyst per month: exactly seven answers a month. */
const ENV = {
  STATS_DP_ENABLED: 'true',
  STATS_DP_EPSILON_PER_QUERY: '0.5',
  STATS_DP_BUDGET_PER_PERIOD: '3.5',
  STATS_DP_BUDGET_PERIOD: 'month',
};
const FITS = 7;
const MID_MARCH = Date.UTC(2026, 2, 15, 12, 0, 0);
const LAST_MOMENT_OF_MARCH = Date.UTC(2026, 2, 31, 23, 59, 59, 999);
const FIRST_OF_APRIL = Date.UTC(2026, 3, 1, 0, 0, 0);

let tier: ServiceTier;
let budgets: PrivacyBudgetService;
let now: jest.SpyInstance<number>;

beforeAll(async () => {
  tier = await startServices([UsersModule, PrivacyBudgetModule], { env: ENV });
  budgets = tier.get(PrivacyBudgetService);
  now = jest.spyOn(tier.get(Clock), 'now').mockReturnValue(MID_MARCH);
});
afterEach(() => now.mockReturnValue(MID_MARCH));
afterAll(() => tier?.close());

const analyst = () => newUser(tier, [Role.ANALYST]);

/** The code of the AppError `work` throws (fails the test when it does not throw one). */
async function refusal(work: Promise<unknown>): Promise<{ code: string; status: number; details: unknown }> {
  const error = (await work.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  )) as AppError;
  return { code: error.code, status: error.status, details: error.details };
}

/** The rows of the budget table, read directly (what the guard let through). */
async function rowsOf(userId: string) {
  return tier.dataSource.query<{ period_start: string; spent: string; limit: string }[]>(
    `SELECT to_char(period_start, 'YYYY-MM-DD') AS period_start, spent_micro_epsilon AS spent,
            limit_micro_epsilon AS limit
       FROM stats_privacy_budgets WHERE user_id = $1 ORDER BY period_start`,
    [userId],
  );
}

describe('PrivacyBudgetService.spend', () => {
  it('spends to the limit exactly, then refuses the next query with 429 STATS_BUDGET_EXHAUSTED', async () => {
    const { id } = await analyst();
    const remaining: number[] = [];
    for (let i = 0; i < FITS; i++) remaining.push((await budgets.spend(id)).remainingBudget);
    expect(remaining).toEqual([3, 2.5, 2, 1.5, 1, 0.5, 0]);
    expect(await refusal(budgets.spend(id))).toEqual({
      code: StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED,
      status: 429,
      details: { epsilonPerQuery: 0.5, remainingBudget: 0, renewsOn: '2026-04-01' },
    });
    expect(await rowsOf(id)).toEqual([{ period_start: '2026-03-01', spent: '3500000', limit: '3500000' }]);
  });

  it('keeps ε exact where floating point would not (35 spends of 0.1 make 3.5, not 3.4999…)', async () => {
    const { id } = await analyst();
    let last = await budgets.spend(id, 100_000);
    for (let i = 1; i < 35; i++) last = await budgets.spend(id, 100_000);
    expect(last).toEqual({ remainingBudget: 0, remainingMicroEpsilon: 0, renewsOn: '2026-04-01' });
    expect((await refusal(budgets.spend(id, 1))).code).toBe(StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED);
  });

  it('refuses a query that the remaining budget cannot pay in full, spending nothing', async () => {
    const { id } = await analyst();
    await budgets.spend(id, 3_000_000); // 0.5 left
    const refused = await refusal(budgets.spend(id, 600_000));
    expect(refused).toMatchObject({ code: StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED, status: 429 });
    expect(refused.details).toMatchObject({ remainingBudget: 0.5 });
    expect((await budgets.spend(id, 500_000)).remainingBudget).toBe(0);
    // More than a whole period's budget at once: refused before it reaches the table.
    const other = await analyst();
    expect((await refusal(budgets.spend(other.id, 3_500_001))).code).toBe(
      StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED,
    );
    expect(await rowsOf(other.id)).toEqual([]);
  });

  it('never overspends under concurrency: of 20 parallel queries exactly 7 are answered', async () => {
    for (const alreadySpent of [0, 1_000_000]) {
      // A fresh analyst (the first debits race to INSERT the row) and one with a row already.
      const { id } = await analyst();
      if (alreadySpent) await budgets.spend(id, alreadySpent);
      const fits = (3_500_000 - alreadySpent) / 500_000;
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => budgets.spend(id)));
      const answered = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as AppError).code] : []));
      expect([alreadySpent, answered.length]).toEqual([alreadySpent, fits]);
      expect(refused).toEqual(Array(20 - fits).fill(StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED));
      // Each answer saw a different remaining budget: the debits were serialised, none lost.
      const seen = answered.map((o) => o.value.remainingMicroEpsilon).sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: fits }, (_, i) => i * 500_000));
      expect((await rowsOf(id))[0].spent).toBe('3500000');
    }
  });

  it('renews at the start of the next month (UTC), and the old period stays as it was', async () => {
    const { id } = await analyst();
    now.mockReturnValue(LAST_MOMENT_OF_MARCH);
    for (let i = 0; i < FITS; i++) await budgets.spend(id);
    expect((await refusal(budgets.spend(id))).code).toBe(StatsPrivacyErrorCode.STATS_BUDGET_EXHAUSTED);
    now.mockReturnValue(FIRST_OF_APRIL);
    expect(await budgets.remaining(id)).toEqual({
      remainingBudget: 3.5,
      remainingMicroEpsilon: 3_500_000,
      renewsOn: '2026-05-01',
    });
    expect((await budgets.spend(id)).remainingBudget).toBe(3);
    expect(await rowsOf(id)).toEqual([
      { period_start: '2026-03-01', spent: '3500000', limit: '3500000' },
      { period_start: '2026-04-01', spent: '500000', limit: '3500000' },
    ]);
  });

  it('keeps each analyst to their own budget', async () => {
    const [a, b] = [await analyst(), await analyst()];
    for (let i = 0; i < FITS; i++) await budgets.spend(a.id);
    expect((await budgets.spend(b.id)).remainingBudget).toBe(3);
  });

  it("goes with the analyst's account: deleting the user deletes their budget rows", async () => {
    const admin = await newUser(tier, [Role.ADMIN]);
    const { id } = await analyst();
    await budgets.spend(id);
    expect(await rowsOf(id)).toHaveLength(1);
    await tier.get(UsersService).remove(admin.id, id);
    expect(await rowsOf(id)).toEqual([]);
  });

  it('the table refuses a row spent past its limit, whoever writes it (the CHECK)', async () => {
    const { id } = await analyst();
    await expect(
      tier.dataSource.query(
        `INSERT INTO stats_privacy_budgets (user_id, period_start, spent_micro_epsilon, limit_micro_epsilon)
         VALUES ($1, '2026-03-01', 3500001, 3500000)`,
        [id],
      ),
    ).rejects.toThrow(/stats_privacy_budgets_within_limit/);
  });
});

describe('PrivacyBudgetService with differential privacy off', () => {
  let off: ServiceTier;
  beforeAll(async () => {
    off = await startServices([UsersModule, PrivacyBudgetModule], { env: { STATS_DP_ENABLED: 'false' } });
  });
  afterAll(() => off?.close());

  it('spends nothing and answers STATS_DP_DISABLED', async () => {
    const { id } = await newUser(off, [Role.ANALYST]);
    expect(await refusal(off.get(PrivacyBudgetService).spend(id))).toMatchObject({
      code: StatsPrivacyErrorCode.STATS_DP_DISABLED,
      status: 400,
    });
    expect(
      await off.dataSource.query(`SELECT 1 FROM stats_privacy_budgets WHERE user_id = $1`, [id]),
    ).toEqual([]);
  });
});
