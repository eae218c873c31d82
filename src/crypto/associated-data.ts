import { asciiLengthPrefixedBytes, concatBytes, lengthPrefixed, writeAsciiLengthPrefixed } from './encoding';

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
  const fieldBytes = asciiLengthPrefixedBytes(fields);
  const total = 1 + fieldBytes + (suffix ? suffix.length : 0);
  if (fieldBytes < 0 || total > REUSED_BYTES) {
    const parts = [new Uint8Array([version]), lengthPrefixed(fields, what)];
    return concatBytes(...(suffix ? [...parts, suffix] : parts));
  }
  const out = (reused ??= new Uint8Array(new ArrayBuffer(REUSED_BYTES)));
  out[0] = version;
  const end = writeAsciiLengthPrefixed(out, 1, fields, what);
  if (suffix) out.set(suffix, end);
  return out.subarray(0, total);
}
