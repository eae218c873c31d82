import type { DataSource } from 'typeorm';

/**
 * Every uuid column of every table holding any of `ids`, as `table.column: n` (audit entries keep
 * their text target ids on purpose: docs/retention.md). The columns are read from the catalogue,
 * so that a table added later is scanned too.
 */
export async function rowsNaming(dataSource: DataSource, ids: string[]): Promise<string[]> {
  const columns = await dataSource.query<{ table_name: string; column_name: string }[]>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type = 'uuid' ORDER BY table_name, column_name`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const [{ n }] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${c.table_name}" WHERE "${c.column_name}" = ANY ($1::uuid[])`,
      [ids],
    );
    if (n) found.push(`${c.table_name}.${c.column_name}: ${n}`);
  }
  return found;
}
