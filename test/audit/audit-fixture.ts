import { DataSource } from 'typeorm';
import { createAuditServices } from '../../src/audit/audit-standalone';
import { AppConfig, loadConfig } from '../../src/config';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { initCrypto } from '../../src/crypto';
import { createTestDatabase } from '../support/test-database';

export interface AuditFixture {
  config: AppConfig;
  dataSource: DataSource;
  services: ReturnType<typeof createAuditServices>;
  /** Another connection pool on the same database (a second API or worker process). */
  connect(): Promise<DataSource>;
  close(): Promise<void>;
}

/**
 * A fresh migrated database and the audit services wired without Nest. Connects as the test
 * superuser, which is what lets tampering tests switch the append-only triggers off.
 */
export async function createAuditFixture(env: Record<string, string> = {}): Promise<AuditFixture> {
  await initCrypto();
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, DATABASE_URL: db.url, DATABASE_POOL_SIZE: '10', ...env });
  const pools: DataSource[] = [];
  const connect = async () => {
    const ds = new DataSource(buildDataSourceOptions(config, 'corridor-test'));
    await ds.initialize();
    pools.push(ds);
    return ds;
  };
  const dataSource = await connect();
  return {
    config,
    dataSource,
    services: createAuditServices(dataSource, config),
    connect,
    async close() {
      await Promise.all(pools.map((p) => p.destroy()));
      await db.drop();
    },
  };
}

/** Runs `sql` with the append-only triggers off, as a database superuser tampering with the log would. */
export async function asSuperuser(ds: DataSource, sql: string, params: unknown[] = []): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    await m.query(sql, params);
  });
}
