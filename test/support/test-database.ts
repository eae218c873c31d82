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
