import { Role } from '../../src/access/permissions';
import { createUser, TestUser, totpCode } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { login } from './support/auth-helpers';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(t: TestApp, body: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const res = await login(t, body);
  const elapsed = performance.now() - started;
  expect(res.status).toBe(401);
  return elapsed;
}

/**
 * An unknown username and a wrong password must cost the same: both run a real Argon2id, and every
 * answer waits for a floor. Measured without the floor (it would hide a difference) with a KDF
 * cost near the receipt setting, interleaving the two kinds so that machine noise hits both alike.
 */
describe('sign-in timing', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_MIN_RESPONSE_MS: '0',
        PASSWORD_KDF_OPS: '2',
        PASSWORD_KDF_MEM_MB: '16',
        LOGIN_MAX_ATTEMPTS: '100',
        LOGIN_THROTTLE_PER_USERNAME: '100000',
        LOGIN_THROTTLE_PER_ADDRESS: '100000',
      },
    });
    user = await createUser(t, { roles: [Role.CASEWORKER] });
  });
  afterAll(() => t.close());

  it('does not differ measurably between an unknown user and a wrong password', async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) await timed(t, { username: `warmup-${i}`, password: 'warm-up-password' });
    for (let i = 0; i < 60; i++) {
      unknown.push(
        await timed(t, { username: `nobody-${i}`, password: 'a-wrong-password-1', totp: '123456' }),
      );
      wrong.push(
        await timed(t, {
          username: user.username,
          password: `a-wrong-password-${i}`,
          totp: totpCode(t, user),
        }),
      );
    }
    const [mu, mw] = [median(unknown), median(wrong)];
    // Both do the real derivation (tens of ms here), so neither is the fast path.
    expect(Math.min(mu, mw)).toBeGreaterThan(10);
    // Other Jest workers share the 2 cores during a full run, and a wrong password does a little
    // more database work (the failure count) than an unknown user: allow 25 % or 8 ms. A missing
    // decoy derivation would make the unknown-user median several times smaller and still fail;
    // the production floor (LOGIN_MIN_RESPONSE_MS) hides the remaining gap.
    expect({
      unknownMs: Math.round(mu),
      wrongPasswordMs: Math.round(mw),
      close: Math.abs(mu - mw) < Math.max(8, 0.25 * Math.max(mu, mw)),
    }).toMatchObject({ close: true });
  }, 60_000);

  it('answers no sooner than the configured floor', async () => {
    const floored = await startTestApp({
      databaseUrl: t.config.database.url,
      env: { LOGIN_MIN_RESPONSE_MS: '250' },
    });
    try {
      const started = performance.now();
      const res = await login(floored, { username: 'nobody-at-all', password: 'x' });
      expect(res.status).toBe(401);
      expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    } finally {
      await floored.app.close();
    }
  });
});
