import { CryptoError } from './errors';
import { isBytes, requireKey, utf8Encode } from './encoding';
import { sodium } from './sodium';
import type { KeyPair } from './types';

/*
 * Ed25519 (crypto_sign, detached) for audit checkpoints, and BLAKE2b (crypto_generichash) for the
 * audit hash chain and other generic hashing.
 */
export const SIGNING_PUBLIC_KEY_BYTES = 32;
export const SIGNING_SECRET_KEY_BYTES = 64;
export const SIGNING_SEED_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/** New Ed25519 key pair; privateKey is libsodium's 64-byte secret key (seed ‖ public key). */
export function generateSigningKeyPair(): KeyPair {
  const kp = sodium().crypto_sign_keypair();
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

/**
 * Key pair from a stored secret: a 32-byte seed (what `init` generates) or a 64-byte secret key.
 * Ownership: `secret` borrowed; returned privateKey is a new buffer owned by the caller.
 */
export function signingKeyPairFromSecret(secret: Uint8Array): KeyPair {
  if (!isBytes(secret)) throw new CryptoError('INVALID_KEY', 'signing key must be a Uint8Array');
  const s = sodium();
  if (secret.length === SIGNING_SEED_BYTES) {
    const kp = s.crypto_sign_seed_keypair(secret);
    return { publicKey: kp.publicKey, privateKey: kp.privateKey };
  }
  if (secret.length === SIGNING_SECRET_KEY_BYTES) {
    const seed = s.crypto_sign_ed25519_sk_to_seed(secret);
    const kp = s.crypto_sign_seed_keypair(seed);
    s.memzero(seed);
    if (!s.memcmp(kp.privateKey, secret)) {
      s.memzero(kp.privateKey);
      throw new CryptoError('INVALID_KEY', 'inconsistent Ed25519 secret key');
    }
    return { publicKey: kp.publicKey, privateKey: kp.privateKey };
  }
  throw new CryptoError('INVALID_KEY', 'signing key must be a 32-byte seed or a 64-byte secret key');
}

/** Detached Ed25519 signature (64 bytes). Ownership: secretKey borrowed. */
export function sign(message: Uint8Array | string, secretKey: Uint8Array): Uint8Array {
  requireKey(secretKey, SIGNING_SECRET_KEY_BYTES, 'signing secret key');
  const m = typeof message === 'string' ? utf8Encode(message) : message;
  if (!isBytes(m)) throw new CryptoError('INVALID_INPUT', 'message must be a string or Uint8Array');
  // A Uint8Array of another realm (vm context, iframe) is copied: libsodium checks instanceof.
  return sodium().crypto_sign_detached(m instanceof Uint8Array ? m : new Uint8Array(m), secretKey);
}

/** True only for a valid signature; false for a malformed or wrong one. Throws for a malformed public key. */
export function verifySignature(
  signature: Uint8Array,
  message: Uint8Array | string,
  publicKey: Uint8Array,
): boolean {
  requireKey(publicKey, SIGNING_PUBLIC_KEY_BYTES, 'signing public key');
  if (!isBytes(signature) || signature.length !== SIGNATURE_BYTES) return false;
  const m = typeof message === 'string' ? utf8Encode(message) : message;
  if (!isBytes(m)) return false;
  try {
    return sodium().crypto_sign_verify_detached(signature, m, publicKey);
  } catch {
    return false;
  }
}

export interface HashOptions {
  /** 16–64 bytes for a keyed hash (MAC/PRF); omit for a plain hash. */
  key?: Uint8Array;
  /** 16–64 bytes; default 32. */
  outputLength?: number;
}

/** BLAKE2b (crypto_generichash); strings are UTF-8 encoded. Ownership: key borrowed. */
export function hash(data: Uint8Array | string, opts: HashOptions = {}): Uint8Array {
  const s = sodium();
  const outputLength = opts.outputLength ?? 32;
  if (!Number.isInteger(outputLength) || outputLength < 16 || outputLength > 64) {
    throw new CryptoError('INVALID_INPUT', 'outputLength must be 16 to 64');
  }
  if (opts.key !== undefined && (!isBytes(opts.key) || opts.key.length < 16 || opts.key.length > 64)) {
    throw new CryptoError('INVALID_KEY', 'hash key must be 16 to 64 bytes');
  }
  const m = typeof data === 'string' ? utf8Encode(data) : data;
  if (!isBytes(m)) throw new CryptoError('INVALID_INPUT', 'data must be a string or Uint8Array');
  return s.crypto_generichash(outputLength, m, opts.key ?? null);
}
