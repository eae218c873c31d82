import { AppConfig, loadConfig } from '../config';
import { ensureDatabaseExists } from '../database/ensure-database';
import { autoInitForDevelopment } from './dev-auto-init';

/**
 * Loads and checks the configuration (production refuses unsafe settings here, before anything
 * listens). In development it also creates the local database if it is missing and, on a first
 * start, runs `init`.
 */
export async function prepareEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  let config = loadConfig(env);
  if (config.isProduction) return config;
  // The default database or one named by DATABASE_URL alike (never in production).
  await ensureDatabaseExists(config.database.url);
  if (await autoInitForDevelopment(config)) config = loadConfig(env);
  if (config.developmentSecrets.length) {
    process.stderr.write(
      `notice: running with development secrets (${config.developmentSecrets.join(', ')}); ` +
        'run `npm run cli -- init` for real ones. Production refuses to start like this.\n',
    );
  }
  return config;
}
