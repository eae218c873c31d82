import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../../config';

/** Builds the application's root module (AppModule.forRoot), registered by the root itself. */
export type ApplicationRoot = (
  config: AppConfig,
  options: { logStream?: DestinationStream },
) => DynamicModule;

let applicationRoot: ApplicationRoot | undefined;

/**
 * Called once by the composition root (app.module.ts, when it loads): features' CLI commands open
 * the application through `withAppContext` without importing the root that imports them.
 */
export function registerApplicationRoot(root: ApplicationRoot): void {
  applicationRoot = root;
}

/**
 * The application's services without HTTP, for the length of one CLI command: commands then apply
 * the same rules, keys and audit entries as the API. Logs go to stderr, so that stdout carries
 * only what the command prints.
 */
export async function withAppContext<T>(
  config: AppConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  if (!applicationRoot) throw new Error('the application root is not registered (import app.module first)');
  const app = await NestFactory.createApplicationContext(
    applicationRoot(config, { logStream: process.stderr }),
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
