import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule, loadConfig } from '../../src/config';
import { generateRecoveryKeyPair, initCrypto, toBase64Url, type KeyPair } from '../../src/crypto';
import { DatabaseModule } from '../../src/database/database.module';
import { LoggingModule } from '../../src/logging/logging.module';
import { QueueModule } from '../../src/queue/queue.module';
import { RedisClient } from '../../src/queue/redis.provider';
import { LogCapture } from './log-capture';
import { deleteKeysWithPrefix } from './test-app';
import { createTestDatabase } from './test-database';

/**
 * The service-level test tier: the feature modules a test names (and what they import — each
 * module declares it), on the four global ones (config, logging, database, queue), on a fresh
 * copy of the migrated template database and this file's Redis prefix. No HTTP, no guard, no
 * controllers serving: a test calls the services with their real repositories.
 */
export interface ServiceTier {
  app: INestApplicationContext;
  config: AppConfig;
  dataSource: DataSource;
  logs: LogCapture;
  /**
   * The install's recovery key pair, generated per tier as the HTTP test app does (so that a test
   * can act as the offline recovery key: team grants, opening a report's key); null when the test
   * set CORRIDOR_RECOVERY_PUBLIC_KEY itself.
   */
  recovery: KeyPair | null;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

export async function startServices(
  features: Type[],
  options: { env?: Record<string, string> } = {},
): Promise<ServiceTier> {
  await initCrypto();
  const recovery = options.env?.CORRIDOR_RECOVERY_PUBLIC_KEY ? null : generateRecoveryKeyPair();
  const database = await createTestDatabase();
  const config = loadConfig({
    ...process.env,
    ...(recovery ? { CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(recovery.publicKey) } : {}),
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    RUN_MIGRATIONS: 'false',
    ...options.env,
  });
  const logs = new LogCapture();

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(config, logs),
      DatabaseModule,
      QueueModule,
      ...features,
    ],
  })
  class ServiceTierModule {}

  const app = await NestFactory.createApplicationContext(ServiceTierModule, { logger: false });
  await app.init();
  return {
    app,
    config,
    logs,
    recovery,
    dataSource: app.get(DataSource),
    get: (type) => app.get(type, { strict: false }),
    async close() {
      await deleteKeysWithPrefix(app.get(RedisClient), config.redis.prefix);
      await app.close();
      await database.drop();
    },
  };
}
