import { Role } from '../../src/access/permissions';
import { hotp } from '../../src/auth/totp/rfc6238';
import { User } from '../../src/users/user.entity';
import { createUser, signIn, TestUser, totpCode } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { dumpRedis, ErrorBody, login, shiftClock } from './support/auth-helpers';

const GENERIC = { error: expect.objectContaining({ code: 'LOGIN_FAILED', message: 'Sign-in failed.' }) };

describe('POST /auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_MAX_ATTEMPTS: '3', LOGIN_LOCKOUT_BASE_SECONDS: '60', LOGIN_THROTTLE_PER_USERNAME: '1000' },
    });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const auditActions = async (userId: string) =>
    (
      await t.dataSource.query<{ action: string; details: string }[]>(
        `SELECT action, details FROM audit_entries WHERE target_id = $1 ORDER BY occurred_at, id`,
        [userId],
      )
    ).map((r) => `${r.action} ${r.details}`);

  it('answers a token, its expiry and the user, and audits the sign-in', async () => {
    const user = await createUser(t, { roles: [Role.CASEWORKER] });
    const res = await login(t, { username: user.username, password: user.password, totp: totpCode(t, user) });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(res.body.expiresAt!) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(res.body.user).toMatchObject({
      id: user.id,
      roles: ['caseworker'],
      totpEnrolled: true,
      enrolmentOnly: false,
    });
    expect(JSON.stringify(res.body.user)).not.toMatch(/Key|verifier|salt|totpSecret/i);
    expect(await auditActions(user.id)).toContain('auth.sign_in {"totp":true}');
  });

  it('answers every kind of failure with the same 401 body, and audits the reason', async () => {
    const user = await createUser(t, { roles: [Role.TRIAGER] });
    const disabled = await createUser(t, { roles: [Role.TRIAGER], disabled: true });
    const attempts = [
      { username: 'nobody-here', password: user.password, totp: totpCode(t, user) },
      { username: user.username, password: `${user.password}x`, totp: totpCode(t, user) },
      { username: user.username, password: user.password },
      {
        username: user.username,
        password: user.password,
        totp: '000000' === totpCode(t, user) ? '111111' : '000000',
      },
      { username: disabled.username, password: disabled.password, totp: totpCode(t, disabled) },
    ];
    for (const body of attempts) {
      const res = await login(t, body);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(GENERIC);
    }
    const reasons = (await auditActions(user.id)).filter((a) => a.startsWith('auth.sign_in_failed'));
    expect(reasons).toEqual([
      'auth.sign_in_failed {"reason":"bad_password"}',
      'auth.sign_in_failed {"reason":"totp_missing"}',
      'auth.sign_in_failed {"reason":"bad_totp"}',
    ]);
    expect(await auditActions(disabled.id)).toContain('auth.sign_in_failed {"reason":"disabled"}');
    // The username typed is never recorded for an unknown user.
    const all = await t.dataSource.query<{ details: string }[]>(`SELECT details FROM audit_entries`);
    expect(JSON.stringify(all)).not.toContain('nobody-here');
  });

  it('accepts a TOTP code once only', async () => {
    const user = await createUser(t, { roles: [Role.ANALYST] });
    const code = totpCode(t, user);
    expect((await login(t, { username: user.username, password: user.password, totp: code })).status).toBe(
      200,
    );
    const replay = await login(t, { username: user.username, password: user.password, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(GENERIC);
    expect(await auditActions(user.id)).toContain('auth.sign_in_failed {"reason":"totp_replayed"}');
    // The next step's code is still good (±1 step), once.
    const next = hotp(user.totpSecret!, Math.floor(Date.now() / 30_000) + 1);
    expect((await login(t, { username: user.username, password: user.password, totp: next })).status).toBe(
      200,
    );
    expect((await login(t, { username: user.username, password: user.password, totp: next })).status).toBe(
      401,
    );
  });

  it('locks an account after repeated failures, with backoff, and unlocks when the lockout expires', async () => {
    const user = await createUser(t, { roles: [Role.COORDINATOR] });
    const wrong = () =>
      login(t, { username: user.username, password: 'wrong-password-123', totp: totpCode(t, user) });
    for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401);
    // Locked: even the right password and code fail, with the same answer.
    const whileLocked = await login(t, {
      username: user.username,
      password: user.password,
      totp: totpCode(t, user),
    });
    expect(whileLocked.body).toEqual(GENERIC);
    let row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(55_000);
    expect(row.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining([
        'auth.locked_out {"failures":3,"minutes":1}',
        'auth.sign_in_failed {"reason":"locked"}',
      ]),
    );

    // After the lockout: one more failure locks again, for twice as long.
    shiftClock(t, 61_000);
    expect((await wrong()).status).toBe(401);
    row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.lockedUntil!.getTime() - (Date.now() + 61_000)).toBeGreaterThan(115_000);

    // After that one: the right credentials work and reset the count.
    shiftClock(t, 61_000 + 121_000);
    await t.dataSource.manager.update(User, { id: user.id }, { totpLastStep: null });
    const ok = await login(t, { username: user.username, password: user.password, totp: totpCode(t, user) });
    expect(ok.status).toBe(200);
    row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    expect(row.failedAttempts).toBe(0);
    expect(row.lockedUntil).toBeNull();
  });

  it('keeps the source address and the username out of Redis and the logs', async () => {
    const user = await createUser(t, { roles: [Role.AUDITOR] });
    await login(
      t,
      { username: user.username, password: 'not-the-password-1' },
      { 'x-forwarded-for': '203.0.113.77' },
    );
    await signIn(t, user);
    const redis = (await dumpRedis(t)).join('\n');
    const logs = t.logs.text;
    expect(logs).toContain('/api/v1/auth/login'); // both sign-ins were logged: there is text to search
    for (const [where, text] of [
      ['redis', redis],
      ['logs', logs],
    ] as const) {
      for (const secret of [
        '127.0.0.1',
        '203.0.113.77',
        user.username,
        user.password,
        'not-the-password-1',
      ]) {
        expect({ where, leaked: text.includes(secret) ? secret : null }).toEqual({ where, leaked: null });
      }
    }
  });

  it('refuses a malformed request with a validation error that echoes nothing', async () => {
    const res = await t.post<ErrorBody>('/api/v1/auth/login', {
      username: 'x',
      password: 'secret-value-here',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('secret-value-here');
  });
});

describe('sign-in throttling', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_MAX_ATTEMPTS: '100', LOGIN_THROTTLE_PER_USERNAME: '3', LOGIN_THROTTLE_PER_ADDRESS: '6' },
    });
    user = await createUser(t, { roles: [Role.OPERATOR] });
  });
  afterAll(() => t.close());

  it('refuses a username after too many failures, whatever the password, with the same answer', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await login(t, { username: user.username, password: `wrong-${i}-password` })).status).toBe(401);
    }
    const right = await login(t, {
      username: user.username,
      password: user.password,
      totp: totpCode(t, user),
    });
    expect(right.status).toBe(401);
    expect(right.body).toEqual(GENERIC);
    const audited = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'auth.sign_in_failed' AND details LIKE '%throttled%'`,
    );
    expect(audited[0].n).toBe(1);
  });

  it('refuses a source address after too many failures across usernames', async () => {
    for (let i = 0; i < 3; i++) await login(t, { username: `ghost-${i}`, password: 'whatever-password' });
    const other = await createUser(t, { roles: [Role.OPERATOR] });
    const res = await login(t, {
      username: other.username,
      password: other.password,
      totp: totpCode(t, other),
    });
    expect(res.status).toBe(401);
  });
});
