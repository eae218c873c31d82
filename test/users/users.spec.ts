import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { KeysService } from '../../src/keys/keys.service';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { ErrorBody } from '../auth/support/auth-helpers';
import { createSignedInUser, createUser, signIn, TestUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

interface UserBody {
  id: string;
  username: string;
  roles: string[];
  disabled: boolean;
  totpEnrolled: boolean;
  locked: boolean;
}

describe('user administration', () => {
  let t: TestApp;
  let admin: TestUser & { token: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
  });
  afterAll(() => t.close());

  const call = <T = UserBody>(method: string, path: string, body?: unknown) =>
    t.request<T>(method, `/api/v1${path}`, { token: admin.token, body });

  it('creates a user with a key pair, lower-cases the username, and audits it', async () => {
    const res = await call('POST', '/users', {
      username: 'Nadia.K',
      roles: ['caseworker', 'triager'],
      password: 'orchid-meadow-lantern-9',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'nadia.k',
      roles: ['caseworker', 'triager'],
      disabled: false,
      totpEnrolled: false,
    });
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: res.body.id });
    expect(row.publicKey).toHaveLength(32);
    expect(row.kdfParams).toMatch(/^argon2id:t=\d+,m=\d+$/);
    const audit = await t.dataSource.query<{ actor_id: string }[]>(
      `SELECT actor_id FROM audit_entries WHERE action = 'user.created' AND target_id = $1`,
      [res.body.id],
    );
    expect(audit).toEqual([{ actor_id: admin.id }]);
    const again = await call<ErrorBody>('POST', '/users', {
      username: 'nadia.k',
      roles: ['analyst'],
      password: 'another-fine-passphrase',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });

  it('refuses unknown roles, bad usernames and weak passwords', async () => {
    expect(
      (
        await call('POST', '/users', {
          username: 'ok-name',
          roles: ['superuser'],
          password: 'orchid-meadow-lantern-9',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/users', {
          username: 'has space',
          roles: ['analyst'],
          password: 'orchid-meadow-lantern-9',
        })
      ).status,
    ).toBe(400);
    const weak = await call<ErrorBody>('POST', '/users', {
      username: 'weakling',
      roles: ['analyst'],
      password: 'qwerty123456',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
  });

  it('lists users without any key material', async () => {
    const res = await call<UserBody[]>('GET', '/users');
    expect(res.status).toBe(200);
    expect(res.body.map((u) => u.id)).toContain(admin.id);
    expect(res.text).not.toMatch(/publicKey|wrapped|verifier|salt|totpSecret|kdf/i);
  });

  it('changes roles (ending the user’s sessions), disables and re-enables', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const token = await signIn(t, user);
    const res = await call('PATCH', `/users/${user.id}`, { roles: ['coordinator'] });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['coordinator']);
    expect((await t.get('/api/v1/auth/me', { token })).status).toBe(401);
    const fresh = await signIn(t, user);
    expect((await t.get<{ roles: string[] }>('/api/v1/auth/me', { token: fresh })).body.roles).toEqual([
      'coordinator',
    ]);

    expect((await call('PATCH', `/users/${user.id}`, { disabled: true })).body.disabled).toBe(true);
    await expect(signIn(t, user)).rejects.toThrow(/401/);
    expect((await call('PATCH', `/users/${user.id}`, { disabled: false })).body.disabled).toBe(false);
    expect(await signIn(t, user)).toBeTruthy();
  });

  it('keeps admins away from case content: no content role beside admin, no roles granted to oneself', async () => {
    const combined = await call<ErrorBody>('POST', '/users', {
      username: `mixed-${Date.now()}`,
      roles: ['admin', 'triager'],
      password: 'granite-willow-harbour-7',
    });
    expect(combined.status).toBe(400);
    expect(combined.body.error.code).toBe('ROLES_INCOMPATIBLE');
    const selfGrant = await call<ErrorBody>('PATCH', `/users/${admin.id}`, { roles: ['admin', 'analyst'] });
    expect(selfGrant.status).toBe(409);
    expect(selfGrant.body.error.code).toBe('SELF_CHANGE_REFUSED');
    const other = await createUser(t, { roles: [Role.ANALYST] });
    const promoted = await call<ErrorBody>('PATCH', `/users/${other.id}`, { roles: ['admin', 'caseworker'] });
    expect(promoted.body.error.code).toBe('ROLES_INCOMPATIBLE');
  });

  it('keeps at least one enabled admin and refuses to let an admin lock themselves out', async () => {
    const self = await call<ErrorBody>('PATCH', `/users/${admin.id}`, { disabled: true });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('SELF_CHANGE_REFUSED');
    expect((await call<ErrorBody>('DELETE', `/users/${admin.id}`)).status).toBe(409);
    const other = await createUser(t, { roles: [Role.ADMIN] });
    // Another admin exists: removing that one is fine, and then the last admin remains.
    expect((await call('PATCH', `/users/${other.id}`, { roles: ['analyst'] })).status).toBe(200);
    const count = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles) AND NOT disabled`,
    );
    expect(count[0].n).toBeGreaterThanOrEqual(1);
  });

  it('refuses a change that would leave no enabled admin (two admins demoting each other)', async () => {
    const other = await createUser(t, { roles: [Role.ADMIN] });
    const service = t.app.get(UsersService);
    // The other admin demotes everyone but themselves…
    for (const row of await t.dataSource.manager.find(User)) {
      if (row.roles.includes(Role.ADMIN) && row.id !== other.id) {
        await service.update(other.id, row.id, { roles: [Role.ANALYST] });
      }
    }
    // …and a request from a demoted admin, still in flight, cannot demote the last one.
    await expect(service.update(admin.id, other.id, { roles: [Role.ANALYST] })).rejects.toMatchObject({
      code: 'LAST_ADMIN',
    });
    await service.update(other.id, admin.id, { roles: [Role.ADMIN] });
    admin = { ...admin, token: await signIn(t, admin) };
  });

  it('deletes a user with their key slots and sessions', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const token = await signIn(t, user);
    await t.dataSource.transaction((m) =>
      t.app
        .get(KeysService)
        .create(m, { id: randomUUID(), kind: 'case', publicKey: new Uint8Array(32) }, [
          { holderType: 'user', holderId: user.id, sealedKey: Buffer.alloc(113, 1) },
        ]),
    );
    expect((await call('DELETE', `/users/${user.id}`)).status).toBe(204);
    expect(await t.dataSource.manager.findOneBy(User, { id: user.id })).toBeNull();
    expect(await t.dataSource.query(`SELECT 1 FROM key_slots WHERE holder_id = $1`, [user.id])).toEqual([]);
    expect((await t.get('/api/v1/auth/me', { token })).status).toBe(401);
    const audit = await t.dataSource.query<{ details: string }[]>(
      `SELECT details FROM audit_entries WHERE action = 'user.deleted' AND target_id = $1`,
      [user.id],
    );
    expect(audit).toEqual([{ details: '{"keySlotsRemoved":1}' }]);
  });

  it('answers 404 for an unknown or malformed user id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await call('PATCH', `/users/${id}`, { disabled: true })).status).toBe(404);
      expect((await call('DELETE', `/users/${id}`)).status).toBe(404);
      expect(
        (await call('POST', `/users/${id}/password-reset`, { password: 'orchid-meadow-lantern-9' })).status,
      ).toBe(404);
    }
  });

  it('resets a password with a new key pair, ending sessions and lifting a lockout', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const token = await signIn(t, user);
    await t.dataSource.manager.update(
      User,
      { id: user.id },
      { failedAttempts: 9, lockedUntil: new Date(Date.now() + 3_600_000) },
    );
    const before = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    const password = 'granite-willow-harbour-3';
    const res = await call('POST', `/users/${user.id}/password-reset`, { password });
    expect(res.status).toBe(200);
    expect(res.body.locked).toBe(false);
    const after = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(after.publicKey.equals(before.publicKey)).toBe(false);
    expect((await t.get('/api/v1/auth/me', { token })).status).toBe(401);
    expect(await signIn(t, { ...user, password })).toBeTruthy();
  });
});
