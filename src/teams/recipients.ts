import { hash, toHex } from '../crypto';

/** One holder a new report's private key is sealed to. */
export interface Recipient {
  /** Stable, public: the team key's id, 'recovery', or (rollover) a triager key's fingerprint. */
  keyId: string;
  publicKey: Uint8Array;
  holderType: 'key' | 'user' | 'recovery';
  holderId: string | null;
  holderKeyId: string | null;
}

/**
 * Who new reports are sealed to: the triage team key and the recovery key (`current`). During the
 * rollover window (INTAKE_ACCEPT_TRIAGER_SLOTS) a sealed report built from a form fetched before the
 * team key existed — one slot per enabled triager and the recovery key, as such forms listed — is
 * accepted too (`legacy`); `teams:backfill triage` later gives the team a slot of such reports.
 */
export interface Recipients {
  current: readonly Recipient[];
  legacy: readonly Recipient[] | null;
}

export const RECOVERY_KEY_ID = 'recovery';

/**
 * How long an API node may seal new reports to the recipients it read last. A change made through
 * this process (user created, updated, disabled, deleted, re-keyed via the UsersRepository; the
 * team key rotated by such a change) is seen at once; one made on another node is seen within this
 * time. Until then that node refuses sealed reports built against the new list
 * (INTAKE_UNKNOWN_RECIPIENT, the browser fetches the form again), and may seal a plaintext report
 * to the team key just rotated (readable by the remaining members and — the limit of this cache —
 * by a member removed less than this long ago; see SECURITY.md "Team keys").
 */
export const RECIPIENTS_TTL_MS = 2_000;

export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(hash(publicKey, { outputLength: 16 })).slice(0, 16);
}
