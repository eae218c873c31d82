import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap/create-api-app';
import { explainEmptyDevelopmentDatabase } from './bootstrap/dev-empty-database';
import { prepareEnvironment } from './bootstrap/prepare-environment';
import { runUntilSignal } from './bootstrap/shutdown';

/**
 * The API process. `--with-worker` also runs the queue processors and schedulers in this process
 * (`npm start`, a single-machine install); `npm run start:api` leaves them to `src/worker.ts`.
 */
async function main() {
  const startedAt = performance.now();
  const config = await prepareEnvironment();
  const withWorker = process.argv.includes('--with-worker');
  const app = await createApiApp(config, { withWorker });
  await app.listen({ host: config.http.host, port: config.http.port });
  const logger = new Logger('Main');
  logger.log(
    { port: config.http.port, withWorker, startupMs: Math.round(performance.now() - startedAt) },
    'Corridor API listening',
  );
  await explainEmptyDevelopmentDatabase(app, config);
  runUntilSignal(app, config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : 'Corridor failed to start');
  process.exit(1);
});
