import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../access/clock';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';

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
    private readonly users: UsersRepository,
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
      await this.users.update(manager, userId, {
        failedAttempts: failures,
        ...(lockMs === null ? {} : { lockedUntil: new Date(this.clock.now() + lockMs) }),
      });
      return { userId, failures, lockMs };
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
      await this.audit.record(manager, {
        actor: { type: 'system' },
        action: AuditAction.AUTH_LOCKED_OUT,
        targetType: 'user',
        targetId: claim.userId,
        details: { failures: claim.failures, minutes: Math.ceil(claim.lockMs / 60_000) },
      });
    });
  }

  /** A claimed attempt that succeeded: the count and any advance lockout go, in the caller's transaction. */
  async clear(manager: EntityManager, userId: string): Promise<void> {
    await this.users.update(manager, userId, { failedAttempts: 0, lockedUntil: null });
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
