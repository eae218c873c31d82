import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { databaseUrl, withAdminClient } from './pg-admin';
import { templateDatabaseName } from './template-database';

let counter = 0;

/**
 * A fresh database for one test file, copied from the migrated template. Named after the Jest
 * worker's process id, so that parallel workers and overlapping runs never share one.
 */
export async function createTestDatabase(): Promise<{
  name: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `corridor_t_${process.pid}_${counter++}`;
  const template = templateDatabaseName();
  await withAdminClient(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdminClient(
        async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
      ),
  };
}

/**
 * A fresh migrated database and a TypeORM data source on it for one describe block (migration
 * tests run `down()`/`up()` on it): created before its tests, dropped after them. Returns the
 * data source once `beforeAll` has run.
 */
export function migrationTestDataSource(): () => DataSource {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions({ database: { url: database.url } as never }, 'test'));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  return () => dataSource;
}
