import { Role } from '../access/permissions';

/** The teams whose members share a key pair (see SECURITY.md "Team keys"). */
export type TeamName = 'triage' | 'coordination';

/** Which role makes a user a (pending) member of which team: the one table of that rule. */
export const TEAM_ROLES: Readonly<Record<TeamName, Role>> = Object.freeze({
  triage: Role.TRIAGER,
  coordination: Role.COORDINATOR,
});

export const TEAM_NAMES = Object.keys(TEAM_ROLES) as TeamName[];

export function isTeamName(value: string): value is TeamName {
  return (TEAM_NAMES as string[]).includes(value);
}

/** A team's current key: new content is sealed to its public key. */
export interface TeamKey {
  keyId: string;
  publicKey: Uint8Array;
}
