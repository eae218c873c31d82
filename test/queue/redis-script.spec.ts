import { touchSession } from '../../src/sessions/session-touch.script';
import { loadConfig } from '../../src/config/load-config';
import { createRedisConnection } from '../../src/queue/redis-connection';
import { incrementCounters } from '../../src/queue/redis-counters';

/**
 * The scripts run on the API's command connection, which pipelines automatically. Their very first
 * calls, many at once, land in one pipeline: with ioredis' defineCommand (EVALSHA, then load on
 * NOSCRIPT) that pipeline failed with "results[i] is not iterable" and the callers hung.
 */
describe('Lua scripts on an auto-pipelining connection', () => {
  it('answer many concurrent first calls on a fresh connection', async () => {
    const config = loadConfig({ ...process.env, REDIS_PREFIX: `script-${process.pid}-${Date.now()}` });
    const connection = createRedisConnection(config, 'command', 'script-test');
    try {
      while (connection.status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 10));
      await connection.script('FLUSH');
      const prefix = config.redis.prefix;
      const now = Date.now();
      const replies = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) =>
          touchSession(connection, { session: `${prefix}:s:${i}`, generation: `${prefix}:gen` }, now, 60_000),
        ),
        ...Array.from({ length: 10 }, () => incrementCounters(connection, [`${prefix}:c`], 60_000)),
      ]);
      expect(replies.slice(0, 10)).toEqual(Array(10).fill(null));
      expect(
        replies
          .slice(10)
          .map((r) => (r as number[])[0])
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      await connection.del(`${prefix}:c`);
    } finally {
      connection.disconnect();
    }
  });
});
