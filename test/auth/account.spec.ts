import { Role } from '../../src/access/permissions';
import { totp } from '../../src/auth/totp/rfc6238';
import { initCrypto, unlockUserKeys, wipe } from '../../src/crypto';
import { toRecord } from '../../src/users/user-keys.service';
import { User } from '../../src/users/user.entity';
import { createSignedInUser, createUser, signIn, TestUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { ErrorBody, login } from './support/auth-helpers';

function secretOf(uri: string): Uint8Array {
  const base32 = new URL(uri).searchParams.get('secret')!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Uint8Array.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
}

describe('TOTP enrolment (TOTP required, the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('gives a user without TOTP a session restricted to enrolment, lifted by confirming a code', async () => {
    const user = await createUser(t, { roles: [Role.ADMIN], totp: false });
    const res = await login(t, { username: user.username, password: user.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ enrolmentOnly: true, totpEnrolled: false });
    const token = res.body.token!;
    const restricted = await t.get<{ enrolmentOnly: boolean }>('/api/v1/auth/me', { token });
    expect(restricted.status).toBe(200);
    expect(restricted.body.enrolmentOnly).toBe(true);
    expect((await t.get('/api/v1/users', { token })).status).toBe(403);
    expect(
      (
        await t.post(
          '/api/v1/auth/password',
          { currentPassword: user.password, newPassword: 'x'.repeat(20) },
          { token },
        )
      ).status,
    ).toBe(403);

    const enrol = await t.post<{ otpauthUri: string }>('/api/v1/auth/totp/enroll', undefined, { token });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Corridor:/);
    const secret = secretOf(enrol.body.otpauthUri);
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(Buffer.from(row.totpSecret!).includes(Buffer.from(secret))).toBe(false);

    const wrongCode = totp(secret, Date.now() + 10 * 60_000);
    const wrong = await t.post<ErrorBody>('/api/v1/auth/totp/confirm', { totp: wrongCode }, { token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('TOTP_INVALID');

    const code = totp(secret, Date.now());
    expect((await t.post('/api/v1/auth/totp/confirm', { totp: code }, { token })).status).toBe(204);
    expect((await t.get('/api/v1/users', { token })).status).toBe(200);
    expect((await t.get<{ enrolmentOnly: boolean }>('/api/v1/auth/me', { token })).body.enrolmentOnly).toBe(
      false,
    );
    const again = await t.post<ErrorBody>('/api/v1/auth/totp/enroll', undefined, { token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TOTP_ALREADY_ENROLLED');

    // From now on the code is required, and the confirming code cannot be replayed.
    expect((await login(t, { username: user.username, password: user.password })).status).toBe(401);
    expect((await login(t, { username: user.username, password: user.password, totp: code })).status).toBe(
      401,
    );
    const actions = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_entries WHERE target_id = $1`,
      [user.id],
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.totp_enrolled', 'auth.totp_confirmed']),
    );
  });

  it('refuses to confirm before enrolment', async () => {
    const user = await createUser(t, { roles: [Role.ANALYST], totp: false });
    const token = (await login(t, { username: user.username, password: user.password })).body.token!;
    const res = await t.post<ErrorBody>('/api/v1/auth/totp/confirm', { totp: '123456' }, { token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('TOTP_NOT_PENDING');
  });
});

describe('TOTP not required (AUTH_REQUIRE_TOTP=false)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_REQUIRE_TOTP: 'false' } });
  });
  afterAll(() => t.close());

  it('gives a full session to a user without TOTP', async () => {
    const user = await createUser(t, { roles: [Role.ADMIN], totp: false });
    const res = await login(t, { username: user.username, password: user.password });
    expect(res.body.user).toMatchObject({ enrolmentOnly: false });
    expect((await t.get('/api/v1/users', { token: res.body.token })).status).toBe(200);
  });
});

describe('POST /auth/password', () => {
  let t: TestApp;
  let user: TestUser;
  let token: string;
  beforeAll(async () => {
    await initCrypto();
    t = await startTestApp();
  });
  beforeEach(async () => {
    ({ token, ...user } = await createSignedInUser(t, { roles: [Role.CASEWORKER] }));
  });
  afterAll(() => t.close());

  it('re-wraps the same private key under the new password', async () => {
    const before = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    const oldKey = unlockUserKeys(toRecord(before), user.password, user.id);
    const newPassword = 'tide-lantern-orchard-sixty';
    const res = await t.post(
      '/api/v1/auth/password',
      { currentPassword: user.password, newPassword },
      { token },
    );
    expect(res.status).toBe(204);
    const after = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(after.publicKey.equals(before.publicKey)).toBe(true);
    expect(after.kdfSalt.equals(before.kdfSalt)).toBe(false);
    const newKey = unlockUserKeys(toRecord(after), newPassword, user.id);
    expect(Buffer.from(newKey).equals(Buffer.from(oldKey))).toBe(true);
    wipe(oldKey, newKey);
    expect(await signIn(t, { ...user, password: newPassword })).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(signIn(t, user)).rejects.toThrow(/401/);
  });

  it('refuses weak new passwords, naming the rules', async () => {
    for (const [newPassword, rule] of [
      ['short-1', 'min_length'],
      ['password12345', 'common'],
      [`x-${user.username}-long-enough`, 'contains_username'],
    ]) {
      const res = await t.post<ErrorBody>(
        '/api/v1/auth/password',
        { currentPassword: user.password, newPassword },
        { token },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PASSWORD_TOO_WEAK');
      expect(res.body.error.details?.rules).toContain(rule);
      expect(res.text).not.toContain(newPassword);
    }
  });

  it('refuses a wrong current password and counts it as a failed attempt', async () => {
    const res = await t.post<ErrorBody>(
      '/api/v1/auth/password',
      { currentPassword: 'not-my-password-at-all', newPassword: 'tide-lantern-orchard-sixty' },
      { token },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PASSWORD_INCORRECT');
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.failedAttempts).toBe(1);
    expect((await t.get('/api/v1/auth/me', { token })).status).toBe(200);
  });
});
