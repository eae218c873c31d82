import type { NewKeySlot } from './keys.repository';

/**
 * The INSERTs of a new key and its slots, for fast paths that write a key with what it protects in
 * one statement (intake). `keyInsertSql` is a CTE body returning the key's id; `slotsInsertSql`
 * inserts one slot per element of four parallel arrays (holder types, holder user ids, holder key
 * ids, sealed keys: SLOTS_INSERT_PARAMS parameters) for the key id selected from `from`.
 */
export function keyInsertSql(
  idParam: number,
  kind: 'report' | 'case' | 'team',
  publicKeyParam: number,
): string {
  return `INSERT INTO keys (id, kind, public_key) VALUES ($${idParam}, '${kind}', $${publicKeyParam}) RETURNING id`;
}

export const SLOTS_INSERT_PARAMS = 4;

export function slotsInsertSql(first: number, from: string, keyIdColumn: string): string {
  return (
    `INSERT INTO key_slots (key_id, holder_type, holder_id, holder_key_id, sealed_key)\n` +
    `  SELECT ${from}.${keyIdColumn}, s.holder_type, s.holder_id, s.holder_key_id, s.sealed_key\n` +
    `    FROM ${from}, unnest($${first}::text[], $${first + 1}::uuid[], $${first + 2}::uuid[], $${first + 3}::bytea[])` +
    ` AS s(holder_type, holder_id, holder_key_id, sealed_key)`
  );
}

export function slotsInsertValues(slots: Omit<NewKeySlot, 'keyId'>[]): unknown[] {
  return [
    slots.map((k) => k.holderType),
    slots.map((k) => k.holderId),
    slots.map((k) => k.holderKeyId ?? null),
    slots.map((k) => Buffer.from(k.sealedKey)),
  ];
}
