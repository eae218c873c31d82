import { migrationTestDataSource } from '../../support/test-database';

const MIGRATION = 'StatsPrivacyBudgets1795401000000';

describe('migration StatsPrivacyBudgets', () => {
  const dataSource = migrationTestDataSource();

  const tableExists = async () =>
    (await dataSource().query<{ t: string | null }[]>(`SELECT to_regclass('stats_privacy_budgets') AS t`))[0]
      .t !== null;
  const applied = async () =>
    (await dataSource().query<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY id`)).map(
      (r) => r.name,
    );

  it('round-trips: down drops the budget table, up brings it back', async () => {
    expect(await tableExists()).toBe(true);
    while ((await applied()).at(-1) !== MIGRATION) await dataSource().undoLastMigration();
    await dataSource().undoLastMigration();
    expect(await tableExists()).toBe(false);
    expect(await applied()).not.toContain(MIGRATION);
    await dataSource().runMigrations();
    expect(await tableExists()).toBe(true);
  });
});
