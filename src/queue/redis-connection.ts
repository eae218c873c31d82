import IORedis, { RedisOptions } from 'ioredis';
import type { AppConfig } from '../config';

/**
 * What a connection is for decides how it behaves when Redis is away:
 * - `command` (sessions, rate limits, queue producers): fail fast, so that a request answers at once
 *   instead of hanging; callers decide what an outage means (intake keeps its outbox row);
 * - `blocking` (BullMQ workers): wait and retry for ever, as BullMQ requires.
 */
export type RedisConnectionKind = 'command' | 'blocking';

const COMMAND_TIMEOUT_MS = 2_000;

/** The one Redis connection factory, for BullMQ and for sessions. */
export function createRedisConnection(
  config: Pick<AppConfig, 'redis'>,
  kind: RedisConnectionKind,
  name: string,
): IORedis {
  const options: RedisOptions = {
    connectionName: `corridor:${name}`,
    lazyConnect: false,
    enableAutoPipelining: kind === 'command',
    maxRetriesPerRequest: kind === 'blocking' ? null : 1,
    enableOfflineQueue: kind === 'blocking',
    connectTimeout: 5_000,
    // A command connection answers or fails within this: a Redis that is connected but stalled
    // must not hold a request (or a sign-in holding an account's row lock) for long.
    ...(kind === 'command' ? { commandTimeout: COMMAND_TIMEOUT_MS } : {}),
    retryStrategy: (attempt) => Math.min(200 * attempt, 2_000),
  };
  const connection = new IORedis(config.redis.url, options);
  // Without a listener ioredis prints every reconnect error; the health check reports the state.
  connection.on('error', () => undefined);
  return connection;
}
