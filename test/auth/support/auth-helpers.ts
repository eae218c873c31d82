import { Clock } from '../../../src/access/clock';
import type { TestApp } from '../../support/test-app';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Moves the app's clock (sessions, lockouts, TOTP) to `Date.now() + offsetMs` from now on. */
export function shiftClock(t: TestApp, offsetMs: number): jest.SpyInstance {
  const clock = t.app.get(Clock);
  const spy = jest.spyOn(clock, 'now');
  spy.mockImplementation(() => Date.now() + offsetMs);
  return spy;
}

export function login(t: TestApp, body: Record<string, unknown>, headers?: Record<string, string>) {
  return t.request<
    { token?: string; expiresAt?: string; user?: Record<string, unknown> } & Partial<ErrorBody>
  >('POST', '/api/v1/auth/login', { body, headers });
}

/** Every value stored under this app's Redis prefix, as text (strings, hashes, sets, lists). */
export async function dumpRedis(t: TestApp): Promise<string[]> {
  const redis = t.redis.connection;
  const values: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.config.redis.prefix}:*`, 'COUNT', 500);
    for (const key of keys) {
      values.push(key);
      const type = await redis.type(key);
      if (type === 'string') values.push((await redis.getBuffer(key))?.toString('latin1') ?? '');
      if (type === 'hash') values.push(...Object.entries(await redis.hgetall(key)).flat());
      if (type === 'set') values.push(...(await redis.smembers(key)));
      if (type === 'list') values.push(...(await redis.lrange(key, 0, -1)));
      if (type === 'zset') values.push(...(await redis.zrange(key, 0, -1)));
    }
    cursor = next;
  } while (cursor !== '0');
  return values;
}
