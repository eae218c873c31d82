import { KeyPair, isCryptoError, openKeySlotChecked, wipe } from '../crypto';

/**
 * A chain of slots from a user to a key: `keyIds[0]` is the key wanted, `keyIds[i + 1]` holds
 * `sealedKeys[i]` (the private key of `keyIds[i]`), and `userSlot` (the private key of the last of
 * `keyIds`) is sealed to the user. `publicKeys[i]` is the stored public key of `keyIds[i]`.
 */
export interface SlotChain {
  userSlot: Uint8Array;
  keyIds: string[];
  publicKeys: Uint8Array[];
  sealedKeys: Uint8Array[];
}

/**
 * The longest chain of key-held slots a reader follows after their own slot: user → current team
 * key → retired team key → case key → report key is three; one more leaves room for a case reached
 * through a retired coordination key. Rotation re-seals every retired team key straight to the
 * current one (see TeamsService), so chains do not grow with the number of rotations.
 */
export const MAX_KEY_HOPS = 4;

/** Chains tried before giving up: a stale or forged slot on the shortest must not hide a good one. */
export const CHAINS_TRIED = 4;

/*
 * The key-held slots of the key a recursive step stands on. A LATERAL subquery that cannot be
 * flattened (OFFSET 0), so that each step is an index lookup (key_slots_one_per_holder) per row:
 * joined plainly, PostgreSQL hashes every key-held slot of the install for each query (a sequential
 * scan growing with the install: 100,000 team-held reports, 1,000 ids asked, 86 ms; with this
 * form, 21 ms with JIT off, 69 ms with PostgreSQL's default JIT, which such a plan's cost triggers).
 */
export const KEY_HOLDERS_OF_UP = `SELECT h.holder_key_id, h.sealed_key FROM key_slots h
                            WHERE h.key_id = up.key_id AND h.holder_type = 'key' OFFSET 0`;

/**
 * Two CTEs (for a `WITH RECURSIVE` list) yielding up to CHAINS_TRIED chains, shortest first, from
 * the user `userSql` to the key that `startSql` selects (one uuid column): `chain_up` walks from
 * that key up to its holders, `chains` (user_slot, path, sealed, public_keys) keeps those that
 * end in a slot of the user, with the stored public key of every key on them. The one definition
 * of the walk: KeysRepository.chainsTo runs it alone, fast paths (the triage claim) embed it so
 * that the claim and the chain cost one round trip.
 */
export function slotChainsCtes(startSql: string, userSql: string): string {
  return `chain_up (key_id, hops, path, sealed) AS (
       SELECT s.id, 0, ARRAY[s.id], ARRAY[]::bytea[] FROM (${startSql}) AS s(id)
       UNION ALL
       SELECT s.holder_key_id, up.hops + 1, up.path || s.holder_key_id, up.sealed || s.sealed_key
         FROM chain_up up CROSS JOIN LATERAL (${KEY_HOLDERS_OF_UP}) s
        WHERE up.hops < ${MAX_KEY_HOPS} AND NOT s.holder_key_id = ANY (up.path)
     ), chains AS (
       SELECT u.sealed_key AS user_slot, up.path, up.sealed,
              ARRAY(SELECT k.public_key FROM unnest(up.path) WITH ORDINALITY AS p(id, n)
                      JOIN keys k ON k.id = p.id ORDER BY p.n) AS public_keys
         FROM chain_up up
         JOIN key_slots u ON u.key_id = up.key_id AND u.holder_type = 'user' AND u.holder_id = ${userSql}
        ORDER BY up.hops
        LIMIT ${CHAINS_TRIED}
     )`;
}

/** A row of `chains` as the driver returns it. */
export interface SlotChainRow {
  user_slot: Buffer;
  path: string[];
  sealed: Buffer[];
  public_keys: Buffer[];
}

/** Rows of `chains` as chains (a chain through a key without its row is dropped). */
export function slotChainsOf(rows: SlotChainRow[]): SlotChain[] {
  return rows
    .filter((r) => r.public_keys.length === r.path.length)
    .map((r) => ({
      userSlot: new Uint8Array(r.user_slot),
      keyIds: r.path,
      publicKeys: r.public_keys.map((k) => new Uint8Array(k)),
      sealedKeys: r.sealed.map((k) => new Uint8Array(k)),
    }));
}

/**
 * Opens the first of `chains` that opens (shortest first), or null when none does: a slot sealed
 * to an older user key (after a password reset), or a forged one, makes the next one tried.
 */
export function openFirstChain(chains: SlotChain[], user: KeyPair): KeyPair | null {
  for (const chain of chains) {
    try {
      return openSlotChain(chain, user);
    } catch (error) {
      if (!isCryptoError(error)) throw error;
    }
  }
  return null;
}

/**
 * Opens a chain of slots with the user's key pair and returns the key pair of `chain.keyIds[0]`
 * (the caller owns its private key). Every hop is checked against the stored public key of the key
 * it opens, so a slot forged by a database writer anywhere on the chain (sealed correctly, but
 * holding a key the forger knows) is refused instead of being followed. Throws CryptoError on any
 * hop that does not open; intermediate private keys are wiped.
 */
export function openSlotChain(chain: SlotChain, user: KeyPair): KeyPair {
  const top = chain.keyIds.length - 1;
  let holder = openKeySlotChecked(chain.userSlot, user, chain.keyIds[top], chain.publicKeys[top]);
  for (let i = top - 1; i >= 0; i--) {
    try {
      const next = openKeySlotChecked(chain.sealedKeys[i], holder, chain.keyIds[i], chain.publicKeys[i]);
      wipe(holder.privateKey);
      holder = next;
    } catch (error) {
      wipe(holder.privateKey);
      throw error;
    }
  }
  return holder;
}
