import { ConfigError, describeConfig, loadConfig } from '../../src/config';

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

describe('statistics configuration', () => {
  it('defaults: thresholds 5 and 10, base 5, public figures off, the main database, four public tables', () => {
    expect(loadConfig(base).stats).toEqual({
      threshold: 5,
      publicThreshold: 10,
      roundingBase: 5,
      solverTimeLimitMs: 2_000,
      databaseUrl: null,
      publicEnabled: false,
      publicTables: [
        { subject: 'reports', dimension: null },
        { subject: 'cases', dimension: null },
        { subject: 'evacuated', dimension: null },
        { subject: 'relocated_abroad', dimension: null },
      ],
      publicQuarters: 4,
      publicCacheSeconds: 3_600,
    });
  });

  it('reads a replica URL, public tables with a dimension, and hides the replica password when described', () => {
    const config = loadConfig({
      ...base,
      STATS_DATABASE_URL: 'postgres://reader:secret@replica:5432/corridor',
      STATS_PUBLIC_ENABLED: 'yes',
      STATS_PUBLIC_TABLES: 'cases:region, evacuated',
    });
    expect(config.stats).toMatchObject({
      databaseUrl: 'postgres://reader:secret@replica:5432/corridor',
      publicEnabled: true,
      publicTables: [
        { subject: 'cases', dimension: 'region' },
        { subject: 'evacuated', dimension: null },
      ],
    });
    expect(JSON.stringify(describeConfig(config))).not.toContain('secret@');
  });

  it.each([
    [{ STATS_THRESHOLD: '1' }, 'STATS_THRESHOLD'],
    [{ STATS_ROUNDING_BASE: '0' }, 'STATS_ROUNDING_BASE'],
    [{ STATS_THRESHOLD: '12' }, 'STATS_PUBLIC_THRESHOLD must not be below STATS_THRESHOLD'],
    [{ STATS_DATABASE_URL: 'mysql://x' }, 'STATS_DATABASE_URL'],
    [{ STATS_PUBLIC_ENABLED: 'maybe' }, 'STATS_PUBLIC_ENABLED'],
    [{ STATS_PUBLIC_TABLES: 'people' }, 'STATS_PUBLIC_TABLES'],
    [{ STATS_PUBLIC_QUARTERS: '0' }, 'STATS_PUBLIC_QUARTERS'],
    [{ STATS_PUBLIC_CACHE_SECONDS: '0' }, 'STATS_PUBLIC_CACHE_SECONDS'],
  ])('refuses %j', (env, problem) => {
    expect(problemsOf(env).join('\n')).toContain(problem);
  });
});
