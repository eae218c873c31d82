import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApiApp } from '../bootstrap/create-api-app';
import { loadConfig } from '../config/load-config';
import { buildOpenApiDocument, serialiseOpenApi } from './openapi';

/** `npm run openapi`: writes openapi.json at the repository root (a test fails when it is stale). */
async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false' });
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
