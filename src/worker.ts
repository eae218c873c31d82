import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestPinoLogger } from './logging/nest-pino-logger';
import { AppModule } from './app.module';
import { prepareEnvironment } from './bootstrap/prepare-environment';
import { runUntilSignal } from './bootstrap/shutdown';

/** The worker process: BullMQ processors, the outbox relay and schedulers; no HTTP. */
async function main() {
  const config = await prepareEnvironment();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { withWorker: true }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(NestPinoLogger));
  await app.init();
  new Logger('Worker').log('Corridor worker running');
  runUntilSignal(app, config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : 'Corridor worker failed to start');
  process.exit(1);
});
