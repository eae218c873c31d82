import { LoginThrottle } from '../../src/auth/login-throttle';
import { startTestApp, TestApp } from '../support/test-app';

describe('LoginThrottle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_THROTTLE_PER_USERNAME: '2', LOGIN_THROTTLE_PER_ADDRESS: '100' } });
  });
  afterAll(() => t.close());

  const saltKey = () => t.redis.key('login-throttle', 'salt');

  it('keys counters under one salt that every caller shares, with a day to live', async () => {
    const throttle = t.app.get(LoginThrottle);
    await t.redis.connection.del(saltKey());
    const answers = await Promise.all([1, 2, 3].map(() => throttle.begin('salt-user', '192.0.2.1')));
    // Three concurrent first callers: one salt wins, so the third attempt is over the limit of 2.
    expect(answers.map((a) => a.allowed).sort()).toEqual([false, true, true]);
    const ttl = await t.redis.connection.ttl(saltKey());
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });

  it('starts counting afresh under a new salt once the old one is gone', async () => {
    const throttle = t.app.get(LoginThrottle);
    await t.redis.connection.del(saltKey());
    for (let i = 0; i < 2; i++)
      expect((await throttle.begin('rotated-user', '192.0.2.2')).allowed).toBe(true);
    expect((await throttle.begin('rotated-user', '192.0.2.2')).allowed).toBe(false);
    await t.redis.connection.del(saltKey());
    expect((await throttle.begin('rotated-user', '192.0.2.2')).allowed).toBe(true);
  });
});
