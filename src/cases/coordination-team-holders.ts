import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TeamsService } from '../teams/teams.service';
import type { CaseKeyHolder, CaseTeamHolders } from './case-key-holders';

/** Every new case gets a slot held by the coordination team's current key. */
@Injectable()
export class CoordinationTeamHolders implements CaseTeamHolders {
  constructor(private readonly teams: TeamsService) {}

  async holders(manager: EntityManager): Promise<CaseKeyHolder[]> {
    const key = await this.teams.currentTeamKey('coordination', manager);
    return [{ holderType: 'key', holderId: null, holderKeyId: key.keyId, publicKey: key.publicKey }];
  }
}
