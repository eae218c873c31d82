import { withAdminClient } from '../../support/pg-admin';
import type { TestApp } from '../../support/test-app';

/**
 * Closes a test app whose Redis is unreachable (`TestApp.close` first clears the app's Redis keys,
 * which cannot work then) and drops the database it was given.
 */
export async function closeAppWithoutRedis(t: TestApp): Promise<void> {
  await t.app.close();
  const name = decodeURIComponent(new URL(t.config.database.url).pathname.slice(1));
  await withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
