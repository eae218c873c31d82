import {
  aeadDecrypt,
  aeadEncrypt,
  AEAD_KEY_BYTES,
  AEAD_NONCE_BYTES,
  AEAD_TAG_BYTES,
  randomBytes,
} from './aead';
import { CryptoError } from './errors';
import { concatBytes, isBytes, lengthPrefixed, requireKey, utf8Decode, utf8Encode, wipe } from './encoding';
import { locationFields } from './envelope';
import { isValidBucket, MIN_PADDED_BYTES, padPlaintext, unpadPlaintext } from './padding';
import type { ContentLocation } from './types';

/*
 * Secret-key envelope v1, for server-held data keys (TOTP secrets at rest under the TOTP key):
 *   0   1       version = 0x01
 *   1   24      nonce
 *   25  P + 16  XChaCha20-Poly1305(sodium_pad(plaintext)) ‖ tag
 *   AD = 0x01 ‖ lp("corridor/secret-envelope") ‖ lp(purpose) ‖ lp(table) ‖ lp(column) ‖ lp(rowId)
 * Same padding and location binding as the case envelope; a different domain string, so the two
 * formats can never be confused.
 */
export const SECRET_ENVELOPE_VERSION = 1;
const HEADER = 1 + AEAD_NONCE_BYTES;

function associatedData(location: ContentLocation): Uint8Array {
  return concatBytes(
    new Uint8Array([SECRET_ENVELOPE_VERSION]),
    lengthPrefixed(['corridor/secret-envelope', ...locationFields(location)], 'location field'),
  );
}

function encrypt(
  key: Uint8Array,
  plaintext: Uint8Array | string,
  location: ContentLocation,
  fixedNonce: Uint8Array | undefined,
): Uint8Array {
  requireKey(key, AEAD_KEY_BYTES, 'key');
  const ad = associatedData(location);
  const owned = typeof plaintext === 'string';
  const bytes = owned ? utf8Encode(plaintext) : plaintext;
  if (!isBytes(bytes)) throw new CryptoError('INVALID_INPUT', 'plaintext must be a string or a Uint8Array');
  let padded: Uint8Array | undefined;
  try {
    padded = padPlaintext(bytes);
    const nonce = fixedNonce
      ? requireKey(fixedNonce, AEAD_NONCE_BYTES, 'nonce')
      : randomBytes(AEAD_NONCE_BYTES);
    return concatBytes(new Uint8Array([SECRET_ENVELOPE_VERSION]), nonce, aeadEncrypt(padded, ad, nonce, key));
  } finally {
    wipe(padded);
    if (owned) wipe(bytes);
  }
}

/** Encrypts under a 32-byte server key. Ownership: key and plaintext borrowed. */
export function encryptWithKey(
  key: Uint8Array,
  plaintext: Uint8Array | string,
  location: ContentLocation,
): Uint8Array {
  return encrypt(key, plaintext, location, undefined);
}

/** INTERNAL deterministic variant for known-answer vectors (fixed nonce). Never in production. */
export function encryptWithKeyWith(
  key: Uint8Array,
  plaintext: Uint8Array | string,
  location: ContentLocation,
  nonce: Uint8Array,
): Uint8Array {
  return encrypt(key, plaintext, location, nonce);
}

/** Decrypts; DECRYPT_FAILED for a wrong key/location or tampering. The result is the caller's. */
export function decryptWithKey(key: Uint8Array, envelope: Uint8Array, location: ContentLocation): Uint8Array {
  requireKey(key, AEAD_KEY_BYTES, 'key');
  const ad = associatedData(location);
  if (!isBytes(envelope) || envelope.length < 1) throw new CryptoError('BAD_ENVELOPE', 'empty envelope');
  if (envelope[0] !== SECRET_ENVELOPE_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported envelope version');
  }
  const paddedLength = envelope.length - HEADER - AEAD_TAG_BYTES;
  if (paddedLength < MIN_PADDED_BYTES || !isValidBucket(paddedLength)) {
    throw new CryptoError('BAD_ENVELOPE', 'envelope has an invalid length');
  }
  const padded = aeadDecrypt(envelope.subarray(HEADER), ad, envelope.subarray(1, HEADER), key);
  return unpadPlaintext(padded);
}

export function decryptWithKeyAsString(
  key: Uint8Array,
  envelope: Uint8Array,
  location: ContentLocation,
): string {
  const bytes = decryptWithKey(key, envelope, location);
  try {
    return utf8Decode(bytes);
  } finally {
    wipe(bytes);
  }
}
