import { CryptoError } from './errors';
import { requireKey, utf8Encode, wipe } from './encoding';
import { keyedHashInto } from './in-place';
import { stripInvisible, toAsciiDigits } from './text';

/*
 * Blind index for duplicate hints. index = first `bits` bits (big-endian) of
 *   BLAKE2b-64(key = blindIndexKey, message = "corridor/bi1" ‖ kindId ‖ normalised value)
 * with kindId = 1 phone, 2 handle, 3 email: the fixed-length prefix separates the kinds (the same
 * string as a handle and as an email gives unrelated indexes) in a single BLAKE2b call.
 *
 * Truncation is the point: with `bits` bits there are 2^bits buckets. A match is a CANDIDATE for
 * a human to check, never proof. But it hides a person only if the bucket is shared: an
 * adversary holding the key and a stored index confirms "this number reported" with a false-match
 * probability of only ≈ N / 2^bits among N stored values (1.5 % at N = 1,000 with 16 bits). Pick
 * bits ≤ log2(N / k) for k ≈ 20 stored values per bucket (SECURITY.md, "Blind index"); the
 * default 16 bits suits ≈ 1.3 million values and is far too precise for a small hotline.
 */
export type BlindIndexKind = 'phone' | 'handle' | 'email';
export const BLIND_INDEX_KEY_BYTES = 32;
export const DEFAULT_BLIND_INDEX_BITS = 16;
const KIND_IDS: Record<BlindIndexKind, number> = { phone: 1, handle: 2, email: 3 };
const DOMAIN = 'corridor/bi1'; // ASCII, fixed length: the prefix is unambiguous

// Separators inside a phone number: every Unicode space (\s), ASCII and Unicode hyphens and
// dashes (U+2010–U+2015, U+2212 minus, U+2043, U+FE58, U+FE63, U+FF0D), dots (. U+FF0E U+2024),
// slashes (/ U+FF0F U+2215), parentheses and brackets (ASCII and full-width), the soft hyphen.
const PHONE_SEPARATORS_RE =
  /[\s\-\u00AD\u2010-\u2015\u2212\u2043\uFE58\uFE63\uFF0D.\u2024\uFF0E/\u2215\uFF0F()[\]\uFF08\uFF09]/g;
// "+44 (0)20 …": the national trunk prefix written in parentheses after a 1–3 digit country code
// is not dialled internationally; drop it.
const TRUNK_ZERO_RE = /^(\+|00)([1-9][0-9]{0,2})[\s\-./]*\(0\)/;

/**
 * Phone number → E.164 ("+79123456789") or null. Dependency-free and deliberately strict:
 * removes invisible formatting characters (bidi marks from copy-paste), maps Eastern Arabic,
 * Persian and full-width digits and the full-width plus to ASCII, drops a literal "(0)" trunk
 * prefix right after the country code, strips space, dash, dot, slash and bracket separators;
 * a leading "00" becomes "+"; then requires "+", a non-zero first digit and 8–15 digits in all.
 * National formats without a country code are rejected (we cannot guess the country; a wrong
 * guess would make false candidates).
 */
export function normalisePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  let s = toAsciiDigits(stripInvisible(input))
    .replace(/\uFF0B/g, '+')
    .trim();
  s = s.replace(TRUNK_ZERO_RE, '$1$2');
  s = s.replace(PHONE_SEPARATORS_RE, '');
  if (s.startsWith('00')) s = '+' + s.slice(2);
  return /^\+[1-9][0-9]{7,14}$/.test(s) ? s : null;
}

/**
 * Messenger handle: invisible formatting characters (zero-width, bidi controls, BOM) removed,
 * trimmed, NFKC, lower-cased, one leading "@" removed; null if empty or spaced.
 */
export function normaliseHandle(input: string): string | null {
  if (typeof input !== 'string' || input.length > 256) return null;
  let s = stripInvisible(input).trim().normalize('NFKC').toLowerCase();
  if (s.startsWith('@')) s = s.slice(1);
  return s.length > 0 && !/\s/.test(s) ? s : null;
}

/**
 * Email: invisible formatting characters removed, trimmed, NFKC and lower-cased (whole address);
 * null unless it looks like local@domain.
 */
export function normaliseEmail(input: string): string | null {
  if (typeof input !== 'string' || input.length > 320) return null;
  const s = stripInvisible(input).trim().normalize('NFKC').toLowerCase();
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
  const message = indexMessage(KIND_IDS[kind], normal);
  const digest = digestBuffer();
  try {
    keyedHashInto(digest, message, key);
    const top32 = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
    return bits === 32 ? top32 : top32 >>> (32 - bits);
  } finally {
    wipe(message, digest);
  }
}

/*
 * The hashed message (a normalised phone number, handle or email: identifying) and the digest
 * live in two buffers reused by every call and wiped after each, instead of two new buffers per
 * call: at ≈ 2 µs per index the allocations cost as much as the hash. Each is an ArrayBuffer of
 * its own, so native code reads and writes it in place (see associated-data.ts).
 */
const MESSAGE_BYTES = DOMAIN.length + 1 + 320; // the longest normalised value (an email)
let messageBuffer: Uint8Array | undefined;
let digestBytes: Uint8Array | undefined;

const digestBuffer = (): Uint8Array => (digestBytes ??= new Uint8Array(new ArrayBuffer(8)));

/** DOMAIN ‖ kindId ‖ UTF-8(normal): ASCII (every phone number) written into the reused buffer. */
function indexMessage(kindId: number, normal: string): Uint8Array {
  const length = DOMAIN.length + 1 + normal.length;
  let ascii = length <= MESSAGE_BYTES;
  for (let i = 0; ascii && i < normal.length; i++) ascii = normal.charCodeAt(i) <= 0x7f;
  if (!ascii) return utf8Encode(DOMAIN + String.fromCharCode(kindId) + normal);
  const out = (messageBuffer ??= new Uint8Array(new ArrayBuffer(MESSAGE_BYTES)));
  for (let i = 0; i < DOMAIN.length; i++) out[i] = DOMAIN.charCodeAt(i);
  out[DOMAIN.length] = kindId;
  for (let i = 0; i < normal.length; i++) out[DOMAIN.length + 1 + i] = normal.charCodeAt(i);
  return out.subarray(0, length);
}
