import { hash, utf8Encode } from '../crypto';

/*
 * The canonical serialisation of an audit entry and the hash chain over it, specified so that any
 * verifier (this code, a script an auditor writes) reproduces every hash from the stored columns:
 *
 *   canonical(e) = UTF-8 of JSON.stringify(["corridor.audit.v1", seq, occurred_at, actor_type,
 *                  actor_id, action, target_type, target_id, details])
 *   hash(e)      = BLAKE2b-256(prev_hash ‖ canonical(e)),  prev_hash of seq 1 = 32 zero bytes
 *
 * seq is a JSON integer; occurred_at is UTC ISO-8601 with milliseconds (`2026-11-21T05:52:58.123Z`,
 * the stored value, which has millisecond precision); absent values are JSON null; details is the
 * stored text (itself canonical JSON: sorted keys, no whitespace), embedded as a JSON string.
 * JSON.stringify of strings and safe integers is fully specified by ECMA-262, so the bytes are fixed.
 */
export const AUDIT_FORMAT = 'corridor.audit.v1';
export const AUDIT_HASH_BYTES = 32;
export const GENESIS_HASH = new Uint8Array(AUDIT_HASH_BYTES);

export interface ChainFields {
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string;
}

export function canonicalEntry(e: ChainFields): string {
  return JSON.stringify([
    AUDIT_FORMAT,
    e.seq,
    e.occurredAt,
    e.actorType,
    e.actorId,
    e.action,
    e.targetType,
    e.targetId,
    e.details,
  ]);
}

/** The hash of an entry linked to the hash of the entry before it. */
export function chainHash(prevHash: Uint8Array, e: ChainFields): Uint8Array {
  const body = utf8Encode(canonicalEntry(e));
  const message = new Uint8Array(prevHash.length + body.length);
  message.set(prevHash, 0);
  message.set(body, prevHash.length);
  return hash(message, { outputLength: AUDIT_HASH_BYTES });
}

/** JSON with object keys sorted and no whitespace: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/*
 * A checkpoint signs the chain head. Signed message (UTF-8):
 *   "corridor.audit.checkpoint.v1\n" + seq + "\n" + hex(hash) + "\n" + signed_at (ISO, ms)
 */
export const CHECKPOINT_FORMAT = 'corridor.audit.checkpoint.v1';

export interface CheckpointFields {
  seq: number;
  hash: Uint8Array;
  signedAt: string;
}

export function checkpointMessage(c: CheckpointFields): string {
  return `${CHECKPOINT_FORMAT}\n${c.seq}\n${Buffer.from(c.hash).toString('hex')}\n${c.signedAt}`;
}
