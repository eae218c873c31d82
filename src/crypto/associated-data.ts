import { concatBytes, lengthPrefixed, MAX_AD_FIELD_BYTES } from './encoding';
import { CryptoError } from './errors';

/*
 * The associated data of every format, version ‖ lp(domain) ‖ lp(fields…) [‖ suffix], exists
 * only for the one AEAD call that reads it. So it is written into one reused buffer instead of
 * a new one per call: no allocation, and the buffer is an ArrayBuffer of its own, which native
 * code reads in place (a new Uint8Array of ≤ 64 bytes lives inside V8's heap and is copied out
 * the first time native code touches it — about 1 µs, as much as encrypting a key slot).
 * The associated data is not secret (domain strings, table names, ids).
 */
const REUSED_BYTES = 1024;
let reused: Uint8Array | undefined;
/** One view per length, reused too: a format's associated data has the same length every time. */
const views: Uint8Array[] = [];

/**
 * version ‖ lengthPrefixed(fields) ‖ suffix as a VIEW of the reused buffer: valid only until the
 * next call, so build it right before the AEAD call that reads it and keep no reference.
 * Byte for byte concatBytes([version], lengthPrefixed(fields, what), suffix); non-ASCII or
 * unusually long input takes that path (a buffer of its own).
 */
export function transientAssociatedData(
  version: number,
  fields: readonly string[],
  what = 'field',
  suffix?: Uint8Array,
): Uint8Array {
  let total = 1 + (suffix ? suffix.length : 0);
  for (const field of fields) total += typeof field === 'string' ? 2 + field.length : REUSED_BYTES;
  const out = total <= REUSED_BYTES ? (reused ??= new Uint8Array(new ArrayBuffer(REUSED_BYTES))) : undefined;
  // One pass writes and checks: a non-ASCII character (UTF-8 longer than the string) falls back.
  if (!out || !writeAscii(out, version, fields, what)) {
    const parts = [new Uint8Array([version]), lengthPrefixed(fields, what)];
    return concatBytes(...(suffix ? [...parts, suffix] : parts));
  }
  if (suffix) out.set(suffix, total - suffix.length);
  return (views[total] ??= out.subarray(0, total));
}

/** Writes version ‖ lp(fields) into `out`; false (and a partly written buffer) at a non-ASCII character. */
function writeAscii(out: Uint8Array, version: number, fields: readonly string[], what: string): boolean {
  out[0] = version;
  let offset = 1;
  for (const field of fields) {
    if (field.length > MAX_AD_FIELD_BYTES) {
      throw new CryptoError('INVALID_INPUT', `${what} longer than ${MAX_AD_FIELD_BYTES} bytes`);
    }
    out[offset++] = field.length >>> 8;
    out[offset++] = field.length & 0xff;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c > 0x7f) return false;
      out[offset++] = c;
    }
  }
  return true;
}
