import type { RedisClient } from '../queue/redis.provider';

/**
 * The Redis keys of every kind of session, in one place: lockdown bumps the shared generation and
 * deletes all of them, caseworker and reporter sessions alike.
 */
export const sessionKeys = {
  caseworker: (redis: RedisClient, id: string) => redis.key('session', id),
  userIndex: (redis: RedisClient, userId: string) => redis.key('user-sessions', userId),
  reporter: (redis: RedisClient, id: string) => redis.key('reporter-session', id),
  /** Bumped by lockdown; a session stored under an older generation is refused everywhere. */
  generation: (redis: RedisClient) => redis.key('session-generation'),
};
