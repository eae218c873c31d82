import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { generateCaseKeyPair, sealKeySlot, wipe } from '../crypto';
import { KeysService } from '../keys/keys.service';
import { UsersService } from '../users/users.service';
import { TEAM_ROLES, TeamKey, TeamName } from './team';
import { TeamsErrorCode, teamsError } from './teams.errors';
import { TeamsRepository } from './teams.repository';

export type Membership = 'member' | 'pending' | 'none';

/**
 * The triage and coordination teams' keys. A team's current key receives new content (reports for
 * triage, cases for coordination); its private key is sealed to each member and to the recovery key,
 * and the server holds it in the clear only inside a request of someone who opened it (a member, or
 * the recovery key on the CLI) or for the moment between generating a new key pair and sealing it.
 * Membership is not a stored flag: a member is a user holding a slot of the current key, a pending
 * member a user with the team's role (enabled) who holds none.
 */
@Injectable()
export class TeamsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly teams: TeamsRepository,
    private readonly keys: KeysService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

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
