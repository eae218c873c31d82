import type { EntityManager } from 'typeorm';

/** Who receives a slot of a new case key besides the opener and the recovery key. */
export interface CaseKeyHolder {
  holderType: 'user' | 'key';
  /** The user (holder type `user`). */
  holderId: string | null;
  /** The holding key, e.g. the coordination team key (holder type `key`). */
  holderKeyId: string | null;
  publicKey: Uint8Array;
}

/**
 * The team holders of every new case: the coordination team key. The teams feature provides it
 * (`TeamsService.currentTeamKey('coordination', manager)` as a holder of type `key`); until that
 * feature is wired in, `NoCoordinationTeamKey` gives none, so a new case is readable by its opener
 * and the recovery key only.
 */
export interface CaseTeamHolders {
  holders(manager: EntityManager): Promise<CaseKeyHolder[]>;
}

export const CASE_TEAM_HOLDERS = Symbol('CaseTeamHolders');

export class NoCoordinationTeamKey implements CaseTeamHolders {
  async holders(): Promise<CaseKeyHolder[]> {
    return [];
  }
}
