import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { databaseUrl, withAdminClient } from './pg-admin';
import { templateDatabaseName } from './template-database';

/**
 * Runs once per Jest run: builds the migrated template database (if this set of migrations has
 * none yet). Each test file then copies it (`CREATE DATABASE … TEMPLATE`), which takes a fraction
 * of the time of migrating.
 */
export default async function globalSetup(): Promise<void> {
  const template = templateDatabaseName();
  await withAdminClient(async (admin) => {
    // Serialise template builds across concurrent Jest runs on this machine.
    await admin.query('SELECT pg_advisory_lock(727274)');
    try {
      const exists = await admin.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [
        template,
      ]);
      if (exists.rowCount && exists.rows[0].datistemplate) return;
      if (exists.rowCount) await admin.query(`DROP DATABASE "${template}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${template}"`);
      const ds = new DataSource(buildDataSourceOptions({ database: databaseConfig(databaseUrl(template)) }));
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      await ds.destroy();
      await admin.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(727274)');
    }
  });
}

function databaseConfig(url: string) {
  return { url, explicitlySet: true, poolSize: 2, statementTimeoutMs: 30_000, runMigrations: false };
}
