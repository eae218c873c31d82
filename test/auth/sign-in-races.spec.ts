import { Role } from '../../src/access/permissions';
import { CryptoError } from '../../src/crypto';
import { sessionKeys } from '../../src/sessions/session-keys';
import { SessionStore } from '../../src/sessions/session-store';
import { User } from '../../src/users/user.entity';
import { UserKeysService } from '../../src/users/user-keys.service';
import { createSignedInUser, createUser, TestUser, totpCode } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { login } from './support/auth-helpers';

/**
 * Holds the next call of `object[method]` once it has run, until the test calls `open()`: a
 * sign-in stopped at a known point while something else happens. `arrived` resolves when it is held.
 */
function holdAfterNextCall<T extends object>(object: T, method: keyof T & string) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  let reached!: () => void;
  const arrived = new Promise<void>((r) => (reached = r));
  const original = (object[method] as (...args: unknown[]) => Promise<unknown>).bind(object);
  (jest.spyOn(object, method as never) as jest.SpyInstance).mockImplementationOnce(
    async (...args: unknown[]) => {
      const result = await original(...args);
      reached();
      await opened;
      return result;
    },
  );
  return { open, arrived };
}

/**
 * Sign-in against what happens while its Argon2id run takes its time: parallel guesses, and an
 * admin disabling the account. Real PostgreSQL row locks decide; the gates only hold a sign-in at
 * a known point so that the interleaving is the same on every run.
 */
describe('sign-in races', () => {
  let t: TestApp;
  let admin: TestUser & { token: string };
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_MAX_ATTEMPTS: '4',
        LOGIN_THROTTLE_PER_USERNAME: '1000',
        LOGIN_THROTTLE_PER_ADDRESS: '1000',
      },
    });
    admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const failureReasons = async (userId: string) =>
    (
      await t.dataSource.query<{ reason: string }[]>(
        `SELECT details::jsonb->>'reason' AS reason FROM audit_entries
          WHERE target_id = $1 AND action = 'auth.sign_in_failed'`,
        [userId],
      )
    ).map((r) => r.reason);

  const disable = (userId: string) =>
    t.request('PATCH', `/api/v1/users/${userId}`, { token: admin.token, body: { disabled: true } });

  // Nine at once: more would find the crypto pool's queue (size × 8) full and get 503s.
  it('gives a burst of parallel guesses exactly LOGIN_MAX_ATTEMPTS tries, then locks', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const answers = await Promise.all(
      Array.from({ length: 9 }, () =>
        login(t, { username: user.username, password: 'a-wrong-password-1', totp: totpCode(t, user) }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(401));
    const reasons = await failureReasons(user.id);
    expect(reasons.filter((r) => r === 'bad_password')).toHaveLength(4);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(5);
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.failedAttempts).toBe(4);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('locks the account during the last allowed attempt, and lifts that lock when it succeeds', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    for (let i = 0; i < 3; i++)
      expect((await login(t, { username: user.username, password: 'a-wrong-password-1' })).status).toBe(401);
    const keys = t.app.get(UserKeysService);
    const unlock = keys.unlock.bind(keys);
    let during: Pick<User, 'failedAttempts' | 'lockedUntil'> | null = null;
    jest.spyOn(keys, 'unlock').mockImplementation(async (...args) => {
      during = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
      return unlock(...args);
    });
    const ok = await login(t, { username: user.username, password: user.password, totp: totpCode(t, user) });
    expect(ok.status).toBe(200);
    expect(during!.failedAttempts).toBe(4);
    expect(during!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect([row.failedAttempts, row.lockedUntil]).toEqual([0, null]);
    expect((await t.request('GET', '/api/v1/auth/me', { token: ok.body.token })).status).toBe(200);
  });

  it('gives an attempt back when it ends in an error rather than an answer (a full crypto pool)', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    for (let i = 0; i < 3; i++)
      expect((await login(t, { username: user.username, password: 'a-wrong-password-1' })).status).toBe(401);
    const keys = t.app.get(UserKeysService);
    jest.spyOn(keys, 'unlock').mockRejectedValueOnce(new CryptoError('BUSY', 'queue full'));
    const busy = await login(t, {
      username: user.username,
      password: user.password,
      totp: totpCode(t, user),
    });
    expect(busy.status).toBe(503);
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    // Still three failures, and not locked by the fourth try, which never tried the password.
    expect([row.failedAttempts, row.lockedUntil]).toEqual([3, null]);
    expect(await failureReasons(user.id)).toEqual(['bad_password', 'bad_password', 'bad_password']);
  });

  it('keeps counting a guess that raced a successful sign-in of the owner', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const held = holdAfterNextCall(t.app.get(UserKeysService), 'unlock');
    const owner = login(t, { username: user.username, password: user.password, totp: totpCode(t, user) });
    await held.arrived;
    expect((await login(t, { username: user.username, password: 'a-wrong-password-1' })).status).toBe(401);
    held.open();
    expect((await owner).status).toBe(200);
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.failedAttempts).toBe(1);
  });

  it("does not let a password change undo an admin's reset that happened while it checked the old password", async () => {
    const user = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const held = holdAfterNextCall(t.app.get(UserKeysService), 'unlock');
    const changing = t.request('POST', '/api/v1/auth/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'a-brand-new-passphrase-42' },
    });
    await held.arrived;
    const reset = await t.request('POST', `/api/v1/users/${user.id}/password-reset`, {
      token: admin.token,
      body: { password: 'reset-by-the-admin-passphrase-7' },
    });
    expect(reset.status).toBeLessThan(300);
    const afterReset = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    held.open();
    const res = await changing;
    expect(res.status).toBe(403);
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.wrappedPrivateKey.equals(afterReset.wrappedPrivateKey)).toBe(true);
    expect(row.publicKey.equals(afterReset.publicKey)).toBe(true);
  });

  it('refuses a sign-in whose account was disabled while its password was being checked', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const held = holdAfterNextCall(t.app.get(UserKeysService), 'unlock');
    const signingIn = login(t, { username: user.username, password: user.password, totp: totpCode(t, user) });
    await held.arrived;
    expect((await disable(user.id)).status).toBe(200);
    held.open();
    const res = await signingIn;
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('LOGIN_FAILED');
    expect(await t.redis.connection.exists(sessionKeys.userIndex(t.redis, user.id))).toBe(0);
    expect(await failureReasons(user.id)).toEqual(['changed_during_sign_in']);
  });

  it('ends a session opened while an admin was disabling the account, once the disable goes through', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    // Held inside the sign-in's transaction, with the account row locked, after the session is stored.
    const held = holdAfterNextCall(t.app.get(SessionStore), 'create');
    const signingIn = login(t, { username: user.username, password: user.password, totp: totpCode(t, user) });
    await held.arrived;
    const disabling = disable(user.id);
    await waitForLockWait();
    held.open();
    const res = await signingIn;
    expect(res.status).toBe(200);
    expect((await disabling).status).toBe(200);
    const me = await t.request('GET', '/api/v1/auth/me', { token: res.body.token });
    expect(me.status).toBe(401);
  });

  /** Until a statement of this database waits for a row lock (the admin's UPDATE). */
  async function waitForLockWait(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the disable never waited for the row lock');
  }
});
