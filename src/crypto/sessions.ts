import { aeadDecrypt, aeadEncrypt, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, randomBytes } from './aead';
import { BOX_PRIVATE_KEY_BYTES } from './box';
import { CryptoError } from './errors';
import {
  concatBytes,
  fromBase64Url,
  isBytes,
  lengthPrefixed,
  requireKey,
  toBase64Url,
  utf8Encode,
  wipe,
} from './encoding';
import { sodium } from './sodium';

/*
 * Sessions. The token (32 random bytes, base64url, 43 chars) goes to the client and is never
 * stored. From the token bytes, crypto_kdf_derive_from_key (BLAKE2b keyed by the token,
 * context "CorrSess") gives two independent values:
 *   subkey 1 = the stored session id (hashSessionToken) — a Redis key / DB column;
 *   subkey 2 = the wrapping key of the user private key held in Redis for the session.
 * Redis holds (id → wrapped key): without the token nothing opens, and the id does not reveal
 * the wrapping key. No Argon2id: the token has 256 bits of entropy, brute force is moot.
 *
 * Session-wrapped key v1 — 73 bytes: 0x01 ‖ nonce(24) ‖ XChaCha20-Poly1305(privateKey) ‖ tag,
 *   AD = 0x01 ‖ lp("corridor/session-key")                  (no binding: the original form)
 *   AD = 0x01 ‖ lp("corridor/session-key") ‖ lp(binding)    (with a binding, e.g. "user:<id>")
 * The binding names the principal the wrapped key belongs to. Without it, someone who can write
 * the session store could re-point a stored wrapped key to another principal's entry (the AD was
 * only a constant); with it, a wrapped key opens only for the principal it was made for. The two
 * AD forms differ in length, so a key wrapped without a binding never opens with one, nor the
 * reverse.
 */
export const SESSION_TOKEN_BYTES = 32;
const SESSION_CONTEXT = 'CorrSess';
const SESSION_ID_SUBKEY = 1;
const SESSION_WRAP_SUBKEY = 2;
export const SESSION_WRAP_VERSION = 1;
export const SESSION_WRAPPED_BYTES = 1 + AEAD_NONCE_BYTES + BOX_PRIVATE_KEY_BYTES + AEAD_TAG_BYTES;

/** A new session token, base64url without padding (43 characters). */
export function generateSessionToken(): string {
  const bytes = randomBytes(SESSION_TOKEN_BYTES);
  try {
    return toBase64Url(bytes);
  } finally {
    wipe(bytes);
  }
}

/** Token text → its 32 bytes; INVALID_INPUT for anything else (the message never echoes it). */
function tokenBytes(token: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(token);
  } catch {
    throw new CryptoError('INVALID_INPUT', 'malformed session token');
  }
  if (bytes.length !== SESSION_TOKEN_BYTES) {
    wipe(bytes);
    throw new CryptoError('INVALID_INPUT', 'malformed session token');
  }
  return bytes;
}

function tokenSubkey(token: string, id: number): Uint8Array {
  const bytes = tokenBytes(token);
  try {
    return sodium().crypto_kdf_derive_from_key(32, id, SESSION_CONTEXT, bytes);
  } finally {
    wipe(bytes);
  }
}

/** What is stored for a session (base64url, 43 chars). Deterministic; reveals nothing of the token. */
export function hashSessionToken(token: string): string {
  const id = tokenSubkey(token, SESSION_ID_SUBKEY);
  try {
    return toBase64Url(id);
  } finally {
    wipe(id);
  }
}

/** Largest binding accepted (UTF-8 bytes); it is an identifier such as "user:<uuid>". */
export const MAX_SESSION_BINDING_BYTES = 256;

function sessionAssociatedData(binding: string | undefined): Uint8Array {
  const fields = ['corridor/session-key'];
  if (binding !== undefined) {
    if (typeof binding !== 'string' || binding.length === 0) {
      throw new CryptoError('INVALID_INPUT', 'session binding must be a non-empty string');
    }
    if (utf8Encode(binding).length > MAX_SESSION_BINDING_BYTES) {
      throw new CryptoError(
        'INVALID_INPUT',
        `session binding longer than ${MAX_SESSION_BINDING_BYTES} bytes`,
      );
    }
    fields.push(binding);
  }
  return concatBytes(new Uint8Array([SESSION_WRAP_VERSION]), lengthPrefixed(fields, 'session binding'));
}

function wrap(
  token: string,
  privateKey: Uint8Array,
  binding: string | undefined,
  fixedNonce?: Uint8Array,
): Uint8Array {
  requireKey(privateKey, BOX_PRIVATE_KEY_BYTES, 'private key');
  const ad = sessionAssociatedData(binding);
  const nonce = fixedNonce
    ? requireKey(fixedNonce, AEAD_NONCE_BYTES, 'nonce')
    : randomBytes(AEAD_NONCE_BYTES);
  const key = tokenSubkey(token, SESSION_WRAP_SUBKEY);
  try {
    return concatBytes(
      new Uint8Array([SESSION_WRAP_VERSION]),
      nonce,
      aeadEncrypt(privateKey, ad, nonce, key),
    );
  } finally {
    wipe(key);
  }
}

/**
 * Wraps a user (or reporter-case) private key for storage in the session store.
 * `binding` (optional, recommended): the principal the session belongs to, e.g. `user:<userId>`
 * or `reporter:<reportId>`; the same value must be given to unwrapForSession. Omitted, the
 * format is exactly the original one (AD without a binding). Ownership: privateKey borrowed.
 */
export function wrapForSession(token: string, privateKey: Uint8Array, binding?: string): Uint8Array {
  return wrap(token, privateKey, binding);
}

/** INTERNAL deterministic variant for known-answer vectors (fixed nonce). Never in production. */
export function wrapForSessionWith(
  token: string,
  privateKey: Uint8Array,
  nonce: Uint8Array,
  binding?: string,
): Uint8Array {
  return wrap(token, privateKey, binding, nonce);
}

/**
 * Unwraps; DECRYPT_FAILED for another token, another binding (or a binding given for a key wrapped
 * without one, or the reverse) or tampering. The returned key is the caller's.
 */
export function unwrapForSession(token: string, wrapped: Uint8Array, binding?: string): Uint8Array {
  const ad = sessionAssociatedData(binding);
  if (!isBytes(wrapped) || wrapped.length < 1) throw new CryptoError('BAD_ENVELOPE', 'empty session key');
  if (wrapped[0] !== SESSION_WRAP_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported session key version');
  }
  if (wrapped.length !== SESSION_WRAPPED_BYTES) {
    throw new CryptoError('BAD_ENVELOPE', 'session key has an invalid length');
  }
  const key = tokenSubkey(token, SESSION_WRAP_SUBKEY);
  try {
    return aeadDecrypt(
      wrapped.subarray(1 + AEAD_NONCE_BYTES),
      ad,
      wrapped.subarray(1, 1 + AEAD_NONCE_BYTES),
      key,
    );
  } finally {
    wipe(key);
  }
}
