import { randomUUID } from 'node:crypto';
import { LoginThrottle } from '../../src/auth/login-throttle';
import { hash, toBase64Url } from '../../src/crypto';
import { startTestApp, TestApp } from '../support/test-app';

/** The limits of LoginThrottle at their exact boundaries, and what its Redis keys may reveal. */
describe('login throttle limits', () => {
  let t: TestApp;
  let throttle: LoginThrottle;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_THROTTLE_PER_USERNAME: '2', LOGIN_THROTTLE_PER_ADDRESS: '3' } });
    throttle = t.app.get(LoginThrottle);
  });
  afterAll(() => t.close());

  it('allows exactly the configured attempts per username, then refuses', async () => {
    const user = `u-${randomUUID()}`;
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push((await throttle.begin(user, `198.51.100.${i}`)).allowed);
    expect(allowed).toEqual([true, true, false]);
  });

  it('allows exactly the configured attempts per address, then refuses', async () => {
    const allowed = [];
    for (let i = 0; i < 4; i++)
      allowed.push((await throttle.begin(`u-${randomUUID()}`, '198.51.100.77')).allowed);
    expect(allowed).toEqual([true, true, true, false]);
  });

  it('release gives the attempt back, for the username and the address', async () => {
    const user = `u-${randomUUID()}`;
    const first = await throttle.begin(user, '198.51.100.88');
    await throttle.begin(user, '198.51.100.88');
    await first.release();
    expect((await throttle.begin(user, '198.51.100.88')).allowed).toBe(true);
    expect((await throttle.begin(user, '198.51.100.88')).allowed).toBe(false);
  });

  it('keys counters by a keyed, truncated hash: neither the value nor its plain BLAKE2b appears', async () => {
    const user = `u-${randomUUID()}`;
    await throttle.begin(user, '198.51.100.99');
    const keys = (await t.redis.connection.keys(`${t.config.redis.prefix}:*login-throttle*`)).join('\n');
    expect(keys.length).toBeGreaterThan(0);
    for (const value of [user, '198.51.100.99']) {
      expect(keys).not.toContain(value);
      expect(keys).not.toContain(toBase64Url(hash(value)));
      expect(keys).not.toContain(toBase64Url(hash(value, { outputLength: 16 })));
    }
    // 16-byte digests: 22 base64url characters per counter key.
    const counters = keys.split('\n').filter((k) => !k.endsWith('salt'));
    for (const key of counters) expect(key.split(':').pop()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
