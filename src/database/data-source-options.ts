import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import type { AppConfig } from '../config';

export type EntityClass = new (...args: never[]) => unknown;

/** One definition of the database connection, shared by the app, the worker, the CLI and the tests. */
/**
 * `entities` is for data sources outside the application (CLI, tests: see src/entities.ts); the
 * application's own comes from the features' registrations (`autoLoadEntities`).
 */
export function buildDataSourceOptions(
  config: Pick<AppConfig, 'database'>,
  appName = 'corridor',
  entities: EntityClass[] = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: appName,
    poolSize: config.database.poolSize,
    extra: {
      statement_timeout: config.database.statementTimeoutMs,
      // statement_timeout is enforced by the server, so it cannot end a wait on a link that went
      // silent (a dropped route: socket open, no reply): without a client-side bound such a request
      // hung until TCP gave up, minutes later. One second above the server's limit, so on a working
      // link the server's own timeout always answers first.
      query_timeout: config.database.statementTimeoutMs + 1_000,
      connectionTimeoutMillis: 5_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}
