import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { ENTITIES } from '../entities';

/** Opens the shared data source for the length of one command. */
export async function withDataSource<T>(config: AppConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(buildDataSourceOptions(config, 'corridor-cli', ENTITIES));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}
