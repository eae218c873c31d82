import { Role } from '../../src/access/permissions';
import { toBase64Url, fromBase64Url, initCrypto, toHex, unlockUserKeys, wipe } from '../../src/crypto';
import { LockdownService } from '../../src/auth/lockdown.service';
import { SessionStore } from '../../src/sessions/session-store';
import { toRecord } from '../../src/users/user-keys.service';
import { User } from '../../src/users/user.entity';
import { createSignedInUser, createUser, signIn } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { dumpRedis, shiftClock } from '../auth/support/auth-helpers';

const ME = '/api/v1/auth/me';
const MINUTE = 60_000;

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    await initCrypto();
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('end after 30 idle minutes', async () => {
    const { token } = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    shiftClock(t, 29 * MINUTE);
    expect((await t.get(ME, { token })).status).toBe(200);
    shiftClock(t, 29 * MINUTE + 30 * MINUTE + 1000);
    expect((await t.get(ME, { token })).status).toBe(401);
    // Gone for good: going back in time does not revive it.
    jest.restoreAllMocks();
    expect((await t.get(ME, { token })).status).toBe(401);
  });

  it('slide on use, but end after 12 hours whatever the use', async () => {
    const { token } = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
    let offset = 0;
    while (offset + 25 * MINUTE < 12 * 60 * MINUTE) {
      offset += 25 * MINUTE;
      shiftClock(t, offset);
      expect((await t.get(ME, { token })).status).toBe(200);
    }
    shiftClock(t, 12 * 60 * MINUTE + 1000);
    expect((await t.get(ME, { token })).status).toBe(401);
  });

  it('end at logout, and the token is then useless', async () => {
    const { token } = await createSignedInUser(t, { roles: [Role.ANALYST] });
    expect((await t.post('/api/v1/auth/logout', undefined, { token })).status).toBe(204);
    expect((await t.get(ME, { token })).status).toBe(401);
    expect((await t.post('/api/v1/auth/logout', undefined, { token })).status).toBe(401);
  });

  it('lockdown ends every session of every user, the admin’s own included', async () => {
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    const others = await Promise.all(
      [Role.CASEWORKER, Role.TRIAGER, Role.AUDITOR].map((role) => createSignedInUser(t, { roles: [role] })),
    );
    const second = await signIn(t, others[0]);
    const res = await t.post<{ sessionsEnded: number }>('/api/v1/admin/lockdown', undefined, {
      token: admin.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.sessionsEnded).toBeGreaterThanOrEqual(5);
    // Audited with the count it answered (other tests' sessions may be among them).
    const [entry] = await t.dataSource.query<{ details: string }[]>(
      `SELECT details FROM audit_entries WHERE action = 'admin.lockdown' AND actor_id = $1`,
      [admin.id],
    );
    expect(JSON.parse(entry.details)).toEqual({ sessionsEnded: res.body.sessionsEnded });
    for (const token of [admin.token, second, ...others.map((o) => o.token)]) {
      expect((await t.get(ME, { token })).status).toBe(401);
    }
    const keys = await dumpRedis(t);
    expect(keys.filter((k) => k.includes(':session:'))).toEqual([]);
    // New sign-ins work after a lockdown.
    const fresh = await signIn(t, others[1]);
    expect((await t.get(ME, { token: fresh })).status).toBe(200);
  });

  it('a lockdown that fails part-way is still audited, as not complete, and the error reaches the caller', async () => {
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    jest
      .spyOn(t.app.get(SessionStore), 'endAll')
      .mockRejectedValueOnce(new Error('Redis went away mid-scan'));
    await expect(t.app.get(LockdownService).lockdown({ type: 'user', id: admin.id })).rejects.toThrow();
    const [entry] = await t.dataSource.query<{ details: string }[]>(
      `SELECT details FROM audit_entries WHERE action = 'admin.lockdown' AND actor_id = $1`,
      [admin.id],
    );
    expect(JSON.parse(entry.details)).toEqual({ complete: false });
  });

  it('leave no token and no private key in the clear anywhere in Redis', async () => {
    const users = await Promise.all(
      [Role.CASEWORKER, Role.TRIAGER].map((role) => createSignedInUser(t, { roles: [role] })),
    );
    const values = (await dumpRedis(t)).join('\n');
    expect(values).toContain(':session:');
    for (const user of users) {
      const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
      const privateKey = unlockUserKeys(toRecord(row), user.password, user.id);
      const tokenBytes = fromBase64Url(user.token);
      for (const secret of [privateKey, tokenBytes]) {
        for (const form of [
          toBase64Url(secret),
          toHex(secret),
          Buffer.from(secret).toString('base64'),
          Buffer.from(secret).toString('latin1'),
        ]) {
          expect(values.includes(form)).toBe(false);
        }
      }
      expect(values.includes(user.token)).toBe(false);
      expect(values.includes(user.password)).toBe(false);
      wipe(privateKey);
    }
  });

  it('are served by any API node: signed in on one, used on another', async () => {
    const { token, id } = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const database = t.config.database.url;
    const other = await startTestApp({ databaseUrl: database });
    try {
      expect(other.config.redis.prefix).toBe(t.config.redis.prefix);
      const res = await other.get<{ id: string }>(ME, { token });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(id);
      // Logout on the second node ends it on the first.
      expect((await other.post('/api/v1/auth/logout', undefined, { token })).status).toBe(204);
      expect((await t.get(ME, { token })).status).toBe(401);
    } finally {
      await other.app.close();
    }
  });

  it('of a user end when the password changes or the user is disabled', async () => {
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const a = await signIn(t, user);
    const b = await signIn(t, user);
    const res = await t.request('PATCH', `/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    for (const token of [a, b]) expect((await t.get(ME, { token })).status).toBe(401);
    expect((await t.get(ME, { token: admin.token })).status).toBe(200);

    await t.request('PATCH', `/api/v1/users/${user.id}`, { token: admin.token, body: { disabled: false } });
    const c = await signIn(t, user);
    const d = await signIn(t, user);
    const newPassword = 'a-brand-new-long-passphrase';
    const change = await t.post(
      '/api/v1/auth/password',
      { currentPassword: user.password, newPassword },
      { token: c },
    );
    expect(change.status).toBe(204);
    for (const token of [c, d]) expect((await t.get(ME, { token })).status).toBe(401);
  });
});
