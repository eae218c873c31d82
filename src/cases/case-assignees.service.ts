import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../access/permissions';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors';
import { sealKeySlot } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { KeysService } from '../keys/keys.service';
import { UserAccessChange, UserAccessListener, UserAccessListeners } from '../users/user-access-listeners';
import { UsersService } from '../users/users.service';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesErrorCode, casesError } from './cases.errors';

/** The roles that work cases: only they can be assigned, and losing both ends every case slot. */
export const CASE_ROLES: readonly Role[] = [Role.CASEWORKER, Role.COORDINATOR];

/**
 * Assignees of a case are the users holding a slot of its key (the triager who opened it holds one
 * from the opening). Assigning seals the case private key — opened with the assigner's own chain —
 * to the assignee's public key; unassigning deletes the slot (a crypto-shred of their access).
 * Listens to account changes: a user disabled, deleted or left without a case role loses every
 * case slot in the same transaction.
 */
@Injectable()
export class CaseAssigneesService implements OnModuleInit, UserAccessListener {
  constructor(
    private readonly workflow: CaseWorkflowService,
    private readonly access: CaseAccessService,
    private readonly keys: KeysService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly accessListeners: UserAccessListeners,
  ) {}

  onModuleInit(): void {
    this.accessListeners.register(this);
  }

  /** The users holding a slot of the case key (access checks are the caller's). */
  assigneeIds(caseKeyId: string): Promise<string[]> {
    return this.keys.userHolders(caseKeyId);
  }

  async assign(principal: Principal, caseId: string, userId: string): Promise<{ assignees: string[] }> {
    await this.access.assertReadable(principal, caseId);
    const assignee = await this.eligible(userId);
    const assigneeKey = new Uint8Array(assignee.publicKey);
    const slot = await this.access.withCaseKeyPair(principal, caseId, (caseKeys) =>
      sealKeySlot(caseKeys.privateKey, assigneeKey, caseId),
    );
    await this.workflow.change(principal, caseId, async (manager, c) => {
      if (await this.keys.userSlot(c.keyId, userId, manager)) return;
      await this.keys.addSlots(manager, [
        { keyId: c.keyId, holderType: 'user', holderId: userId, sealedKey: slot },
      ]);
      await this.workflow.addEntry(manager, c, principal.userId, 'event', {
        event: 'assignee_added',
        userId,
      });
      await this.recordSlot(manager, AuditAction.KEY_SLOT_GRANTED, principal, caseId, userId, 'assigned');
    });
    return { assignees: await this.assigneeIds(caseId) };
  }

  async unassign(principal: Principal, caseId: string, userId: string): Promise<void> {
    await this.workflow.change(principal, caseId, async (manager, c) => {
      if ((await this.keys.deleteUserSlot(manager, c.keyId, userId)) === 0) return;
      await this.workflow.addEntry(manager, c, principal.userId, 'event', {
        event: 'assignee_removed',
        userId,
      });
      await this.recordSlot(manager, AuditAction.KEY_SLOT_REMOVED, principal, caseId, userId, 'unassigned');
    });
  }

  async userAccessChanged(manager: EntityManager, change: UserAccessChange): Promise<void> {
    const keeps =
      !!change.after && !change.after.disabled && change.after.roles.some((r) => CASE_ROLES.includes(r));
    // A deleted account: UsersService deletes every slot it holds in the same transaction (and
    // counts them in its own audit entry).
    if (keeps || !change.after) return;
    const removed = await this.keys.deleteUserSlotsOfKind(manager, change.userId, 'case');
    if (removed === 0) return;
    const reason = change.after.disabled ? 'disabled' : 'role_removed';
    await this.audit.record(manager, {
      actor: { type: 'system' },
      action: AuditAction.CASE_ASSIGNMENTS_REMOVED,
      targetType: 'user',
      targetId: change.userId,
      details: { keySlotsRemoved: removed, reason },
    });
  }

  /** An enabled account holding a case role, else CASE_ASSIGNEE_ROLE_REQUIRED (unknown ids alike). */
  private async eligible(userId: string) {
    try {
      const user = await this.users.getOrNotFound(userId);
      if (!user.disabled && user.roles.some((r) => CASE_ROLES.includes(r))) return user;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
    throw casesError(CasesErrorCode.CASE_ASSIGNEE_ROLE_REQUIRED);
  }

  private recordSlot(
    manager: EntityManager,
    action: AuditAction.KEY_SLOT_GRANTED | AuditAction.KEY_SLOT_REMOVED,
    principal: Principal,
    caseId: string,
    userId: string,
    reason: string,
  ) {
    return this.audit.record(manager, {
      actor: { type: 'user', id: principal.userId },
      action,
      targetType: 'case',
      targetId: caseId,
      details: { holderType: 'user', holderId: userId, reason },
    });
  }
}
