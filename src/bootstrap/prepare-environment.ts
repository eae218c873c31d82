import { AppConfig, loadConfig } from '../config';
import { ensureDatabaseExists } from '../database/ensure-database';

/**
 * Loads and checks the configuration (production refuses unsafe settings here, before anything
 * listens), and in development creates the local database if it is missing.
 */
export async function prepareEnvironment(): Promise<AppConfig> {
  const config = loadConfig();
  if (!config.isProduction && !config.database.explicitlySet) await ensureDatabaseExists(config.database.url);
  if (config.developmentSecrets.length && !config.isProduction) {
    process.stderr.write(
      `notice: running with development secrets (${config.developmentSecrets.join(', ')}); ` +
        'run `npm run cli -- init` for real ones. Production refuses to start like this.\n',
    );
  }
  return config;
}
