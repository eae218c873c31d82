import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../../app.module';
import type { AppConfig } from '../../config';

/**
 * The application's services without HTTP, for the length of one CLI command: commands then apply
 * the same rules, keys and audit entries as the API. Logs go to stderr, so that stdout carries
 * only what the command prints.
 */
export async function withAppContext<T>(
  config: AppConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { logStream: process.stderr }),
    {
      logger: false,
      abortOnError: false,
    },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
