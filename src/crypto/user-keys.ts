import { aeadDecrypt, aeadEncrypt, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, randomBytes } from './aead';
import {
  boxKeyPairFromPrivateKey,
  BOX_PRIVATE_KEY_BYTES,
  BOX_PUBLIC_KEY_BYTES,
  generateBoxKeyPair,
} from './box';
import { CryptoError } from './errors';
import { concatBytes, equalBytes, isBytes, lengthPrefixed, requireKey, wipe } from './encoding';
import {
  argon2idSubkeys,
  DEFAULT_PASSWORD_KDF,
  KDF_SALT_BYTES,
  type PasswordKdfParams,
  secretInputBytes,
  validateKdfParams,
} from './kdf';

/*
 * User keys. A user's X25519 private key is stored wrapped under a key derived from the
 * password. ONE Argon2id run per password check gives a master key, split with
 * crypto_kdf_derive_from_key (context "CorrPass"):
 *   subkey 1 = verifier     (stored; compared in constant time at login)
 *   subkey 2 = wrapping key (never stored; unwraps the private key)
 * The verifier is a PRF output independent of the wrapping key: a stolen verifier neither is nor
 * reveals the wrapping key, and testing a password guess against it costs a full Argon2id.
 *
 * Wrapped private key v1 — 73 bytes:
 *   0   1   version = 0x01
 *   1   24  nonce
 *   25  48  XChaCha20-Poly1305(privateKey[32]) ‖ tag,  AD = 0x01 ‖ lp("corridor/user-key") ‖ lp(userId)
 */
const PASSWORD_KDF_CONTEXT = 'CorrPass';
const VERIFIER_SUBKEY_ID = 1;
const WRAPPING_SUBKEY_ID = 2;
export const WRAPPED_KEY_VERSION = 1;
export const WRAPPED_KEY_BYTES = 1 + AEAD_NONCE_BYTES + BOX_PRIVATE_KEY_BYTES + AEAD_TAG_BYTES; // 73
export const PASSWORD_VERIFIER_BYTES = 32;

export interface PasswordKeys {
  /** Stored with the user; not secret enough to unwrap anything. */
  verifier: Uint8Array;
  /** Secret: unwraps the private key. Wipe after use. */
  wrappingKey: Uint8Array;
}

/** What the server stores for a user (all of it safe to store; nothing opens without the password). */
export interface UserKeyRecord {
  publicKey: Uint8Array;
  wrappedPrivateKey: Uint8Array;
  salt: Uint8Array;
  params: PasswordKdfParams;
  verifier: Uint8Array;
}

export function generatePasswordSalt(): Uint8Array {
  return randomBytes(KDF_SALT_BYTES);
}

/**
 * The Argon2id derivation (slow: run it in the CryptoPool on the server).
 * Ownership: the password is borrowed (a Uint8Array is not wiped); both returned keys are the
 * caller's — wipe them when done.
 */
export function derivePasswordKeys(
  password: string | Uint8Array,
  salt: Uint8Array,
  params: PasswordKdfParams = DEFAULT_PASSWORD_KDF,
): PasswordKeys {
  const { bytes, owned } = secretInputBytes(password, 'password');
  try {
    const [verifier, wrappingKey] = argon2idSubkeys(bytes, salt, params, PASSWORD_KDF_CONTEXT, [
      VERIFIER_SUBKEY_ID,
      WRAPPING_SUBKEY_ID,
    ]);
    return { verifier, wrappingKey };
  } finally {
    if (owned) wipe(bytes);
  }
}

/** Constant-time comparison of the stored verifier with a freshly derived one (sodium_memcmp). */
export function verifyPasswordVerifier(expected: Uint8Array, actual: Uint8Array): boolean {
  if (!isBytes(expected) || !isBytes(actual) || expected.length !== PASSWORD_VERIFIER_BYTES) return false;
  return equalBytes(expected, actual);
}

function userAssociatedData(userId: string | undefined): Uint8Array {
  if (userId !== undefined && typeof userId !== 'string') {
    throw new CryptoError('INVALID_INPUT', 'userId must be a string');
  }
  return concatBytes(
    new Uint8Array([WRAPPED_KEY_VERSION]),
    lengthPrefixed(['corridor/user-key', userId ?? '']),
  );
}

function wrapUserKey(
  privateKey: Uint8Array,
  wrappingKey: Uint8Array,
  userId: string | undefined,
  fixedNonce: Uint8Array | undefined,
): Uint8Array {
  requireKey(privateKey, BOX_PRIVATE_KEY_BYTES, 'private key');
  requireKey(wrappingKey, 32, 'wrapping key');
  const ad = userAssociatedData(userId);
  const nonce = fixedNonce
    ? requireKey(fixedNonce, AEAD_NONCE_BYTES, 'nonce')
    : randomBytes(AEAD_NONCE_BYTES);
  const ct = aeadEncrypt(privateKey, ad, nonce, wrappingKey);
  return concatBytes(new Uint8Array([WRAPPED_KEY_VERSION]), nonce, ct);
}

/**
 * Wraps a user private key. `userId` (if given) is bound as associated data and must be given
 * again to unwrap. Ownership: both keys borrowed (not wiped).
 */
export function wrapUserPrivateKey(
  privateKey: Uint8Array,
  wrappingKey: Uint8Array,
  userId?: string,
): Uint8Array {
  return wrapUserKey(privateKey, wrappingKey, userId, undefined);
}

/** INTERNAL deterministic variant for known-answer vectors (fixed nonce). Never in production. */
export function wrapUserPrivateKeyWith(
  privateKey: Uint8Array,
  wrappingKey: Uint8Array,
  userId: string | undefined,
  nonce: Uint8Array,
): Uint8Array {
  return wrapUserKey(privateKey, wrappingKey, userId, nonce);
}

/**
 * Unwraps; DECRYPT_FAILED for a wrong password (wrong wrapping key), another user id, or tampering.
 * Ownership: wrappingKey borrowed; the returned private key is the caller's.
 */
export function unwrapUserPrivateKey(
  wrapped: Uint8Array,
  wrappingKey: Uint8Array,
  userId?: string,
): Uint8Array {
  requireKey(wrappingKey, 32, 'wrapping key');
  const ad = userAssociatedData(userId);
  if (!isBytes(wrapped) || wrapped.length < 1) throw new CryptoError('BAD_ENVELOPE', 'empty wrapped key');
  if (wrapped[0] !== WRAPPED_KEY_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported wrapped key version');
  }
  if (wrapped.length !== WRAPPED_KEY_BYTES)
    throw new CryptoError('BAD_ENVELOPE', 'wrapped key has an invalid length');
  return aeadDecrypt(
    wrapped.subarray(1 + AEAD_NONCE_BYTES),
    ad,
    wrapped.subarray(1, 1 + AEAD_NONCE_BYTES),
    wrappingKey,
  );
}

/**
 * Builds a stored record for `privateKey` from already-derived password keys (the server path:
 * derive in the CryptoPool, then call this). Used for a new user and after a password change
 * (with a NEW salt). Ownership: privateKey and derived keys borrowed (not wiped).
 */
export function buildUserKeyRecord(
  privateKey: Uint8Array,
  derived: PasswordKeys,
  salt: Uint8Array,
  params: PasswordKdfParams,
  userId?: string,
): UserKeyRecord {
  requireKey(salt, KDF_SALT_BYTES, 'salt');
  const kp = boxKeyPairFromPrivateKey(privateKey);
  wipe(kp.privateKey);
  return {
    publicKey: kp.publicKey,
    wrappedPrivateKey: wrapUserPrivateKey(privateKey, derived.wrappingKey, userId),
    salt: salt.slice(),
    params: validateKdfParams(params),
    verifier: derived.verifier.slice(),
  };
}

/**
 * Creates a user key pair wrapped under the password (runs Argon2id inline: fine for the CLI and
 * the browser; the server should use CryptoPool + buildUserKeyRecord). The private key is wiped.
 */
export function createUserKeys(
  password: string | Uint8Array,
  params: PasswordKdfParams = DEFAULT_PASSWORD_KDF,
  userId?: string,
): UserKeyRecord {
  const salt = generatePasswordSalt();
  const derived = derivePasswordKeys(password, salt, params);
  const kp = generateBoxKeyPair();
  try {
    return buildUserKeyRecord(kp.privateKey, derived, salt, params, userId);
  } finally {
    wipe(kp.privateKey, derived.wrappingKey, derived.verifier);
  }
}

/**
 * Login step after derivation: checks the verifier (constant time), then unwraps. One error for
 * both failures (DECRYPT_FAILED) so the caller cannot leak which one failed.
 * Ownership: `derived` borrowed; the returned private key is the caller's.
 */
export function unlockUserPrivateKey(
  record: UserKeyRecord,
  derived: PasswordKeys,
  userId?: string,
): Uint8Array {
  if (!record || typeof record !== 'object') {
    throw new CryptoError('INVALID_INPUT', 'user key record must be an object');
  }
  if (!derived || typeof derived !== 'object') {
    throw new CryptoError('INVALID_INPUT', 'derived password keys must be an object');
  }
  if (!verifyPasswordVerifier(record.verifier, derived.verifier)) {
    throw new CryptoError('DECRYPT_FAILED', 'wrong password');
  }
  const privateKey = unwrapUserPrivateKey(record.wrappedPrivateKey, derived.wrappingKey, userId);
  const kp = boxKeyPairFromPrivateKey(privateKey);
  wipe(kp.privateKey);
  if (!equalBytes(kp.publicKey, requireKey(record.publicKey, BOX_PUBLIC_KEY_BYTES, 'public key'))) {
    wipe(privateKey);
    throw new CryptoError('DECRYPT_FAILED', 'wrapped key does not match the public key');
  }
  return privateKey;
}

/** Sync convenience: derive with the record's salt and params, then unlock (CLI, tests). */
export function unlockUserKeys(
  record: UserKeyRecord,
  password: string | Uint8Array,
  userId?: string,
): Uint8Array {
  const derived = derivePasswordKeys(password, record.salt, record.params);
  try {
    return unlockUserPrivateKey(record, derived, userId);
  } finally {
    wipe(derived.verifier, derived.wrappingKey);
  }
}

/**
 * Password change: re-wraps the same private key under the new password with a NEW salt
 * (and possibly new params). Nothing else changes: the public key and every case slot stay valid.
 * Ownership: privateKey borrowed.
 */
export function rewrapUserKeys(
  privateKey: Uint8Array,
  newPassword: string | Uint8Array,
  params: PasswordKdfParams = DEFAULT_PASSWORD_KDF,
  userId?: string,
): UserKeyRecord {
  const salt = generatePasswordSalt();
  const derived = derivePasswordKeys(newPassword, salt, params);
  try {
    return buildUserKeyRecord(privateKey, derived, salt, params, userId);
  } finally {
    wipe(derived.wrappingKey, derived.verifier);
  }
}
