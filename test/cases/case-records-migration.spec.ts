import type { DataSource } from 'typeorm';
import { CASE_MILESTONES, CASE_NEEDS, CASE_OUTCOMES, CASE_RISKS } from '../../src/cases/case-vocabulary';
import { migrationTestDataSource } from '../support/test-database';

/** The database's CHECK lists and the code's lists must say the same thing. */
async function checkList(ds: DataSource, constraintLike: string): Promise<string[]> {
  const rows = await ds.query<{ def: string }[]>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname LIKE $1`,
    [constraintLike],
  );
  return [...rows[0].def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
}

describe('migration CaseRecords', () => {
  const dataSource = migrationTestDataSource();

  it('checks the same fixed lists as src/cases/case-vocabulary.ts', async () => {
    expect(await checkList(dataSource(), 'case_needs_need_check')).toEqual([...CASE_NEEDS].sort());
    expect(await checkList(dataSource(), 'case_risks_risk_check')).toEqual([...CASE_RISKS].sort());
    expect(await checkList(dataSource(), 'case_milestones_milestone_check')).toEqual(
      [...CASE_MILESTONES].sort(),
    );
    expect(await checkList(dataSource(), 'cases_outcome_check')).toEqual([...CASE_OUTCOMES].sort());
  });

  it('round-trips: down drops the tables and columns, up brings them back', async () => {
    const last = async () =>
      (
        await dataSource().query<{ name: string }[]>(
          `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
        )
      )[0].name;
    while ((await last()) !== 'CaseRecords1795350000000') await dataSource().undoLastMigration();
    await dataSource().undoLastMigration();
    expect(await dataSource().query(`SELECT to_regclass('case_history') AS t`)).toEqual([{ t: null }]);
    const columns = await dataSource().query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'created_month',
      'id',
      'key_id',
      'status',
      'updated_month',
      'version',
    ]);
    await dataSource().runMigrations();
    expect(await dataSource().query(`SELECT to_regclass('case_history') AS t`)).toEqual([
      { t: 'case_history' },
    ]);
  });

  it('refuses an outcome on an open case and an on_hold case without the status it left', async () => {
    const id = '0b5c2c8e-4d7f-4f0e-9a1a-3c6f5a7e9d21';
    await dataSource().query(`INSERT INTO keys (id, kind, public_key) VALUES ($1, 'case', $2)`, [
      id,
      Buffer.alloc(32, 1),
    ]);
    await dataSource().query(
      `INSERT INTO cases (id, key_id, status, created_month, updated_month) VALUES ($1, $1, 'verifying', '2026-12', '2026-12')`,
      [id],
    );
    await expect(
      dataSource().query(`UPDATE cases SET outcome = 'returned' WHERE id = $1`, [id]),
    ).rejects.toThrow(/cases_outcome_only_when_closed/);
    await expect(
      dataSource().query(`UPDATE cases SET status = 'on_hold' WHERE id = $1`, [id]),
    ).rejects.toThrow(/cases_held_from_only_on_hold/);
    await dataSource().query(`UPDATE cases SET status = 'on_hold', held_from = 'verifying' WHERE id = $1`, [
      id,
    ]);
    await dataSource().query(
      `UPDATE cases SET status = 'closed', held_from = NULL, outcome = 'returned' WHERE id = $1`,
      [id],
    );
    const [row] = await dataSource().query<{ status: string; outcome: string }[]>(
      `SELECT status, outcome FROM cases WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'closed', outcome: 'returned' });
  });
});
