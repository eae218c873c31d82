import { ConfigError, loadConfig } from '../../src/config';

const base = { CORRIDOR_SECRETS_FILE: '/nonexistent/secrets.json' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('differential privacy settings (STATS_DP_*)', () => {
  it('are off by default, with ε 0.5 per query and 4 per analyst per month, as exact micro-epsilon', () => {
    expect(loadConfig(base).statsPrivacy).toEqual({
      enabled: false,
      epsilonPerQuery: 500_000,
      budgetPerPeriod: 4_000_000,
      period: 'month',
    });
  });

  it('read decimals exactly (three queries of 0.1 are exactly a budget of 0.3, no floating-point residue)', () => {
    const config = loadConfig({
      ...base,
      STATS_DP_ENABLED: 'true',
      STATS_DP_EPSILON_PER_QUERY: '0.1',
      STATS_DP_BUDGET_PER_PERIOD: '0.3',
      STATS_DP_BUDGET_PERIOD: 'quarter',
    }).statsPrivacy;
    expect(config).toEqual({
      enabled: true,
      epsilonPerQuery: 100_000,
      budgetPerPeriod: 300_000,
      period: 'quarter',
    });
    expect(3 * config.epsilonPerQuery).toBe(config.budgetPerPeriod);
  });

  it.each([
    ['STATS_DP_EPSILON_PER_QUERY', '0'],
    ['STATS_DP_EPSILON_PER_QUERY', '-1'],
    ['STATS_DP_EPSILON_PER_QUERY', '1e-3'],
    ['STATS_DP_EPSILON_PER_QUERY', '0.0000001'],
    ['STATS_DP_EPSILON_PER_QUERY', '11'],
    ['STATS_DP_BUDGET_PER_PERIOD', 'lots'],
    ['STATS_DP_BUDGET_PERIOD', 'week'],
    ['STATS_DP_ENABLED', 'maybe'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('refuse an ε per query above the whole budget (no query could ever be answered)', () => {
    expect(problemsOf({ STATS_DP_EPSILON_PER_QUERY: '2', STATS_DP_BUDGET_PER_PERIOD: '1.5' })).toEqual([
      'STATS_DP_EPSILON_PER_QUERY is above STATS_DP_BUDGET_PER_PERIOD: no query could be answered',
    ]);
  });
});
