import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';
import { createRedisConnection } from './redis-connection';

const CONNECT_WAIT_MS = 5_000;

/**
 * The shared fail-fast Redis client for sessions, rate limits and health checks. Every key it
 * writes goes through `key()`, so that each install (and each test worker) has its own prefix.
 */
@Injectable()
export class RedisClient implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly connection: IORedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedisConnection(config, 'command', 'app');
  }

  key(...parts: string[]): string {
    return [this.config.redis.prefix, ...parts].join(':');
  }

  /**
   * Waits for the connection before the app starts listening: a fail-fast client refuses commands
   * while it connects, so the first requests of a freshly started node would otherwise get 503s.
   * The wait ends at the first error too (and after the connect timeout at most): Redis being down
   * does not stop the start; health reports it and the routes that need it answer 503 until then.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.connection.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.connection.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      this.connection.once('ready', done).once('error', done);
    });
  }

  onApplicationShutdown(): void {
    this.connection.disconnect();
  }
}
