import { RateLimiter } from '../../src/abuse/rate-limiter';
import { LoginThrottle } from '../../src/auth/login-throttle';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The Redis counters of rate limits and sign-in throttles: every update leaves a TTL, none goes
 * below zero, and giving an attempt back never creates a counter (an expired one recreated at -1
 * with no TTL would live for ever and grant extra attempts).
 */
describe('Redis counters keep their TTL', () => {
  let t: TestApp;
  const redis = () => t.redis.connection;

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_THROTTLE_PER_USERNAME: '1000', LOGIN_THROTTLE_PER_ADDRESS: '1000' },
    });
    // The fail-fast client refuses commands until it has connected (no request has waited here).
    while (redis().status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 10));
  });
  afterAll(() => t.close());

  async function expectLiveCounters(keys: string[]) {
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(await redis().pttl(key)).toBeGreaterThan(0);
      expect(Number(await redis().get(key))).toBeGreaterThanOrEqual(0);
    }
  }

  /** The throttle's two counters (salted hashes: found by pattern, not computed here). */
  async function throttleKeys(): Promise<string[]> {
    const keys = await redis().keys(`${t.config.redis.prefix}:login-throttle:*`);
    return keys.filter((k) => !k.endsWith(':salt')).sort();
  }

  async function clearThrottle() {
    const keys = await throttleKeys();
    if (keys.length) await redis().del(...keys);
  }

  it('rate-limit counters carry a TTL, and one left without it (or below zero) is repaired', async () => {
    const limiter = t.app.get(RateLimiter);
    const window = Math.floor(Date.now() / 3_600_000);
    const stale = t.redis.key('abuse', 'rl', 'ttl-test:b', String(window));
    await redis().set(stale, '-1');
    const decision = await limiter.hit(
      [
        { key: 'ttl-test:a', limit: 5 },
        { key: 'ttl-test:b', limit: 1 },
      ],
      3600,
    );
    expect(decision).toMatchObject({ allowed: true, shared: true });
    expect(await redis().get(stale)).toBe('1');
    await expectLiveCounters(await redis().keys(`${t.config.redis.prefix}:abuse:rl:ttl-test:*`));
  });

  it('a sign-in attempt and its release leave TTL-bearing counters that never go below zero', async () => {
    await clearThrottle();
    const throttle = t.app.get(LoginThrottle);
    const ticket = await throttle.begin('ttl-user', '192.0.2.1');
    await ticket.release();
    await ticket.release();
    const keys = await throttleKeys();
    expect(keys).toHaveLength(2);
    await expectLiveCounters(keys);
    for (const key of keys) expect(await redis().get(key)).toBe('0');
  });

  it('releasing after the counters expired leaves them absent', async () => {
    await clearThrottle();
    const ticket = await t.app.get(LoginThrottle).begin('expiring-user', '192.0.2.2');
    await clearThrottle();
    await ticket.release();
    expect(await throttleKeys()).toEqual([]);
  });

  it('a throttle counter left without a TTL (or below zero) is repaired by the next attempt', async () => {
    await clearThrottle();
    const throttle = t.app.get(LoginThrottle);
    await throttle.begin('stale-user', '192.0.2.3');
    const keys = await throttleKeys();
    for (const key of keys) await redis().set(key, '-1');
    await throttle.begin('stale-user', '192.0.2.3');
    await expectLiveCounters(keys);
    for (const key of keys) expect(await redis().get(key)).toBe('1');
  });
});
