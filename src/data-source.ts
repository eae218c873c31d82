import { DataSource } from 'typeorm';
import { loadConfig } from './config/load-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { ENTITIES } from './entities';

/** The data source of the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(buildDataSourceOptions(loadConfig(), 'corridor-cli', ENTITIES));
