import { aeadDecrypt, AEAD_KEY_BYTES, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, randomBytes } from './aead';
import { transientAssociatedData } from './associated-data';
import { boxSealDeterministic, boxSealOpen, requireBoxKeyPair, SEAL_OVERHEAD_BYTES } from './box';
import { CryptoError } from './errors';
import { isBytes, requireKey, utf8Decode, utf8Encode, wipe } from './encoding';
import { aeadEncryptInto, boxSealInto, newOutput, randomInto } from './in-place';
import { isValidBucket, MIN_PADDED_BYTES, padPlaintext, unpadPlaintext } from './padding';
import type { ContentLocation, KeyPair } from './types';

/*
 * Envelope format v1 (content sealed to a case). Byte layout, see SECURITY.md:
 *
 *   offset  length     field
 *   0       1          version = 0x01
 *   1       80         sealed data key = crypto_box_seal(dataKey[32], casePublicKey)
 *                        = ephemeral X25519 public key (32) ‖ XSalsa20-Poly1305 box of dataKey (48)
 *   81      24         nonce (random, XChaCha20-Poly1305 IETF public nonce)
 *   105     P + 16     XChaCha20-Poly1305 ciphertext of sodium_pad(plaintext) ‖ tag,
 *                      P = padded length (256, 512, …, 1 MiB)
 *
 * associated data = 0x01 ‖ lp("corridor/envelope") ‖ lp(purpose) ‖ lp(table) ‖ lp(column)
 *                   ‖ lp(rowId) ‖ sealed data key (80)
 * where lp(s) = 2-byte big-endian length ‖ UTF-8 bytes.
 *
 * Why: a fresh random data key per item means the writer needs only the case PUBLIC key
 * (write without read); the AD binds the ciphertext to its place and to its header.
 */
export const ENVELOPE_VERSION = 1;
export const SEALED_KEY_BYTES = AEAD_KEY_BYTES + SEAL_OVERHEAD_BYTES; // 80
export const ENVELOPE_HEADER_BYTES = 1 + SEALED_KEY_BYTES + AEAD_NONCE_BYTES; // 105
export const ENVELOPE_OVERHEAD_MIN_BYTES = ENVELOPE_HEADER_BYTES + AEAD_TAG_BYTES; // 121
export const MIN_ENVELOPE_BYTES = ENVELOPE_OVERHEAD_MIN_BYTES + MIN_PADDED_BYTES; // 377
const ENVELOPE_DOMAIN = 'corridor/envelope';

/** Validates a location and returns its four fields in AD order. */
export function locationFields(location: ContentLocation): string[] {
  if (!location || typeof location !== 'object') {
    throw new CryptoError('INVALID_INPUT', 'location must be an object');
  }
  const fields = [location.purpose, location.table, location.column, location.rowId];
  for (const f of fields) {
    if (typeof f !== 'string' || f.length === 0) {
      throw new CryptoError(
        'INVALID_INPUT',
        'location purpose, table, column and rowId must be non-empty strings',
      );
    }
  }
  return fields;
}

export function envelopeAssociatedData(location: ContentLocation, sealedKey: Uint8Array): Uint8Array {
  return transientEnvelopeAd(locationFields(location), sealedKey).slice();
}

/** The same bytes as a view valid until the next AEAD call (associated-data.ts): the hot path. */
function transientEnvelopeAd(fields: readonly string[], sealedKey: Uint8Array): Uint8Array {
  return transientAssociatedData(ENVELOPE_VERSION, [ENVELOPE_DOMAIN, ...fields], 'location field', sealedKey);
}

/** Takes ownership of nothing: a string is encoded into a buffer this module wipes itself. */
function plaintextBytes(plaintext: Uint8Array | string): { bytes: Uint8Array; owned: boolean } {
  if (typeof plaintext === 'string') return { bytes: utf8Encode(plaintext), owned: true };
  if (isBytes(plaintext)) return { bytes: plaintext, owned: false };
  throw new CryptoError('INVALID_INPUT', 'plaintext must be a string or a Uint8Array');
}

/** Randomness of one envelope. INTERNAL: only tests and vector generation pass fixed values. */
export interface EnvelopeRandomness {
  /** Seed of the ephemeral X25519 key pair of crypto_box_seal (32 bytes). */
  ephemeralSeed: Uint8Array;
  dataKey: Uint8Array;
  nonce: Uint8Array;
}

function seal(
  casePublicKey: Uint8Array,
  plaintext: Uint8Array | string,
  location: ContentLocation,
  fixed: EnvelopeRandomness | undefined,
): Uint8Array {
  requireKey(casePublicKey, 32, 'case public key');
  const fields = locationFields(location);
  const { bytes, owned } = plaintextBytes(plaintext);
  let padded: Uint8Array | undefined;
  const dataKey = fixed
    ? requireKey(fixed.dataKey, AEAD_KEY_BYTES, 'data key').slice()
    : randomBytes(AEAD_KEY_BYTES);
  try {
    padded = padPlaintext(bytes);
    // Built in its one output: the sealed key, the nonce and the ciphertext are written into
    // views of it (in-place.ts), not concatenated from buffers of their own.
    const out = newOutput(ENVELOPE_HEADER_BYTES + padded.length + AEAD_TAG_BYTES);
    out[0] = ENVELOPE_VERSION;
    const sealedKey = out.subarray(1, 1 + SEALED_KEY_BYTES);
    if (fixed) sealedKey.set(boxSealDeterministic(dataKey, casePublicKey, fixed.ephemeralSeed));
    else boxSealInto(sealedKey, dataKey, casePublicKey);
    const nonce = out.subarray(1 + SEALED_KEY_BYTES, ENVELOPE_HEADER_BYTES);
    if (fixed) nonce.set(requireKey(fixed.nonce, AEAD_NONCE_BYTES, 'nonce'));
    else randomInto(nonce);
    aeadEncryptInto(
      out.subarray(ENVELOPE_HEADER_BYTES),
      padded,
      transientEnvelopeAd(fields, sealedKey),
      nonce,
      dataKey,
    );
    return out;
  } finally {
    wipe(dataKey, padded);
    if (owned) wipe(bytes);
  }
}

/**
 * Encrypts content to a case: only holders of the case private key can open it; anyone with
 * the public key can write (intake in the browser, the server at once, operators).
 * Ownership: `plaintext` is borrowed (not wiped — the caller wipes its own buffer); the data key
 * and padded copy are wiped here. Throws TOO_LARGE above MAX_PLAINTEXT_BYTES.
 */
export function sealToCase(
  casePublicKey: Uint8Array,
  plaintext: Uint8Array | string,
  location: ContentLocation,
): Uint8Array {
  return seal(casePublicKey, plaintext, location, undefined);
}

/**
 * INTERNAL, deterministic variant for known-answer tests: same format, with the ephemeral seed,
 * data key and nonce given. Reusing these values in production would be catastrophic.
 */
export function sealToCaseWith(
  casePublicKey: Uint8Array,
  plaintext: Uint8Array | string,
  location: ContentLocation,
  randomness: EnvelopeRandomness,
): Uint8Array {
  return seal(casePublicKey, plaintext, location, randomness);
}

/** Splits an envelope into its parts after checking version and lengths (no decryption). */
export function parseEnvelope(envelope: Uint8Array): {
  version: number;
  sealedKey: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
} {
  if (!isBytes(envelope) || envelope.length < 1) throw new CryptoError('BAD_ENVELOPE', 'empty envelope');
  if (envelope[0] !== ENVELOPE_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported envelope version');
  }
  if (envelope.length < MIN_ENVELOPE_BYTES || !isValidBucket(envelope.length - ENVELOPE_OVERHEAD_MIN_BYTES)) {
    throw new CryptoError('BAD_ENVELOPE', 'envelope has an invalid length');
  }
  return {
    version: envelope[0],
    sealedKey: envelope.subarray(1, 1 + SEALED_KEY_BYTES),
    nonce: envelope.subarray(1 + SEALED_KEY_BYTES, ENVELOPE_HEADER_BYTES),
    ciphertext: envelope.subarray(ENVELOPE_HEADER_BYTES),
  };
}

/**
 * Opens content sealed to a case at `location`. Throws DECRYPT_FAILED for a wrong key, a wrong
 * location or any tampering; BAD_ENVELOPE / UNSUPPORTED_VERSION for malformed bytes.
 * Ownership: `caseKeyPair` is borrowed; the returned plaintext is the caller's (wipe it when done).
 */
export function openFromCase(
  caseKeyPair: KeyPair,
  envelope: Uint8Array,
  location: ContentLocation,
): Uint8Array {
  requireBoxKeyPair(caseKeyPair, 'case key pair');
  const parts = parseEnvelope(envelope);
  const fields = locationFields(location);
  const dataKey = boxSealOpen(parts.sealedKey, caseKeyPair);
  let padded: Uint8Array;
  try {
    if (dataKey.length !== AEAD_KEY_BYTES) throw new CryptoError('BAD_ENVELOPE', 'invalid data key');
    padded = aeadDecrypt(
      parts.ciphertext,
      transientEnvelopeAd(fields, parts.sealedKey),
      parts.nonce,
      dataKey,
    );
  } finally {
    wipe(dataKey);
  }
  return unpadPlaintext(padded);
}

/** openFromCase, then strict UTF-8 decoding (INVALID_INPUT if the content is not text). */
export function openFromCaseAsString(
  caseKeyPair: KeyPair,
  envelope: Uint8Array,
  location: ContentLocation,
): string {
  const bytes = openFromCase(caseKeyPair, envelope, location);
  try {
    return utf8Decode(bytes);
  } finally {
    wipe(bytes);
  }
}
