import { isCryptoError, KeyPair, openKeySlot } from '../../src/crypto';

/** A key slot as a copy of the database holds it. */
export interface SlotRow {
  key_id: string;
  sealed_key: Buffer;
}

/**
 * Everything a holder of `known` key pairs can open given `rows` (every slot of a database copy):
 * slots are tried against every key known so far, until nothing new opens. No public-key check —
 * an attacker does not need one. Returns the ids of the keys opened.
 */
export function reachableKeyIds(known: KeyPair[], rows: SlotRow[]): Set<string> {
  const keys = [...known];
  const opened = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (opened.has(row.key_id)) continue;
      for (const pair of keys) {
        try {
          keys.push(openKeySlot(new Uint8Array(row.sealed_key), pair, row.key_id));
          opened.add(row.key_id);
          grew = true;
          break;
        } catch (error) {
          if (!isCryptoError(error)) throw error;
        }
      }
    }
  }
  return opened;
}
