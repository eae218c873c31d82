import { UUID } from '../common/patterns';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../access/clock';
import { Role } from '../access/permissions';
import { AuditAction } from '../audit/audit-action';
import { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { passwordProblems } from './password-policy';
import { SessionStore } from '../sessions/session-store';
import { CommonErrorCode, commonError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { User } from './user.entity';
import { UserAccessListeners } from './user-access-listeners';
import { UserKeysService } from './user-keys.service';
import { UserView, toUserView } from './user-view';
import { UsersErrorCode, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

export interface NewUserInput {
  username: string;
  roles: Role[];
  password: string;
}

export interface UserChanges {
  roles?: Role[];
  disabled?: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/**
 * Account administration. Every change is audited in its own transaction; anything that changes
 * what a user may do (roles, disabling, deletion, a reset) ends that user's sessions at once,
 * since sessions carry the roles they were opened with.
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly keys: UserKeysService,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly slots: KeysService,
    private readonly accessListeners: UserAccessListeners,
  ) {}

  /** Usernames are compared lower-case: `Anna` and `anna` are one account. */
  static normaliseUsername(username: string): string {
    return username.trim().toLowerCase();
  }

  /** Whether a normalised username has the allowed shape (2–63 of a-z 0-9 . _ -, letter or digit first). */
  static isValidUsername(username: string): boolean {
    return USERNAME.test(username);
  }

  async create(actor: AuditActor, input: NewUserInput): Promise<UserView> {
    const username = UsersService.normaliseUsername(input.username);
    if (!UsersService.isValidUsername(username))
      throw commonError(CommonErrorCode.VALIDATION_FAILED, {
        fields: [{ field: 'username', rules: ['pattern'] }],
      });
    this.checkPassword(input.password, username);
    const roles = [...new Set(input.roles)];
    assertCompatibleRoles(roles);
    if (await this.users.findByUsername(username)) throw usersError(UsersErrorCode.USERNAME_TAKEN);
    const id = randomUUID();
    const keys = await this.keys.createKeys(id, input.password);
    try {
      await this.users.transaction(async (manager) => {
        await this.users.insert(manager, { id, username, roles, ...keys });
        await this.accessListeners.notify(manager, {
          userId: id,
          before: { roles: [], disabled: false },
          after: { roles, disabled: false },
        });
        await this.audit.record(manager, {
          actor,
          action: AuditAction.USER_CREATED,
          targetType: 'user',
          targetId: id,
          details: { roles },
        });
      });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw usersError(UsersErrorCode.USERNAME_TAKEN);
      }
      throw error;
    }
    return this.getView(id);
  }

  /** Enabled accounts holding `role`, with their public keys (team membership is read from them). */
  listEnabledWithRole(
    role: Role,
    manager?: EntityManager,
  ): Promise<{ id: string; username: string; publicKey: Uint8Array }[]> {
    return this.users.listEnabledWithRole(role, manager);
  }

  async list(): Promise<UserView[]> {
    const now = this.clock.now();
    return (await this.users.list()).map((u) => toUserView(u, now));
  }

  async update(actorId: string, id: string, changes: UserChanges): Promise<UserView> {
    const user = await this.getOrNotFound(id);
    const roles = changes.roles ? [...new Set(changes.roles)] : user.roles;
    const disabled = changes.disabled ?? user.disabled;
    const rolesChanged = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
    const losesAdmin = user.roles.includes(Role.ADMIN) && (!roles.includes(Role.ADMIN) || disabled);
    // An admin may not grant themselves a role (e.g. triager, and with it every new report's key).
    if (id === actorId && (losesAdmin || disabled || rolesChanged))
      throw usersError(UsersErrorCode.SELF_CHANGE_REFUSED);
    assertCompatibleRoles(roles);
    await this.users.transaction(async (manager) => {
      if (losesAdmin) await this.assertAnotherAdmin(manager, id);
      await this.users.update(manager, id, {
        roles,
        disabled,
        // Re-enabling an account also lifts a lockout: that is how an admin unlocks someone.
        ...(changes.disabled === false ? { failedAttempts: 0, lockedUntil: null } : {}),
      });
      await this.accessListeners.notify(manager, {
        userId: id,
        before: { roles: user.roles, disabled: user.disabled },
        after: { roles, disabled },
      });
      await this.audit.record(manager, {
        actor: { type: 'user', id: actorId },
        action: AuditAction.USER_UPDATED,
        targetType: 'user',
        targetId: id,
        details: {
          ...(changes.roles ? { roles } : {}),
          ...(changes.disabled !== undefined ? { disabled } : {}),
        },
      });
    });
    if (rolesChanged || (disabled && !user.disabled)) {
      const ended = await this.sessions.endUserSessions(id);
      if (disabled && !user.disabled) {
        await this.audit.recordAlone({
          actor: { type: 'user', id: actorId },
          action: AuditAction.USER_DISABLED,
          targetType: 'user',
          targetId: id,
          details: { sessionsEnded: ended },
        });
      }
    }
    return this.getView(id);
  }

  /**
   * Offboarding: deletes the account with every key slot it holds, its team memberships (each team
   * it was a member of rotates its key: the listeners, in this transaction) and its sessions. The
   * sessions end in Redis inside the transaction, after everything else: if Redis fails, nothing
   * is deleted and the admin retries; if the commit fails afterwards, the account only lost its
   * sessions. They are ended once more after the commit, for a sign-in that raced the deletion.
   */
  async remove(actorId: string, id: string): Promise<void> {
    const user = await this.getOrNotFound(id);
    if (id === actorId) throw usersError(UsersErrorCode.SELF_CHANGE_REFUSED);
    await this.users.transaction(async (manager) => {
      if (user.roles.includes(Role.ADMIN)) await this.assertAnotherAdmin(manager, id);
      await this.accessListeners.notify(manager, {
        userId: id,
        before: { roles: user.roles, disabled: user.disabled },
        after: null,
      });
      const keySlotsRemoved = await this.slots.deleteAllUserSlots(manager, id);
      await this.users.delete(manager, id);
      await this.audit.record(manager, {
        actor: { type: 'user', id: actorId },
        action: AuditAction.USER_DELETED,
        targetType: 'user',
        targetId: id,
        details: { keySlotsRemoved },
      });
      await this.sessions.endUserSessions(id);
    });
    await this.sessions.endUserSessions(id);
  }

  /**
   * An admin sets a new password for someone who lost theirs. The old private key cannot be
   * unwrapped without the old password, so the user gets a NEW key pair and reads no old case
   * until `recover-user` re-seals their slots from the recovery key.
   */
  async resetPassword(actorId: string, id: string, password: string): Promise<UserView> {
    const user = await this.getOrNotFound(id);
    this.checkPassword(password, user.username);
    const keys = await this.keys.createKeys(id, password);
    await this.users.transaction(async (manager) => {
      await this.users.update(manager, id, { ...keys, failedAttempts: 0, lockedUntil: null });
      await this.audit.record(manager, {
        actor: { type: 'user', id: actorId },
        action: AuditAction.USER_PASSWORD_RESET,
        targetType: 'user',
        targetId: id,
        details: {},
      });
    });
    await this.sessions.endUserSessions(id);
    return this.getView(id);
  }

  /** PASSWORD_TOO_WEAK, naming the broken rules, unless `password` is acceptable for `username`. */
  checkPassword(password: string, username: string): void {
    const rules = passwordProblems(password, username, this.config.auth.passwordMinLength);
    if (rules.length)
      throw usersError(UsersErrorCode.PASSWORD_TOO_WEAK, {
        rules,
        minLength: this.config.auth.passwordMinLength,
      });
  }

  /** 404 for an unknown or malformed id alike. */
  /** What the API shows of one account (a narrow read, no key material); 404 when there is none. */
  async getView(id: string): Promise<UserView> {
    const user = UUID.test(id) ? await this.users.findViewById(id) : null;
    if (!user) throw commonError(CommonErrorCode.NOT_FOUND);
    return toUserView(user, this.clock.now());
  }

  async getOrNotFound(id: string, manager?: EntityManager): Promise<User> {
    const user = UUID.test(id) ? await this.users.findById(id, manager) : null;
    if (!user) throw commonError(CommonErrorCode.NOT_FOUND);
    return user;
  }

  private async assertAnotherAdmin(manager: EntityManager, exceptId: string): Promise<void> {
    // Serialise admin-removing changes so two concurrent ones cannot both pass the check.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('corridor:last-admin'))`);
    if ((await this.users.countOtherEnabledAdmins(manager, exceptId)) === 0)
      throw usersError(UsersErrorCode.LAST_ADMIN);
  }
}

/** Roles whose holders receive case keys; the admin manages accounts and must not read content. */
const CONTENT_ROLES: readonly Role[] = [Role.TRIAGER, Role.COORDINATOR, Role.CASEWORKER];

function assertCompatibleRoles(roles: Role[]): void {
  if (roles.includes(Role.ADMIN) && roles.some((r) => CONTENT_ROLES.includes(r)))
    throw usersError(UsersErrorCode.ROLES_INCOMPATIBLE);
}
