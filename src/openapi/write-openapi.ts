import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApiApp } from '../bootstrap/create-api-app';
import { loadConfig } from '../config/load-config';
import { ensureDatabaseExists } from '../database/ensure-database';
import { buildOpenApiDocument, serialiseOpenApi } from './openapi';

/** `npm run openapi`: writes openapi.json at the repository root (a test fails when it is stale). */
async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false' });
  // The app connects at init even though no route runs: on a fresh development machine the
  // database may not exist yet (npm start would create it; so does this).
  if (config.nodeEnv !== 'production') await ensureDatabaseExists(config.database.url);
  const app = await createApiApp(config);
  await app.init();
  const target = resolve(__dirname, '..', '..', '..', 'openapi.json');
  writeFileSync(target, serialiseOpenApi(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi: ${(error as Error).message}\n`);
  process.exit(1);
});
