import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../access/clock';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import type { User } from '../users/user.entity';
import { UserAccountsService } from '../users/user-accounts.service';

/** Why a sign-in failed, for the audit log only (the caller always sees LOGIN_FAILED). */
export type FailureReason =
  | 'unknown_user'
  | 'disabled'
  | 'locked'
  | 'throttled'
  | 'bad_password'
  | 'totp_missing'
  | 'bad_totp'
  | 'totp_replayed'
  | 'changed_during_sign_in'
  | 'password_change_bad_password';

/** An attempt on an account, counted as a failure from before its password is tried. */
export interface AttemptClaim {
  userId: string;
  /** Failures in a row, this attempt included. */
  failures: number;
  /** How long this attempt locked the account for, in advance; null when it did not. */
  lockMs: number | null;
  /** The lockout this attempt set in advance, if any. */
  lockedUntil: Date | null;
}

/** Why an attempt could not even be made. */
export type ClaimRefusal = 'unknown_user' | 'disabled' | 'locked';

/**
 * Failed attempts on an account and the lockout they lead to: after `maxFailedAttempts` failures
 * in a row the account is locked for `lockoutBase`, doubling with every further failure up to
 * `lockoutMax`. A success resets the count. Kept on the user row, so it holds across nodes and
 * restarts; the clock is injectable so that tests can let a lockout expire.
 *
 * An attempt is counted when it starts, not when its Argon2id run has said it failed: `claim`
 * takes the row lock, refuses a locked or disabled account, counts the attempt and, when it is
 * the one that would reach the limit, locks the account at once. A burst of parallel attempts
 * therefore gets exactly `maxFailedAttempts` guesses (they used to be checked before the slow
 * derivation and counted after it, so all of a burst passed the check). A success clears the
 * count and that advance lockout in the transaction that opens the session.
 */
@Injectable()
export class LoginFailures {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserAccountsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  isLocked(user: Pick<User, 'lockedUntil'>): boolean {
    return user.lockedUntil !== null && user.lockedUntil.getTime() > this.clock.now();
  }

  /** Counts an attempt on `userId` before it is tried, or says why it may not be made. */
  async claim(userId: string): Promise<AttemptClaim | ClaimRefusal> {
    return this.users.transaction(async (manager) => {
      const row = await this.users.lockForUpdate(manager, userId);
      if (!row) return 'unknown_user';
      if (row.disabled) return 'disabled';
      if (this.isLocked(row)) return 'locked';
      const failures = row.failedAttempts + 1;
      const lockMs = failures >= this.config.auth.maxFailedAttempts ? this.lockoutMs(failures) : null;
      const lockedUntil = lockMs === null ? null : new Date(this.clock.now() + lockMs);
      await this.users.update(manager, userId, {
        failedAttempts: failures,
        ...(lockedUntil === null ? {} : { lockedUntil }),
      });
      return { userId, failures, lockMs, lockedUntil };
    });
  }

  /** A claimed attempt that failed: audited, with the lockout it caused (already in force). */
  async recordFailure(claim: AttemptClaim, reason: FailureReason): Promise<void> {
    await this.users.transaction(async (manager) => {
      await this.audit.record(manager, {
        actor: { type: 'user', id: claim.userId },
        action: AuditAction.AUTH_SIGN_IN_FAILED,
        targetType: 'user',
        targetId: claim.userId,
        details: { reason },
      });
      if (claim.lockMs === null) return;
      // A success of another attempt meanwhile may have lifted the lockout this one set.
      const row = await this.users.findById(claim.userId, manager);
      if (!row || !this.isLocked(row)) return;
      await this.audit.record(manager, {
        actor: { type: 'system' },
        action: AuditAction.AUTH_LOCKED_OUT,
        targetType: 'user',
        targetId: claim.userId,
        details: { failures: claim.failures, minutes: Math.ceil(claim.lockMs / 60_000) },
      });
    });
  }

  /**
   * A claimed attempt that succeeded, in the caller's transaction on the locked row `current`: the
   * failures up to and including it go, and with them the lockout it set in advance. Attempts
   * claimed after it (a guesser racing the owner) stay counted, and so does their lockout.
   */
  async clear(manager: EntityManager, current: User, claim: AttemptClaim): Promise<void> {
    const remaining = Math.max(0, current.failedAttempts - claim.failures);
    await this.users.update(manager, claim.userId, {
      failedAttempts: remaining,
      lockedUntil: remaining >= this.config.auth.maxFailedAttempts ? current.lockedUntil : null,
    });
  }

  /**
   * An attempt that ended in an error, not an answer (a full crypto pool, Redis or the database
   * away): its password was not found wrong, so it is given back, with the lockout it set in
   * advance. Best effort: if this fails too, the attempt stays counted (the safe side).
   */
  async giveBack(claim: AttemptClaim): Promise<void> {
    await this.users
      .transaction(async (manager) => {
        const row = await this.users.lockForUpdate(manager, claim.userId);
        if (!row) return;
        const ownLock =
          claim.lockedUntil !== null && row.lockedUntil?.getTime() === claim.lockedUntil.getTime();
        await this.users.update(manager, claim.userId, {
          failedAttempts: Math.max(0, row.failedAttempts - 1),
          ...(ownLock ? { lockedUntil: null } : {}),
        });
      })
      .catch(() => undefined);
  }

  private lockoutMs(failures: number): number {
    const { maxFailedAttempts, lockoutBaseMs, lockoutMaxMs } = this.config.auth;
    return Math.min(lockoutBaseMs * 2 ** Math.min(failures - maxFailedAttempts, 30), lockoutMaxMs);
  }

  /** A refused attempt on an account that is locked or disabled: audited, not counted again. */
  async recordRefused(user: User, reason: FailureReason): Promise<void> {
    await this.audit.recordAlone({
      actor: { type: 'user', id: user.id },
      action: AuditAction.AUTH_SIGN_IN_FAILED,
      targetType: 'user',
      targetId: user.id,
      details: { reason },
    });
  }

  /** A failure that touches no account (unknown username, throttled): audited only. */
  async recordAnonymous(reason: FailureReason): Promise<void> {
    await this.audit.recordAlone({
      actor: { type: 'system' },
      action: AuditAction.AUTH_SIGN_IN_FAILED,
      details: { reason },
    });
  }
}
