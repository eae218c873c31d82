import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { UUID } from '../common/patterns';
import { CaseAccessService } from '../keys/case-access.service';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { CommonErrorCode, commonError } from '../common/errors';
import {
  KeyPair,
  generateCaseKeyPair,
  isCryptoError,
  openKeySlotChecked,
  sealKeySlot,
  wipe,
} from '../crypto';
import { KeysService } from '../keys/keys.service';
import { UserAccessChange, UserAccessListener, UserAccessListeners } from '../users/user-access-listeners';
import { UserAccountsService } from '../users/user-accounts.service';
import { UsersService } from '../users/users.service';
import { RecipientsCache } from './recipients-cache';
import { TEAM_NAMES, TEAM_ROLES, TeamKey, TeamName } from './team';
import { TeamsErrorCode, teamsError } from './teams.errors';
import { TeamsRepository } from './teams.repository';

export type Membership = 'member' | 'pending' | 'none';

export interface TeamMemberView {
  id: string;
  username: string;
}

/** What `GET /teams` shows of one team: membership only, never key material. */
export interface TeamView {
  team: TeamName;
  currentKeyId: string;
  generation: number;
  members: TeamMemberView[];
  pendingMembers: TeamMemberView[];
  /** Retired keys not yet sealed to the current one (a member's next grant or listing links them). */
  pendingLinks: number;
}

interface TeamUser {
  id: string;
  username: string;
  publicKey: Uint8Array;
}

/** Opens one of the team's keys (a member's chain, or the recovery key); null when it cannot. */
type KeyOpener = (key: TeamKey) => Promise<KeyPair | null>;

/**
 * The triage and coordination teams' keys. A team's current key receives new content (reports for
 * triage, cases for coordination); its private key is sealed to each member and to the recovery key,
 * and the server holds it in the clear only inside a request of someone who opened it (a member, or
 * the recovery key on the CLI) or for the moment between generating a new key pair and sealing it.
 * Membership is not a stored flag: a member is a user holding a slot of the current key, a pending
 * member a user with the team's role (enabled) who holds none.
 */
@Injectable()
export class TeamsService implements OnModuleInit, UserAccessListener {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly teams: TeamsRepository,
    private readonly keys: KeysService,
    private readonly users: UsersService,
    private readonly accounts: UserAccountsService,
    private readonly recipients: RecipientsCache,
    private readonly audit: AuditService,
    private readonly access: CaseAccessService,
    private readonly accessListeners: UserAccessListeners,
  ) {}

  onModuleInit(): void {
    this.accessListeners.register(this);
  }

  /**
   * The team's current key (id and public key): what new content is sealed to. The first call on
   * an install without one creates it (sealed to the recovery key only: its first member is granted
   * with the recovery key, `teams:grant`); `init` calls `ensureTeamKeys` so that this happens there.
   */
  async currentTeamKey(team: TeamName, manager?: EntityManager): Promise<TeamKey> {
    const current = await this.teams.currentKey(team, manager);
    if (current) return { keyId: current.keyId, publicKey: current.publicKey };
    return manager
      ? this.createFirstKey(manager, team)
      : this.teams.transaction((m) => this.createFirstKey(m, team));
  }

  /** Every key the team ever had (current and retired), oldest first: the holders of its content. */
  teamKeyIds(team: TeamName, manager?: EntityManager): Promise<string[]> {
    return this.teams.allKeyIds(team, manager ?? this.teams.manager);
  }

  /**
   * Creates every team's first key where there is none (`init`, and so the development bootstrap).
   * `init` passes the recovery public key it has just generated: its configuration was loaded
   * before the secrets file existed.
   */
  async ensureTeamKeys(recoveryPublicKey?: Uint8Array): Promise<void> {
    for (const team of Object.keys(TEAM_ROLES) as TeamName[]) {
      if (await this.teams.currentKey(team)) continue;
      await this.teams.transaction((m) => this.createFirstKey(m, team, recoveryPublicKey));
    }
  }

  /** Whether `userId` holds the team's current key, only has its role, or neither. */
  async membership(userId: string, team: TeamName, manager?: EntityManager): Promise<Membership> {
    const current = await this.currentTeamKey(team, manager);
    if (await this.keys.userSlot(current.keyId, userId, manager)) return 'member';
    const holders = await this.users.listEnabledWithRole(TEAM_ROLES[team], manager);
    return holders.some((u) => u.id === userId) ? 'pending' : 'none';
  }

  /**
   * Throws TEAM_MEMBERSHIP_PENDING (the user has the role, not yet the key) or TEAM_MEMBER_REQUIRED
   * unless `userId` holds the team's current key. Routes that read through the team key call this
   * first, so that a pending member hears why rather than a bare 404.
   */
  async assertMember(userId: string, team: TeamName, manager?: EntityManager): Promise<void> {
    const membership = await this.membership(userId, team, manager);
    if (membership === 'pending') throw teamsError(TeamsErrorCode.TEAM_MEMBERSHIP_PENDING, { team });
    if (membership === 'none') throw teamsError(TeamsErrorCode.TEAM_MEMBER_REQUIRED, { team });
  }

  /** Enabled holders of the team's role, members or not (with their public keys). */
  roleHolders(team: TeamName, manager?: EntityManager): Promise<TeamUser[]> {
    return this.users.listEnabledWithRole(TEAM_ROLES[team], manager);
  }

  /** Enabled holders of the team's role who hold a slot of its current key. */
  async members(team: TeamName, manager?: EntityManager): Promise<TeamUser[]> {
    const current = await this.currentTeamKey(team, manager);
    return this.split(team, current.keyId, manager).then((s) => s.members);
  }

  /**
   * Membership of the teams the caller may see: an admin sees both, a member sees their own team;
   * anyone else is refused. Listing by a member also completes pending links (see `rotate`).
   */
  async overview(principal: Principal): Promise<TeamView[]> {
    const isAdmin = principal.permissions.has(Permission.USERS_MANAGE);
    const views: TeamView[] = [];
    let pending = false;
    for (const team of TEAM_NAMES) {
      const membership = isAdmin ? 'none' : await this.membership(principal.userId, team);
      if (membership === 'pending') pending = true;
      if (!isAdmin && membership !== 'member') continue;
      if (membership === 'member') await this.completeLinksAsMember(principal, team);
      views.push(await this.view(team));
    }
    if (!views.length)
      throw pending
        ? teamsError(TeamsErrorCode.TEAM_MEMBERSHIP_PENDING)
        : teamsError(TeamsErrorCode.TEAM_MEMBER_REQUIRED);
    return views;
  }

  /**
   * A signed-in member seals the team's current key to a pending member: the key is opened with the
   * member's session (the server alone cannot), sealed to the new member's public key, and wiped.
   */
  async grantByMember(principal: Principal, team: TeamName, userId: string): Promise<TeamView> {
    await this.assertMember(principal.userId, team);
    if (!UUID.test(userId) || !(await this.accounts.findById(userId)))
      throw commonError(CommonErrorCode.NOT_FOUND);
    await this.teams.transaction(async (manager) => {
      await this.teams.lockTeam(manager, team);
      const current = await this.currentTeamKey(team, manager);
      const target = await this.pendingMember(manager, team, current.keyId, userId);
      await this.access.withCaseKeyPair(
        principal,
        current.keyId,
        async (teamKeys) => {
          await this.sealTo(manager, team, current.keyId, teamKeys, target, {
            type: 'user',
            id: principal.userId,
          });
          await this.completeLinks(
            manager,
            team,
            { ...current, pair: teamKeys },
            this.memberOpener(principal),
            'member',
          );
        },
        current.publicKey,
      );
    });
    return this.view(team);
  }

  /** `teams:grant <team> <username>`: the recovery key (offline, on stdin) grants a pending member. */
  async grantWithRecovery(team: TeamName, username: string, recovery: KeyPair): Promise<void> {
    const user = await this.accounts.findByUsername(UsersService.normaliseUsername(username));
    if (!user) throw commonError(CommonErrorCode.NOT_FOUND);
    await this.teams.transaction(async (manager) => {
      await this.teams.lockTeam(manager, team);
      const current = await this.currentTeamKey(team, manager);
      const target = await this.pendingMember(manager, team, current.keyId, user.id);
      const opener = this.recoveryOpener(recovery, manager);
      const teamKeys = await opener(current);
      if (!teamKeys) throw teamsError(TeamsErrorCode.TEAM_KEY_UNOPENED);
      try {
        await this.sealTo(manager, team, current.keyId, teamKeys, target, { type: 'system' });
        await this.completeLinks(manager, team, { ...current, pair: teamKeys }, opener, 'recovery');
      } finally {
        wipe(teamKeys.privateKey);
      }
    });
  }

  /**
   * `teams:backfill <team>`: gives the team's current key a slot of every report (triage) or case
   * (coordination) stored before the team key held one, opened with the recovery key. Idempotent.
   */
  async backfill(team: TeamName, recovery: KeyPair): Promise<{ added: number; failed: number }> {
    return this.teams.transaction(async (manager) => {
      await this.teams.lockTeam(manager, team);
      const current = await this.currentTeamKey(team, manager);
      const teamKeyIds = await this.teams.allKeyIds(team, manager);
      const kind = team === 'triage' ? 'report' : 'case';
      const result = { added: 0, failed: 0 };
      for (const key of await this.keys.recoverableWithoutHolders(kind, teamKeyIds, manager)) {
        let pair: KeyPair | undefined;
        try {
          pair = openKeySlotChecked(key.recoverySlot, recovery, key.keyId, key.publicKey);
          await this.keys.addSlots(manager, [
            {
              keyId: key.keyId,
              holderType: 'key',
              holderId: null,
              holderKeyId: current.keyId,
              sealedKey: sealKeySlot(pair.privateKey, current.publicKey, key.keyId),
            },
          ]);
          result.added++;
        } catch (error) {
          if (!isCryptoError(error)) throw error;
          result.failed++;
        } finally {
          wipe(pair?.privateKey);
        }
      }
      await this.audit.record(manager, {
        actor: { type: 'system' },
        action: AuditAction.TEAM_BACKFILLED,
        targetType: 'team_key',
        targetId: current.keyId,
        details: { team, keyId: current.keyId, ...result },
      });
      return result;
    });
  }

  /**
   * UsersService calls this in the transaction of every account creation, role change, disable and
   * deletion (a change of the team's role holders also changes intake's rollover recipients). A user
   * who leaves a team loses every slot of every key the team ever had; if they held one, the team
   * key rotates (see `rotate`).
   */
  async userAccessChanged(manager: EntityManager, change: UserAccessChange): Promise<void> {
    for (const team of TEAM_NAMES) {
      const role = TEAM_ROLES[team];
      const wasIn = change.before.roles.includes(role) && !change.before.disabled;
      const staysIn = !!change.after && change.after.roles.includes(role) && !change.after.disabled;
      if (wasIn !== staysIn) this.recipients.changed(manager);
      if (!wasIn || staysIn) continue;
      const reason = !change.after ? 'deleted' : change.after.disabled ? 'disabled' : 'role_removed';
      await this.removeMember(manager, team, change.userId, reason);
    }
  }

  private async removeMember(manager: EntityManager, team: TeamName, userId: string, reason: string) {
    await this.teams.lockTeam(manager, team);
    if (!(await this.teams.currentKey(team, manager))) return;
    const removed = await this.keys.deleteUserSlotsOn(
      manager,
      await this.teams.allKeyIds(team, manager),
      userId,
    );
    await this.audit.record(manager, {
      actor: { type: 'system' },
      action: AuditAction.TEAM_MEMBER_REMOVED,
      targetType: 'user',
      targetId: userId,
      details: { team, keySlotsRemoved: removed, reason },
    });
    // A pending member never held the key: nothing they could read needs a new one.
    if (removed > 0) await this.rotate(manager, team, userId, reason);
  }

  /**
   * Rotation after a member left. A new key pair is generated and its private key sealed at once
   * to each remaining member and to the recovery key (public keys suffice), then wiped: everything
   * sealed from now on goes to the new key, which the removed member never held. The old private
   * key is not in the server's hands, so the link old → new (a slot of the old key held by the new
   * one, which lets later members read the backlog) is left pending; remaining members keep their
   * slots of the old key until a member's next grant or listing, or the recovery key, completes it.
   */
  private async rotate(manager: EntityManager, team: TeamName, removedUserId: string, reason: string) {
    const previous = (await this.teams.currentKey(team, manager))!;
    const { members } = await this.split(team, previous.keyId, manager);
    const remaining = members.filter((m) => m.id !== removedUserId);
    const keyId = randomUUID();
    const pair = generateCaseKeyPair();
    try {
      await this.keys.create(manager, { id: keyId, kind: 'team', publicKey: pair.publicKey }, [
        ...remaining.map((m) => ({
          holderType: 'user' as const,
          holderId: m.id,
          sealedKey: sealKeySlot(pair.privateKey, m.publicKey, keyId),
        })),
        {
          holderType: 'recovery',
          holderId: null,
          sealedKey: sealKeySlot(pair.privateKey, this.config.secrets.recoveryPublicKey, keyId),
        },
      ]);
    } finally {
      wipe(pair.privateKey);
    }
    await this.teams.setSuccessor(manager, previous.keyId, keyId);
    await this.teams.insert(manager, { keyId, team, generation: previous.generation + 1 });
    await this.audit.record(manager, {
      actor: { type: 'system' },
      action: AuditAction.TEAM_KEY_ROTATED,
      targetType: 'team_key',
      targetId: keyId,
      details: {
        team,
        generation: previous.generation + 1,
        previousKeyId: previous.keyId,
        reason,
        memberSlots: remaining.length,
      },
    });
  }

  /**
   * Seals every retired key of the team that the current key does not hold yet to the current key
   * (straight to it, so chains stay one hop long whatever the number of rotations), then removes
   * the user slots of the retired keys it linked: members read the backlog through the current key.
   */
  private async completeLinks(
    manager: EntityManager,
    team: TeamName,
    current: TeamKey & { pair: KeyPair },
    open: KeyOpener,
    by: 'member' | 'recovery',
  ): Promise<number> {
    const linked: string[] = [];
    for (const retired of await this.teams.retiredKeys(team, manager)) {
      if ((await this.keys.keyHeldSlotHolders(retired.keyId, manager)).includes(current.keyId)) continue;
      const pair = await open(retired);
      if (!pair) continue;
      try {
        await this.keys.addSlots(manager, [
          {
            keyId: retired.keyId,
            holderType: 'key',
            holderId: null,
            holderKeyId: current.keyId,
            sealedKey: sealKeySlot(pair.privateKey, current.pair.publicKey, retired.keyId),
          },
        ]);
        linked.push(retired.keyId);
      } finally {
        wipe(pair.privateKey);
      }
    }
    if (!linked.length) return 0;
    await this.keys.deleteUserSlotsOn(manager, linked, null);
    await this.audit.record(manager, {
      actor: { type: 'system' },
      action: AuditAction.TEAM_KEYS_LINKED,
      targetType: 'team_key',
      targetId: current.keyId,
      details: { team, linked: linked.length, by },
    });
    return linked.length;
  }

  private async completeLinksAsMember(principal: Principal, team: TeamName): Promise<void> {
    if (!(await this.pendingLinkCount(team))) return;
    await this.teams.transaction(async (manager) => {
      await this.teams.lockTeam(manager, team);
      const current = await this.currentTeamKey(team, manager);
      await this.access.withCaseKeyPair(
        principal,
        current.keyId,
        (pair) =>
          this.completeLinks(manager, team, { ...current, pair }, this.memberOpener(principal), 'member'),
        current.publicKey,
      );
    });
  }

  private memberOpener(principal: Principal): KeyOpener {
    return async (key) => {
      try {
        return await this.access.openCaseKeyPair(principal, key.keyId, key.publicKey);
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === CommonErrorCode.NOT_FOUND)
          return null;
        throw error;
      }
    };
  }

  private recoveryOpener(recovery: KeyPair, manager: EntityManager): KeyOpener {
    return async (key) => {
      const slot = await this.keys.recoverySlot(key.keyId, manager);
      if (!slot) return null;
      try {
        return openKeySlotChecked(new Uint8Array(slot.sealedKey), recovery, key.keyId, key.publicKey);
      } catch (error) {
        if (isCryptoError(error)) return null;
        throw error;
      }
    };
  }

  private async pendingLinkCount(team: TeamName, manager?: EntityManager): Promise<number> {
    const current = await this.currentTeamKey(team, manager);
    let pending = 0;
    for (const retired of await this.teams.retiredKeys(team, manager ?? this.teams.manager)) {
      if (!(await this.keys.keyHeldSlotHolders(retired.keyId, manager)).includes(current.keyId)) pending++;
    }
    return pending;
  }

  private async view(team: TeamName): Promise<TeamView> {
    const current = (await this.teams.currentKey(team)) ?? {
      ...(await this.currentTeamKey(team)),
      generation: 1,
    };
    const { members, pending } = await this.split(team, current.keyId);
    const names = (users: TeamUser[]) => users.map((u) => ({ id: u.id, username: u.username }));
    return {
      team,
      currentKeyId: current.keyId,
      generation: current.generation,
      members: names(members),
      pendingMembers: names(pending),
      pendingLinks: await this.pendingLinkCount(team),
    };
  }

  /** The team's role holders, split by whether they hold the key `keyId`. */
  private async split(team: TeamName, keyId: string, manager?: EntityManager) {
    const holders = new Set(await this.keys.userHolders(keyId, manager));
    const withRole = await this.users.listEnabledWithRole(TEAM_ROLES[team], manager);
    return {
      members: withRole.filter((u) => holders.has(u.id)),
      pending: withRole.filter((u) => !holders.has(u.id)),
    };
  }

  private async pendingMember(manager: EntityManager, team: TeamName, keyId: string, userId: string) {
    const { pending } = await this.split(team, keyId, manager);
    const target = pending.find((u) => u.id === userId);
    if (!target) throw teamsError(TeamsErrorCode.TEAM_GRANT_NOT_PENDING);
    return target;
  }

  private async sealTo(
    manager: EntityManager,
    team: TeamName,
    keyId: string,
    teamKeys: KeyPair,
    target: TeamUser,
    actor: { type: 'user'; id: string } | { type: 'system' },
  ): Promise<void> {
    await this.keys.addSlots(manager, [
      {
        keyId,
        holderType: 'user',
        holderId: target.id,
        sealedKey: sealKeySlot(teamKeys.privateKey, target.publicKey, keyId),
      },
    ]);
    await this.audit.record(manager, {
      actor,
      action: AuditAction.TEAM_MEMBER_GRANTED,
      targetType: 'user',
      targetId: target.id,
      details: { team, keyId, by: actor.type === 'user' ? 'member' : 'recovery' },
    });
  }

  private async createFirstKey(
    manager: EntityManager,
    team: TeamName,
    recoveryPublicKey: Uint8Array = this.config.secrets.recoveryPublicKey,
  ): Promise<TeamKey> {
    await this.teams.lockTeam(manager, team);
    const existing = await this.teams.currentKey(team, manager);
    if (existing) return { keyId: existing.keyId, publicKey: existing.publicKey };
    const keyId = randomUUID();
    const pair = generateCaseKeyPair();
    try {
      await this.keys.create(manager, { id: keyId, kind: 'team', publicKey: pair.publicKey }, [
        {
          holderType: 'recovery',
          holderId: null,
          sealedKey: sealKeySlot(pair.privateKey, recoveryPublicKey, keyId),
        },
      ]);
    } finally {
      wipe(pair.privateKey);
    }
    await this.teams.insert(manager, { keyId, team, generation: 1 });
    await this.audit.record(manager, {
      actor: { type: 'system' },
      action: AuditAction.TEAM_KEY_CREATED,
      targetType: 'team_key',
      targetId: keyId,
      details: { team, generation: 1 },
    });
    return { keyId, publicKey: pair.publicKey };
  }
}
