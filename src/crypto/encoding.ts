import { CryptoError } from './errors';
import { sodium } from './sodium';

/*
 * Byte and text helpers. Only Web-platform APIs (TextEncoder/TextDecoder, Uint8Array) so the
 * module runs unchanged in browsers; no Buffer.
 */

const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

/** base64url without padding (RFC 4648 §5), the encoding of every key and token we print or store. */
export function toBase64Url(bytes: Uint8Array): string {
  return sodium().to_base64(bytes, sodium().base64_variants.URLSAFE_NO_PADDING);
}

/**
 * Strict base64url decoding: accepts no padding, no whitespace, no '+' or '/'. Throws
 * INVALID_INPUT (the message never echoes the input, which may be a secret).
 */
export function fromBase64Url(text: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64URL_RE.test(text) || text.length % 4 === 1) {
    throw new CryptoError('INVALID_INPUT', 'not a base64url string');
  }
  try {
    return sodium().from_base64(text, sodium().base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw new CryptoError('INVALID_INPUT', 'not a base64url string');
  }
}

/** Decodes base64url and checks the length; used for keys, so the error code is INVALID_KEY. */
export function fromBase64UrlKey(text: string, length: number, what: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text);
  } catch {
    throw new CryptoError('INVALID_KEY', `${what} is not base64url`);
  }
  if (bytes.length !== length) {
    wipe(bytes);
    throw new CryptoError('INVALID_KEY', `${what} must be ${length} bytes`);
  }
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  return sodium().to_hex(bytes);
}

export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw new CryptoError('INVALID_INPUT', 'not a hex string');
  }
  return sodium().from_hex(hex);
}

/**
 * True when `text` contains a lone (unpaired) UTF-16 surrogate. Such a string cannot be encoded
 * as UTF-8; TextEncoder would silently replace it with U+FFFD, so a round trip would change the
 * text. A plain charCodeAt scan, not a regular expression: the natural regex needs a lookbehind,
 * which Safari < 16.4 cannot even parse — one such literal breaks the whole browser bundle.
 */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return true; // a low surrogate not consumed by a preceding high one
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (next < 0xdc00 || next > 0xdfff) return true; // a high surrogate without its low half
    i++; // a valid pair: skip the low half
  }
  return false;
}
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 encoding; throws INVALID_INPUT for strings with unpaired surrogates. */
export function utf8Encode(text: string): Uint8Array {
  if (typeof text !== 'string') throw new CryptoError('INVALID_INPUT', 'expected a string');
  if (hasLoneSurrogate(text)) {
    throw new CryptoError('INVALID_INPUT', 'string contains an unpaired surrogate');
  }
  const out = encoder.encode(text);
  if (isThisRealm(out)) return out;
  // TextEncoder from another realm (a vm context, a test sandbox): libsodium checks
  // `instanceof Uint8Array`, so copy into this realm's type and clear the foreign buffer.
  const local = new Uint8Array(out);
  out.fill(0);
  return local;
}

/** Strict UTF-8 decoding; throws INVALID_INPUT on malformed bytes. */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CryptoError('INVALID_INPUT', 'bytes are not valid UTF-8');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Maximum byte length of one length-prefixed associated-data field. */
export const MAX_AD_FIELD_BYTES = 1024;

/**
 * Unambiguous encoding of a list of strings: each as a 2-byte big-endian length then its UTF-8
 * bytes. Without the lengths ("ab","c") and ("a","bc") would give the same associated data.
 */
export function lengthPrefixed(fields: readonly string[], what = 'field'): Uint8Array {
  const total = asciiLengthPrefixedBytes(fields);
  if (total < 0) return lengthPrefixedUtf8(fields, what);
  // Every field ASCII (domain strings, ids, table names: nearly always): a string of ASCII is its
  // own UTF-8, written straight into the one output, with no encoder, copies or concatenation.
  const out = new Uint8Array(total);
  writeAsciiLengthPrefixed(out, 0, fields, what);
  return out;
}

/** Byte length of lengthPrefixed(fields) when every field is an ASCII string, else −1. */
function asciiLengthPrefixedBytes(fields: readonly string[]): number {
  let total = 0;
  for (const field of fields) {
    if (!isAscii(field)) return -1;
    total += 2 + field.length;
  }
  return total;
}

/**
 * Writes lengthPrefixed(fields) at `offset` of `out` (ASCII fields only: check with
 * asciiLengthPrefixedBytes first); returns the offset after it.
 */
function writeAsciiLengthPrefixed(
  out: Uint8Array,
  offset: number,
  fields: readonly string[],
  what: string,
): number {
  for (const field of fields) {
    if (field.length > MAX_AD_FIELD_BYTES) {
      throw new CryptoError('INVALID_INPUT', `${what} longer than ${MAX_AD_FIELD_BYTES} bytes`);
    }
    out[offset++] = field.length >>> 8;
    out[offset++] = field.length & 0xff;
    for (let i = 0; i < field.length; i++) out[offset++] = field.charCodeAt(i);
  }
  return offset;
}

function isAscii(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

function lengthPrefixedUtf8(fields: readonly string[], what: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    const bytes = utf8Encode(field);
    if (bytes.length > MAX_AD_FIELD_BYTES) {
      throw new CryptoError('INVALID_INPUT', `${what} longer than ${MAX_AD_FIELD_BYTES} bytes`);
    }
    parts.push(new Uint8Array([bytes.length >>> 8, bytes.length & 0xff]), bytes);
  }
  return concatBytes(...parts);
}

/**
 * Overwrites buffers with zeros (sodium_memzero). JavaScript cannot promise that no copy exists
 * elsewhere (the GC may have moved it, strings are immutable), but wiping the buffers we hold
 * shortens how long secrets stay in memory. Undefined entries are skipped.
 */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  for (const b of buffers) {
    if (!isBytes(b) || b.length === 0) continue;
    if (isThisRealm(b)) sodium().memzero(b);
    else b.fill(0); // a Uint8Array of another realm: sodium.memzero would refuse it
  }
}

function isThisRealm(b: Uint8Array): boolean {
  return b instanceof Uint8Array;
}

/** Constant-time equality of two byte strings (false when lengths differ). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (!isBytes(a) || !isBytes(b) || a.length !== b.length) return false;
  if (a.length === 0) return true;
  return sodium().memcmp(a, b);
}

/**
 * Uint8Array test that also works across realms (Jest sandboxes, vm contexts, iframes), where
 * `instanceof Uint8Array` is false for arrays made by another realm's TextEncoder.
 */
export function isBytes(value: unknown): value is Uint8Array {
  // instanceof first: the usual case, and ~10× cheaper than the tag check every key goes through.
  if (value instanceof Uint8Array) return true;
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

/** Checks that `value` is a Uint8Array of exactly `length` bytes; throws INVALID_KEY otherwise. */
export function requireKey(value: unknown, length: number, what: string): Uint8Array {
  if (!isBytes(value) || value.length !== length) {
    throw new CryptoError('INVALID_KEY', `${what} must be a Uint8Array of ${length} bytes`);
  }
  return value;
}

export function requireBytes(value: unknown, what: string): Uint8Array {
  if (!isBytes(value)) throw new CryptoError('INVALID_INPUT', `${what} must be a Uint8Array`);
  return value;
}
