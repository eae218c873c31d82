import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { Clock } from '../../src/access/clock';
import { AccountService } from '../../src/auth/account.service';
import { AuthModule } from '../../src/auth/auth.module';
import { AuthErrorCode } from '../../src/auth/auth.errors';
import { LoginFailures, type AttemptClaim } from '../../src/auth/login-failures';
import { SignInService } from '../../src/auth/sign-in.service';
import { totp } from '../../src/auth/totp/rfc6238';
import { totpSecretLocation, TotpService } from '../../src/auth/totp/totp.service';
import { decryptWithKey } from '../../src/crypto';
import { UserKeysService } from '../../src/users/user-keys.service';
import { SessionStore } from '../../src/sessions/session-store';
import { UserAccountsService } from '../../src/users/user-accounts.service';
import { newUser, principalOf } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';

/**
 * The rules of sign-in, lockout and the own-account changes at the service tier, each test aimed
 * at one rule a mutation run found undefended (docs/mutation.md): the lockout boundary, which
 * lockout a given-back attempt lifts, what a success clears, the session of a transaction that
 * did not commit, and the refusals of the account changes.
 */
describe('sign-in and account rules', () => {
  let tier: ServiceTier;
  let failures: LoginFailures;
  let accounts: UserAccountsService;
  let clock: Clock;
  const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

  beforeAll(async () => {
    tier = await startServices([AuthModule], {
      env: { LOGIN_MAX_ATTEMPTS: '3', LOGIN_LOCKOUT_BASE_SECONDS: '60', LOGIN_THROTTLE_PER_USERNAME: '1000' },
    });
    failures = tier.get(LoginFailures);
    accounts = tier.get(UserAccountsService);
    clock = tier.get(Clock);
  });
  afterAll(() => tier.close());
  afterEach(() => jest.restoreAllMocks());

  const at = (ms: number) => jest.spyOn(clock, 'now').mockReturnValue(ms);
  const row = async (id: string) => (await accounts.findById(id))!;
  const claimOf = async (userId: string): Promise<AttemptClaim> => {
    const claim = await failures.claim(userId);
    if (typeof claim === 'string') throw new Error(`claim refused: ${claim}`);
    return claim;
  };
  const setRow = (id: string, changes: Parameters<UserAccountsService['update']>[2]) =>
    accounts.transaction((m) => accounts.update(m, id, changes));
  /** The audit entries naming `userId`, details parsed (the column holds the canonical JSON text). */
  const auditOf = async (userId: string) =>
    (
      await tier.dataSource.query<{ action: string; actor_type: string; details: string }[]>(
        `SELECT action, actor_type, details FROM audit_entries WHERE target_id = $1 ORDER BY id`,
        [userId],
      )
    ).map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));
  /** Gives `user` a confirmed second factor, as an enrolment would, and returns its plain secret. */
  const enrolTotp = async (user: { id: string; username: string }) => {
    const { stored } = tier.get(TotpService).newSecret(await row(user.id));
    await setRow(user.id, { totpSecret: stored, totpConfirmed: true, totpLastStep: null });
    return decryptWithKey(tier.config.secrets.totpKey, new Uint8Array(stored), totpSecretLocation(user.id));
  };

  describe('LoginFailures', () => {
    it('is locked until the instant lockedUntil names, and no longer', async () => {
      const until = new Date(T0);
      at(T0 - 1);
      expect(failures.isLocked({ lockedUntil: until })).toBe(true);
      at(T0);
      expect(failures.isLocked({ lockedUntil: until })).toBe(false);
      expect(failures.isLocked({ lockedUntil: null })).toBe(false);
    });

    it('answers unknown_user for an account that does not exist', async () => {
      expect(await failures.claim(randomUUID())).toBe('unknown_user');
    });

    it('counts an attempt under the limit without setting any lockout', async () => {
      const user = await newUser(tier);
      at(T0);
      const claim = await claimOf(user.id);
      expect(claim).toMatchObject({ failures: 1, lockMs: null, lockedUntil: null });
      expect(await row(user.id)).toMatchObject({ failedAttempts: 1, lockedUntil: null });
    });

    it('audits a lockout only while it is still in force when the failure is recorded', async () => {
      const user = await newUser(tier);
      at(T0);
      await claimOf(user.id);
      await claimOf(user.id);
      const third = await claimOf(user.id);
      expect(third.lockMs).toBe(60_000);
      // A success of another attempt meanwhile lifted the lockout the third attempt set.
      await setRow(user.id, { failedAttempts: 0, lockedUntil: null });
      await failures.recordFailure(third, 'bad_password');
      const actions = (await auditOf(user.id)).map((e) => e.action);
      expect(actions).toContain('auth.sign_in_failed');
      expect(actions).not.toContain('auth.locked_out');
    });

    it('keeps the lockout on a success when the attempts claimed after it still reach the limit', async () => {
      const user = await newUser(tier);
      at(T0);
      const first = await claimOf(user.id);
      // Three attempts of a guesser claimed after the owner's: four counted, the account locked.
      await setRow(user.id, { failedAttempts: 4, lockedUntil: new Date(T0 + 60_000) });
      await accounts.transaction(async (m) =>
        failures.clear(m, (await accounts.lockForUpdate(m, user.id))!, first),
      );
      expect(await row(user.id)).toMatchObject({ failedAttempts: 3, lockedUntil: new Date(T0 + 60_000) });
    });

    it('lifts the lockout on a success when the attempts left stay under the limit', async () => {
      const user = await newUser(tier);
      at(T0);
      const first = await claimOf(user.id);
      await setRow(user.id, { failedAttempts: 3, lockedUntil: new Date(T0 + 60_000) });
      await accounts.transaction(async (m) =>
        failures.clear(m, (await accounts.lockForUpdate(m, user.id))!, first),
      );
      expect(await row(user.id)).toMatchObject({ failedAttempts: 2, lockedUntil: null });
    });

    it('gives an attempt back without lifting a lockout that a later attempt set', async () => {
      const user = await newUser(tier);
      at(T0);
      await claimOf(user.id);
      const second = await claimOf(user.id); // no lockout of its own
      const third = await claimOf(user.id); // locks
      await failures.giveBack(second);
      expect(await row(user.id)).toMatchObject({ failedAttempts: 2, lockedUntil: third.lockedUntil });
    });

    it('gives back its own lockout, and only its own: not one set later by another attempt', async () => {
      const user = await newUser(tier);
      at(T0);
      await claimOf(user.id);
      await claimOf(user.id);
      const third = await claimOf(user.id); // locks until T0 + 60 s
      // The owner's success lifts it; a guesser's attempt a minute later locks again.
      await setRow(user.id, { failedAttempts: 2, lockedUntil: null });
      at(T0 + 120_000);
      const later = await claimOf(user.id);
      expect(later.lockedUntil).not.toEqual(third.lockedUntil);
      await failures.giveBack(third);
      expect(await row(user.id)).toMatchObject({ failedAttempts: 2, lockedUntil: later.lockedUntil });
      await failures.giveBack(later);
      expect(await row(user.id)).toMatchObject({ failedAttempts: 1, lockedUntil: null });
    });

    it('gives an attempt back when the lockout it set has already been lifted', async () => {
      const user = await newUser(tier);
      at(T0);
      await claimOf(user.id);
      await claimOf(user.id);
      const third = await claimOf(user.id);
      await setRow(user.id, { failedAttempts: 3, lockedUntil: null });
      await failures.giveBack(third);
      expect(await row(user.id)).toMatchObject({ failedAttempts: 2, lockedUntil: null });
    });
  });

  describe('SignInService', () => {
    let signIn: SignInService;
    let sessions: SessionStore;
    beforeAll(() => {
      signIn = tier.get(SignInService);
      sessions = tier.get(SessionStore);
    });

    it('signs in an account without a second factor, restricted to enrolment while TOTP is required', async () => {
      expect(tier.config.auth.requireTotp).toBe(true);
      const user = await newUser(tier);
      const result = await signIn.signIn({ username: user.username, password: user.password }, '192.0.2.1');
      expect(result.enrolmentOnly).toBe(true);
      expect((await sessions.resolve(result.token))?.enrolmentOnly).toBe(true);
      const entry = (await auditOf(user.id)).find((e) => e.action === 'auth.sign_in');
      expect(entry?.details).toEqual({ totp: false });
    });

    it('signs in an enrolled account with its code, unrestricted, and audits the second factor', async () => {
      const user = await newUser(tier);
      const secret = await enrolTotp(user);
      const result = await signIn.signIn(
        { username: user.username, password: user.password, totp: totp(secret, Date.now()) },
        '192.0.2.1',
      );
      expect(result.enrolmentOnly).toBe(false);
      const entry = (await auditOf(user.id)).find((e) => e.action === 'auth.sign_in');
      expect(entry?.details).toEqual({ totp: true });
    });

    it('refuses a code accepted meanwhile inside the session transaction, audited as a replay', async () => {
      const user = await newUser(tier);
      const secret = await enrolTotp(user);
      const code = totp(secret, Date.now());
      await signIn.signIn({ username: user.username, password: user.password, totp: code }, '192.0.2.1');
      // A second sign-in with the same code that read the account before the first one committed.
      const stale = { ...(await row(user.id)), totpLastStep: null };
      jest.spyOn(accounts, 'findByUsername').mockResolvedValueOnce(stale);
      await expect(
        signIn.signIn({ username: user.username, password: user.password, totp: code }, '192.0.2.1'),
      ).rejects.toMatchObject({ code: AuthErrorCode.LOGIN_FAILED });
      const failed = (await auditOf(user.id)).filter((e) => e.action === 'auth.sign_in_failed');
      expect(failed.map((e) => e.details)).toEqual([{ reason: 'totp_replayed' }]);
    });

    it('audits an account deleted between its lookup and its claim as an unknown user, naming no account', async () => {
      const user = await newUser(tier);
      const ghost = { ...(await row(user.id)), id: randomUUID() };
      jest.spyOn(accounts, 'findByUsername').mockResolvedValueOnce(ghost);
      const before = Number((await tier.dataSource.query(`SELECT max(id) AS id FROM audit_entries`))[0].id);
      await expect(
        signIn.signIn({ username: user.username, password: user.password }, '192.0.2.1'),
      ).rejects.toMatchObject({ code: AuthErrorCode.LOGIN_FAILED });
      const entries = await tier.dataSource.query<
        { actor_type: string; target_id: string | null; details: string }[]
      >(
        `SELECT actor_type, target_id, details FROM audit_entries WHERE id > $1 AND action = 'auth.sign_in_failed'`,
        [before],
      );
      expect(entries.map((e) => ({ ...e, details: JSON.parse(e.details) as unknown }))).toEqual([
        { actor_type: 'system', target_id: null, details: { reason: 'unknown_user' } },
      ]);
    });

    it('ends the session stored by a transaction that then failed to commit, and passes the error on', async () => {
      const user = await newUser(tier);
      const created: string[] = [];
      const create = sessions.create.bind(sessions);
      jest.spyOn(sessions, 'create').mockImplementation(async (...args) => {
        const session = await create(...args);
        created.push(session.id);
        return session;
      });
      const commitFailure = new Error('commit failed');
      // The transaction that stored a session fails at its end (a lost connection at COMMIT, say).
      jest.spyOn(accounts, 'transaction').mockImplementation((work) =>
        tier.dataSource.transaction(async (m) => {
          const sessionsBefore = created.length;
          const result = await work(m);
          if (created.length > sessionsBefore) throw commitFailure;
          return result;
        }),
      );
      await expect(
        signIn.signIn({ username: user.username, password: user.password }, '192.0.2.1'),
      ).rejects.toBe(commitFailure);
      expect(created).toHaveLength(1);
      expect(await sessions.endUserSessions(user.id)).toBe(0); // nothing of it is left to end
    });

    it('signs out: the session ends and the sign-out is audited', async () => {
      const user = await newUser(tier);
      const result = await signIn.signIn({ username: user.username, password: user.password }, '192.0.2.1');
      const session = (await sessions.resolve(result.token))!;
      await signIn.signOut({ ...principalOf(user), sessionId: session.id });
      expect(await sessions.resolve(result.token)).toBeNull();
      const entry = (await auditOf(user.id)).find((e) => e.action === 'auth.sign_out');
      expect(entry).toMatchObject({ actor_type: 'user', details: { reason: 'logout' } });
    });
  });

  describe('AccountService', () => {
    let account: AccountService;
    beforeAll(() => {
      account = tier.get(AccountService);
    });
    const error = (code: AuthErrorCode, message: string) => expect.objectContaining({ code, message });

    it('shows the caller their own account', async () => {
      const user = await newUser(tier, [Role.ANALYST]);
      expect(await account.meView(principalOf(user))).toMatchObject({ id: user.id, username: user.username });
    });

    it('refuses to confirm a second factor that is already confirmed, or one never started', async () => {
      const enrolled = await newUser(tier);
      const secret = await enrolTotp(enrolled);
      await expect(account.confirmTotp(principalOf(enrolled), totp(secret, Date.now()))).rejects.toEqual(
        error(AuthErrorCode.TOTP_ALREADY_ENROLLED, 'Two-factor authentication is already enrolled.'),
      );
      const fresh = await newUser(tier);
      await expect(account.confirmTotp(principalOf(fresh), '123456')).rejects.toEqual(
        error(AuthErrorCode.TOTP_NOT_PENDING, 'Start two-factor enrolment first.'),
      );
      await account.enrolTotp(principalOf(fresh));
      const wrong = totp(new Uint8Array(20), Date.now());
      await expect(account.confirmTotp(principalOf(fresh), wrong)).rejects.toEqual(
        error(AuthErrorCode.TOTP_INVALID, 'The two-factor code is not valid.'),
      );
    });

    it('refuses a password change on a locked account even with the right password, changing nothing', async () => {
      const user = await newUser(tier);
      const lockedUntil = new Date(Date.now() + 60_000);
      await setRow(user.id, { failedAttempts: 3, lockedUntil });
      const before = await row(user.id);
      await expect(
        account.changePassword(principalOf(user), user.password, 'A-new-password-that-is-long'),
      ).rejects.toEqual(error(AuthErrorCode.PASSWORD_INCORRECT, 'The current password is not correct.'));
      const after = await row(user.id);
      expect(after.wrappedPrivateKey.equals(before.wrappedPrivateKey)).toBe(true);
      expect(after).toMatchObject({ failedAttempts: 3, lockedUntil });
    });

    it('gives the attempt back and keeps the admin’s keys when the account is reset during a change', async () => {
      const user = await newUser(tier);
      const keys = tier.get(UserKeysService);
      const wrap = keys.wrapKeys.bind(keys);
      let resetKey: Buffer | null = null;
      jest.spyOn(keys, 'wrapKeys').mockImplementationOnce(async (...args) => {
        const rewrapped = await wrap(...args);
        // An admin reset commits between the unlock and the change's transaction.
        const reset = await wrap(user.id, new Uint8Array(args[1]), 'An-admin-chosen-password');
        resetKey = Buffer.from(reset.wrappedPrivateKey);
        await setRow(user.id, reset);
        return rewrapped;
      });
      await expect(
        account.changePassword(principalOf(user), user.password, 'A-new-password-that-is-long'),
      ).rejects.toEqual(error(AuthErrorCode.PASSWORD_INCORRECT, 'The current password is not correct.'));
      const after = await row(user.id);
      expect(after.failedAttempts).toBe(0);
      expect(after.wrappedPrivateKey.equals(resetKey!)).toBe(true);
    });

    it('audits a password change with the number of sessions it ended', async () => {
      const user = await newUser(tier);
      const signIn = tier.get(SignInService);
      await signIn.signIn({ username: user.username, password: user.password }, '192.0.2.1');
      await signIn.signIn({ username: user.username, password: user.password }, '192.0.2.1');
      await account.changePassword(principalOf(user), user.password, 'A-new-password-that-is-long');
      const entry = (await auditOf(user.id)).find((e) => e.action === 'auth.password_changed');
      expect(entry?.details).toEqual({ sessionsEnded: 2 });
    });
  });
});
