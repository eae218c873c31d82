import { RETENTION_KINDS } from '../../src/retention/retention-policy';
import { migrationTestDataSource } from '../support/test-database';

describe('migration CaseRetention', () => {
  const dataSource = migrationTestDataSource();

  it('checks the same kinds as src/retention/retention-policy.ts', async () => {
    const [row] = await dataSource().query<{ def: string }[]>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'form_retention_policies_kind_check'`,
    );
    expect([...row.def.matchAll(/'([a-z_.]+)'::text/g)].map((m) => m[1]).sort()).toEqual(
      [...RETENTION_KINDS].sort(),
    );
  });

  it('refuses a postponement without its reason, and an override under one day', async () => {
    const [{ def }] = await dataSource().query<{ def: string }[]>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'cases_retain_whole'`,
    );
    expect(def).toContain('retain_until IS NULL');
    const [{ id }] = await dataSource()
      .query<{ id: string }[]>(`SELECT id FROM forms LIMIT 1`)
      .then((r) =>
        r.length
          ? r
          : dataSource().query(`INSERT INTO forms (slug, current_version) VALUES ('m', 1) RETURNING id`),
      );
    await expect(
      dataSource().query(
        `INSERT INTO form_retention_policies (form_id, kind, days) VALUES ($1, 'case.closed', 0)`,
        [id],
      ),
    ).rejects.toThrow(/form_retention_policies_days_check/);
  });

  it('round-trips: down drops the table and columns, up brings them back', async () => {
    const last = async () =>
      (
        await dataSource().query<{ name: string }[]>(
          `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
        )
      )[0].name;
    while ((await last()) !== 'CaseRetention1795402000000') await dataSource().undoLastMigration();
    await dataSource().undoLastMigration();
    expect(await dataSource().query(`SELECT to_regclass('form_retention_policies') AS t`)).toEqual([
      { t: null },
    ]);
    const columns = await dataSource().query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND column_name LIKE 'retain%'`,
    );
    expect(columns).toEqual([]);
    await dataSource().runMigrations();
    expect(await dataSource().query(`SELECT to_regclass('form_retention_policies') AS t`)).toEqual([
      { t: 'form_retention_policies' },
    ]);
  });
});
