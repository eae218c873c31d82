import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { buildDataSourceOptions } from './data-source-options';

/**
 * Opens a data source for the length of one CLI command that works in SQL only (migrations, audit
 * verification): it loads no entity. Commands that need the features use `withAppContext`.
 */
export async function withDataSource<T>(config: AppConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(buildDataSourceOptions(config, 'corridor-cli'));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}
