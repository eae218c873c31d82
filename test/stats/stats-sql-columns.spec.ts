import type { StatsDimension } from '../../src/stats/stats-answer';
import { StatsReadSource } from '../../src/stats/stats-read-source';
import { atomQuery } from '../../src/stats/stats-sql';
import { StatsModule } from '../../src/stats/stats.module';
import { StatsService } from '../../src/stats/stats.service';
import { STATS_SUBJECTS, SUBJECT_DIMENSIONS } from '../../src/stats/stats-vocabulary';
import { startServices, type ServiceTier } from '../support/service-tier';

jest.setTimeout(120_000);

let tier: ServiceTier;
beforeAll(async () => {
  tier = await startServices([StatsModule]);
});
afterAll(() => tier?.close());

/**
 * The sealed columns, read from the schema itself rather than listed by hand (a new sealed column
 * is covered the day its migration lands): every bytea column, and any column whose name says it
 * holds ciphertext.
 */
async function sealedColumns(): Promise<string[]> {
  const rows = await tier.dataSource.query<{ column_name: string }[]>(
    `SELECT DISTINCT column_name FROM information_schema.columns
      WHERE table_schema = 'public'
        AND (data_type = 'bytea' OR column_name ~ '(sealed|envelope|cipher|wrapped|secret)')`,
  );
  return rows.map((r) => r.column_name).sort();
}

describe('statistics read plain columns only', () => {
  it('no statement the stats repository issues names a sealed column', async () => {
    const sealed = await sealedColumns();
    // The schema has sealed columns the stats tables sit beside (if this list were empty the test would prove nothing).
    expect(sealed).toEqual(
      expect.arrayContaining(['envelope', 'summary', 'alias', 'details', 'body', 'reason']),
    );
    const source = await tier.get(StatsReadSource).source();
    const statements: string[] = [];
    const query = source.query.bind(source);
    jest.spyOn(source, 'query').mockImplementation((sql: string, params?: Parameters<typeof query>[1]) => {
      statements.push(sql);
      return query(sql, params);
    });
    for (const subject of STATS_SUBJECTS)
      for (const dimension of ['month', ...SUBJECT_DIMENSIONS[subject]] as StatsDimension[])
        await tier
          .get(StatsService)
          .answerQuery({ subject, groupBy: [dimension], from: '2020-01', to: '2020-03' }, 'analyst', {
            type: 'system',
          });
    // Every dimension of a subject at once (the widest basis the ledger can build).
    for (const subject of STATS_SUBJECTS)
      statements.push(atomQuery(subject, SUBJECT_DIMENSIONS[subject], '2020-01', '2020-03').sql);
    expect(statements.length).toBeGreaterThan(STATS_SUBJECTS.length * 2);
    for (const sql of statements)
      for (const column of sealed)
        expect({ sql, names: new RegExp(`\\b${column}\\b`, 'i').test(sql) }).toEqual({ sql, names: false });
  });

  it('its connections are read-only: a write through them fails', async () => {
    const source = await tier.get(StatsReadSource).source();
    await expect(source.query(`DELETE FROM stats_releases`)).rejects.toThrow(/read-only transaction/);
  });
});
