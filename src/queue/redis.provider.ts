import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';
import { createRedisConnection } from './redis-connection';

/**
 * The shared fail-fast Redis client for sessions, rate limits and health checks. Every key it
 * writes goes through `key()`, so that each install (and each test worker) has its own prefix.
 */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly connection: IORedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedisConnection(config, 'command', 'app');
  }

  key(...parts: string[]): string {
    return [this.config.redis.prefix, ...parts].join(':');
  }

  onApplicationShutdown(): void {
    this.connection.disconnect();
  }
}
