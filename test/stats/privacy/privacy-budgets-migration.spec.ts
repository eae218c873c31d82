import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../../src/database/data-source-options';
import { createTestDatabase } from '../../support/test-database';

const MIGRATION = 'StatsPrivacyBudgets1795401000000';

describe('migration StatsPrivacyBudgets', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = new DataSource(buildDataSourceOptions({ database: { url: database.url } as never }, 'test'));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await database.drop();
  });

  const tableExists = async () =>
    (await ds.query<{ t: string | null }[]>(`SELECT to_regclass('stats_privacy_budgets') AS t`))[0].t !==
    null;
  const applied = async () =>
    (await ds.query<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY id`)).map((r) => r.name);

  it('round-trips: down drops the budget table, up brings it back', async () => {
    expect(await tableExists()).toBe(true);
    while ((await applied()).at(-1) !== MIGRATION) await ds.undoLastMigration();
    await ds.undoLastMigration();
    expect(await tableExists()).toBe(false);
    expect(await applied()).not.toContain(MIGRATION);
    await ds.runMigrations();
    expect(await tableExists()).toBe(true);
  });
});
