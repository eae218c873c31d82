import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { RETENTION_KINDS } from '../../src/retention/retention-policy';
import { createTestDatabase } from '../support/test-database';

describe('migration CaseRetention', () => {
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

  it('checks the same kinds as src/retention/retention-policy.ts', async () => {
    const [row] = await ds.query<{ def: string }[]>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'form_retention_policies_kind_check'`,
    );
    expect([...row.def.matchAll(/'([a-z_.]+)'::text/g)].map((m) => m[1]).sort()).toEqual(
      [...RETENTION_KINDS].sort(),
    );
  });

  it('refuses a postponement without its reason, and an override under one day', async () => {
    const [{ def }] = await ds.query<{ def: string }[]>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'cases_retain_whole'`,
    );
    expect(def).toContain('retain_until IS NULL');
    const [{ id }] = await ds
      .query<{ id: string }[]>(`SELECT id FROM forms LIMIT 1`)
      .then((r) =>
        r.length ? r : ds.query(`INSERT INTO forms (slug, current_version) VALUES ('m', 1) RETURNING id`),
      );
    await expect(
      ds.query(`INSERT INTO form_retention_policies (form_id, kind, days) VALUES ($1, 'case.closed', 0)`, [
        id,
      ]),
    ).rejects.toThrow(/form_retention_policies_days_check/);
  });

  it('round-trips: down drops the table and columns, up brings them back', async () => {
    const last = async () =>
      (await ds.query<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`))[0]
        .name;
    while ((await last()) !== 'CaseRetention1795402000000') await ds.undoLastMigration();
    await ds.undoLastMigration();
    expect(await ds.query(`SELECT to_regclass('form_retention_policies') AS t`)).toEqual([{ t: null }]);
    const columns = await ds.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND column_name LIKE 'retain%'`,
    );
    expect(columns).toEqual([]);
    await ds.runMigrations();
    expect(await ds.query(`SELECT to_regclass('form_retention_policies') AS t`)).toEqual([
      { t: 'form_retention_policies' },
    ]);
  });
});
