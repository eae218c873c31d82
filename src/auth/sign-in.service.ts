import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '../access/clock';
import { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { generateSessionToken, wipe } from '../crypto';
import type { User } from '../users/user.entity';
import { UserKeysService } from '../users/user-keys.service';
import { UserAccountsService } from '../users/user-accounts.service';
import { UsersService } from '../users/users.service';
import { accountChangedSince } from './account-changed';
import { AuthErrorCode, authError } from './auth.errors';
import { AttemptClaim, FailureReason, LoginFailures } from './login-failures';
import { LoginThrottle } from './login-throttle';
import { Session, SessionStore } from '../sessions/session-store';
import { TotpService } from './totp/totp.service';

export interface SignInInput {
  username: string;
  password: string;
  totp?: string;
}

export interface SignInResult {
  token: string;
  expiresAt: number;
  user: User;
  enrolmentOnly: boolean;
}

/**
 * Sign-in. Every failure — unknown user, wrong password, wrong or replayed TOTP, locked, disabled,
 * throttled — gives the same LOGIN_FAILED and takes the same time: an unknown username costs the
 * same Argon2id run as a known one, and every answer waits until a fixed floor has passed.
 */
@Injectable()
export class SignInService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserAccountsService,
    private readonly keys: UserKeysService,
    private readonly totp: TotpService,
    private readonly failures: LoginFailures,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `sourceAddress` is only ever hashed (throttling); it is not logged or stored. */
  async signIn(input: SignInInput, sourceAddress: string): Promise<SignInResult> {
    const started = performance.now();
    try {
      // A full crypto pool (CryptoError BUSY) leaves as 503 through the error mapping, like on
      // every other route that derives a key.
      return await this.attempt(input, sourceAddress);
    } finally {
      const remaining = this.config.auth.loginMinResponseMs - (performance.now() - started);
      if (remaining > 0) await sleep(remaining);
    }
  }

  async signOut(principal: Principal): Promise<void> {
    await this.sessions.end(principal.sessionId);
    await this.audit.recordAlone({
      actor: { type: 'user', id: principal.userId },
      action: AuditAction.AUTH_SIGN_OUT,
      targetType: 'user',
      targetId: principal.userId,
      details: { reason: 'logout' },
    });
  }

  private async attempt(input: SignInInput, sourceAddress: string): Promise<SignInResult> {
    const username = UsersService.normaliseUsername(input.username);
    const ticket = await this.throttle.begin(username, sourceAddress);
    if (!ticket.allowed) {
      await this.failures.recordAnonymous('throttled');
      throw authError(AuthErrorCode.LOGIN_FAILED);
    }
    const user = await this.users.findByUsername(username);
    const claim = user ? await this.failures.claim(user.id) : 'unknown_user';
    if (!user || typeof claim === 'string') {
      await this.keys.decoy(input.password);
      if (user && typeof claim === 'string' && claim !== 'unknown_user')
        await this.failures.recordRefused(user, claim);
      else await this.failures.recordAnonymous('unknown_user');
      throw authError(AuthErrorCode.LOGIN_FAILED);
    }
    const session = await this.tryPassword(user, claim, input).catch(async (error: unknown) => {
      if (!isLoginFailed(error)) await this.failures.giveBack(claim);
      throw error;
    });
    await ticket.release();
    return session;
  }

  /** The claimed attempt itself: password, second factor, session. */
  private async tryPassword(user: User, claim: AttemptClaim, input: SignInInput): Promise<SignInResult> {
    const privateKey = await this.keys.unlock(user, input.password);
    if (!privateKey) {
      await this.failures.recordFailure(claim, 'bad_password');
      throw authError(AuthErrorCode.LOGIN_FAILED);
    }
    try {
      const totpStep = await this.checkTotp(user, claim, input.totp);
      const token = generateSessionToken();
      const session = await this.openSession(user, claim, totpStep, token, privateKey);
      return {
        token,
        expiresAt: session.expiresAt,
        user: { ...user, roles: session.roles },
        enrolmentOnly: session.enrolmentOnly,
      };
    } finally {
      wipe(privateKey);
    }
  }

  /**
   * The session of a successful attempt, stored while the account row is locked: a disable, role
   * change or password change that raced the Argon2id run either committed first (the row read
   * here shows it, and the sign-in fails) or waits for this transaction and then ends the new
   * session with the others. A TOTP step is accepted once only, in the same transaction.
   */
  private async openSession(
    user: User,
    claim: AttemptClaim,
    totpStep: number | null,
    token: string,
    privateKey: Uint8Array,
  ): Promise<Session> {
    let session: Session | null = null;
    try {
      return await this.users.transaction(async (manager) => {
        const current = await this.users.lockForUpdate(manager, user.id);
        if (!current || accountChangedSince(user, current)) throw new SignInRefused('changed_during_sign_in');
        if (totpStep !== null && !(await this.users.acceptTotpStep(manager, user.id, totpStep)))
          throw new SignInRefused('totp_replayed');
        await this.failures.clear(manager, current, claim);
        await this.audit.record(manager, {
          actor: { type: 'user', id: user.id },
          action: AuditAction.AUTH_SIGN_IN,
          targetType: 'user',
          targetId: user.id,
          details: { totp: totpStep !== null },
        });
        const enrolmentOnly = !current.totpConfirmed && this.config.auth.requireTotp;
        session = await this.sessions.create(token, current, privateKey, enrolmentOnly);
        return session;
      });
    } catch (error) {
      // The transaction did not commit: a session stored inside it must not outlive it.
      if (session) await this.sessions.end((session as Session).id);
      if (!(error instanceof SignInRefused)) throw error;
      await this.failures.recordFailure(claim, error.reason);
      throw authError(AuthErrorCode.LOGIN_FAILED);
    }
  }

  /** The accepted TOTP step, null when the user has no TOTP; throws LOGIN_FAILED (audited) otherwise. */
  private async checkTotp(user: User, claim: AttemptClaim, code: string | undefined): Promise<number | null> {
    if (!user.totpConfirmed) return null;
    if (!code) {
      await this.failures.recordFailure(claim, 'totp_missing');
      throw authError(AuthErrorCode.LOGIN_FAILED);
    }
    const step = this.totp.matchStep(user, code, this.clock.now());
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) {
      await this.failures.recordFailure(claim, step === null ? 'bad_totp' : 'totp_replayed');
      throw authError(AuthErrorCode.LOGIN_FAILED);
    }
    return step;
  }
}

/** A sign-in refused inside the session transaction, for a reason the audit log records. */
class SignInRefused extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason);
  }
}

function isLoginFailed(error: unknown): boolean {
  return (error as { code?: unknown })?.code === AuthErrorCode.LOGIN_FAILED;
}
