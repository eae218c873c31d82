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
 * The team holders of every new case: the coordination team's current key
 * (CoordinationTeamHolders). An interface, so that tests and later teams can add holders without
 * the case rules knowing the teams feature.
 */
export interface CaseTeamHolders {
  holders(manager: EntityManager): Promise<CaseKeyHolder[]>;
}

export const CASE_TEAM_HOLDERS = Symbol('CaseTeamHolders');
