import { Injectable } from '@nestjs/common';
import { Clock } from '../access/clock';
import { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { wipe } from '../crypto';
import type { User } from '../users/user.entity';
import type { UserView } from '../users/user-view';
import { UserKeysService } from '../users/user-keys.service';
import { UserAccountsService } from '../users/user-accounts.service';
import { UsersService } from '../users/users.service';
import { accountChangedSince } from './account-changed';
import { AuthErrorCode, authError } from './auth.errors';
import { AttemptClaim, LoginFailures } from './login-failures';
import { SessionStore } from '../sessions/session-store';
import { TotpService } from './totp/totp.service';

/** A signed-in user's own account: who am I, TOTP enrolment, password change. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserAccountsService,
    private readonly usersService: UsersService,
    private readonly keys: UserKeysService,
    private readonly totp: TotpService,
    private readonly failures: LoginFailures,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  me(principal: Principal): Promise<User> {
    return this.usersService.getOrNotFound(principal.userId);
  }

  /** The caller's account as the API shows it (a narrow read: `GET /auth/me` runs on every page). */
  meView(principal: Principal): Promise<UserView> {
    return this.usersService.getView(principal.userId);
  }

  /**
   * Starts TOTP enrolment: a new secret, stored encrypted and pending until a code from it is
   * confirmed. Starting again replaces a pending secret; a confirmed one cannot be replaced from
   * a session (a stolen session must not be able to move the second factor to its own phone).
   */
  async enrolTotp(principal: Principal): Promise<string> {
    const user = await this.me(principal);
    if (user.totpConfirmed) throw authError(AuthErrorCode.TOTP_ALREADY_ENROLLED);
    const { stored, uri } = this.totp.newSecret(user);
    await this.users.transaction(async (manager) => {
      await this.users.update(manager, user.id, {
        totpSecret: stored,
        totpConfirmed: false,
        totpLastStep: null,
      });
      await this.audit.record(manager, {
        actor: { type: 'user', id: user.id },
        action: AuditAction.AUTH_TOTP_ENROLLED,
        targetType: 'user',
        targetId: user.id,
        details: {},
      });
    });
    return uri;
  }

  /** Confirms enrolment with a current code; the session is no longer restricted to enrolment. */
  async confirmTotp(principal: Principal, code: string): Promise<void> {
    const user = await this.me(principal);
    if (user.totpConfirmed) throw authError(AuthErrorCode.TOTP_ALREADY_ENROLLED);
    if (!user.totpSecret) throw authError(AuthErrorCode.TOTP_NOT_PENDING);
    const step = this.totp.matchStep(user, code, this.clock.now());
    if (step === null) throw authError(AuthErrorCode.TOTP_INVALID);
    await this.users.transaction(async (manager) => {
      await this.users.update(manager, user.id, { totpConfirmed: true, totpLastStep: step });
      await this.audit.record(manager, {
        actor: { type: 'user', id: user.id },
        action: AuditAction.AUTH_TOTP_CONFIRMED,
        targetType: 'user',
        targetId: user.id,
        details: {},
      });
    });
    await this.sessions.unrestrict(principal.sessionId);
  }

  /**
   * Re-wraps the same private key under the new password (new salt): every key slot stays valid.
   * Ends every session of the user, this one included. A wrong current password counts as a
   * failed sign-in (a stolen session must not become a password-guessing oracle).
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.me(principal);
    this.usersService.checkPassword(newPassword, user.username);
    // A locked account gets no more guesses through a session than through the sign-in form:
    // the attempt is counted (and may lock the account) before the password is tried.
    const claim = await this.failures.claim(user.id);
    if (typeof claim === 'string') throw authError(AuthErrorCode.PASSWORD_INCORRECT);
    await this.rewrap(user, claim, currentPassword, newPassword).catch(async (error: unknown) => {
      // Only a wrong password stays counted; an error (a full crypto pool, say) or an account
      // changed meanwhile gives the try back.
      if ((error as { code?: unknown })?.code !== AuthErrorCode.PASSWORD_INCORRECT)
        await this.failures.giveBack(claim);
      throw error instanceof AccountChangedMeanwhile ? authError(AuthErrorCode.PASSWORD_INCORRECT) : error;
    });
  }

  /**
   * Under the account's row lock, and only if its keys are still the ones unlocked: a concurrent
   * admin reset (new key pair, no access to old cases) must not be undone by re-wrapping the old key.
   */
  private async rewrap(user: User, claim: AttemptClaim, currentPassword: string, newPassword: string) {
    const privateKey = await this.keys.unlock(user, currentPassword);
    if (!privateKey) {
      await this.failures.recordFailure(claim, 'password_change_bad_password');
      throw authError(AuthErrorCode.PASSWORD_INCORRECT);
    }
    try {
      const keys = await this.keys.wrapKeys(user.id, privateKey, newPassword);
      await this.users.transaction(async (manager) => {
        const current = await this.users.lockForUpdate(manager, user.id);
        if (!current || accountChangedSince(user, current)) throw new AccountChangedMeanwhile();
        await this.failures.clear(manager, current, claim);
        await this.users.update(manager, user.id, keys);
        const sessionsEnded = await this.sessions.endUserSessions(user.id);
        await this.audit.record(manager, {
          actor: { type: 'user', id: user.id },
          action: AuditAction.AUTH_PASSWORD_CHANGED,
          targetType: 'user',
          targetId: user.id,
          details: { sessionsEnded },
        });
      });
    } finally {
      wipe(privateKey);
    }
  }
}

class AccountChangedMeanwhile extends Error {}
