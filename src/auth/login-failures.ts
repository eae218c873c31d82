import { Inject, Injectable } from '@nestjs/common';
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
  | 'password_change_bad_password';

/**
 * Failed attempts on an account and the lockout they lead to: after `maxFailedAttempts` failures
 * in a row the account is locked for `lockoutBase`, doubling with every further failure up to
 * `lockoutMax`. A success resets the count. Kept on the user row, so it holds across nodes and
 * restarts; the clock is injectable so that tests can let a lockout expire.
 */
@Injectable()
export class LoginFailures {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  isLocked(user: User): boolean {
    return user.lockedUntil !== null && user.lockedUntil.getTime() > this.clock.now();
  }

  /** A failure on an existing account: counted, maybe locks it, audited in one transaction. */
  async record(user: User, reason: FailureReason): Promise<void> {
    await this.users.transaction(async (manager) => {
      const failures = await this.users.addFailedAttempt(manager, user.id);
      await this.audit.record(manager, {
        actor: { type: 'user', id: user.id },
        action: AuditAction.AUTH_SIGN_IN_FAILED,
        targetType: 'user',
        targetId: user.id,
        details: { reason },
      });
      const { maxFailedAttempts, lockoutBaseMs, lockoutMaxMs } = this.config.auth;
      if (failures < maxFailedAttempts) return;
      const lockMs = Math.min(lockoutBaseMs * 2 ** Math.min(failures - maxFailedAttempts, 30), lockoutMaxMs);
      await this.users.update(manager, user.id, { lockedUntil: new Date(this.clock.now() + lockMs) });
      await this.audit.record(manager, {
        actor: { type: 'system' },
        action: AuditAction.AUTH_LOCKED_OUT,
        targetType: 'user',
        targetId: user.id,
        details: { failures, minutes: Math.ceil(lockMs / 60_000) },
      });
    });
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
