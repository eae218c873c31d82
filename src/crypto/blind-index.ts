import { CryptoError } from './errors';
import { requireKey, utf8Encode, wipe } from './encoding';
import { sodium } from './sodium';

/*
 * Blind index for duplicate hints. index = first `bits` bits (big-endian) of
 *   BLAKE2b-64(key = blindIndexKey, message = "corridor/bi1" ‖ kindId ‖ normalised value)
 * with kindId = 1 phone, 2 handle, 3 email: the fixed-length prefix separates the kinds (the same
 * string as a handle and as an email gives unrelated indexes) in a single BLAKE2b call.
 *
 * Truncation is the point: with 16 bits (default) there are 65,536 buckets, so each value
 * shares its index with about 1/65,536 of all others. A match is a CANDIDATE for a human to
 * check, never proof; and a seized key lets an adversary narrow a guess ("this number's bucket
 * holds these 3 reports"), not confirm that a given person reported.
 */
export type BlindIndexKind = 'phone' | 'handle' | 'email';
export const BLIND_INDEX_KEY_BYTES = 32;
export const DEFAULT_BLIND_INDEX_BITS = 16;
const KIND_IDS: Record<BlindIndexKind, number> = { phone: 1, handle: 2, email: 3 };
const DOMAIN = 'corridor/bi1'; // ASCII, fixed length: the prefix is unambiguous

/**
 * Phone number → E.164 ("+79123456789") or null. Dependency-free and deliberately strict:
 * strips spaces, dashes, dots and parentheses; a leading "00" becomes "+"; then requires "+",
 * a non-zero first digit and 8–15 digits in all. National formats without a country code are
 * rejected (we cannot guess the country; a wrong guess would make false candidates).
 */
export function normalisePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  let s = input.trim().replace(/[\s\-\u2010-\u2015().]/g, '');
  if (s.startsWith('00')) s = '+' + s.slice(2);
  return /^\+[1-9][0-9]{7,14}$/.test(s) ? s : null;
}

/** Messenger handle: trimmed, NFKC, lower-cased, one leading "@" removed; null if empty or spaced. */
export function normaliseHandle(input: string): string | null {
  if (typeof input !== 'string' || input.length > 256) return null;
  let s = input.trim().normalize('NFKC').toLowerCase();
  if (s.startsWith('@')) s = s.slice(1);
  return s.length > 0 && !/\s/.test(s) ? s : null;
}

/** Email: trimmed and lower-cased (whole address); null unless it looks like local@domain. */
export function normaliseEmail(input: string): string | null {
  if (typeof input !== 'string' || input.length > 320) return null;
  const s = input.trim().normalize('NFKC').toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(s) ? s : null;
}

export function normaliseForBlindIndex(kind: BlindIndexKind, value: string): string | null {
  switch (kind) {
    case 'phone':
      return normalisePhone(value);
    case 'handle':
      return normaliseHandle(value);
    case 'email':
      return normaliseEmail(value);
    default:
      throw new CryptoError('INVALID_INPUT', 'unknown blind index kind');
  }
}

/**
 * The truncated blind index of `value` as a small integer in [0, 2^bits), or null when the value
 * does not normalise (then store no index). Ownership: key borrowed.
 */
export function blindIndex(
  key: Uint8Array,
  kind: BlindIndexKind,
  value: string,
  bits: number = DEFAULT_BLIND_INDEX_BITS,
): number | null {
  requireKey(key, BLIND_INDEX_KEY_BYTES, 'blind index key');
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) {
    throw new CryptoError('INVALID_INPUT', 'bits must be an integer from 1 to 32');
  }
  const normal = normaliseForBlindIndex(kind, value);
  if (normal === null) return null;
  const message = utf8Encode(DOMAIN + String.fromCharCode(KIND_IDS[kind]) + normal);
  try {
    const digest = sodium().crypto_generichash(8, message, key);
    const top32 = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
    return bits === 32 ? top32 : top32 >>> (32 - bits);
  } finally {
    wipe(message);
  }
}
