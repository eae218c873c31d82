import { CryptoError } from './errors';
import { concatBytes, requireKey, wipe } from './encoding';
import { sodium } from './sodium';
import type { KeyPair } from './types';

export const BOX_PUBLIC_KEY_BYTES = 32;
export const BOX_PRIVATE_KEY_BYTES = 32;
export const BOX_SEED_BYTES = 32;
/** crypto_box_SEALBYTES: ephemeral public key (32) + Poly1305 tag (16). */
export const SEAL_OVERHEAD_BYTES = 48;

/** A new random X25519 key pair. The caller owns privateKey (wipe it when done). */
export function generateBoxKeyPair(): KeyPair {
  const kp = sodium().crypto_box_keypair();
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

/** The X25519 key pair for a private key (public = scalarmult_base). Copies the private key. */
export function boxKeyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  requireKey(privateKey, BOX_PRIVATE_KEY_BYTES, 'private key');
  return { publicKey: sodium().crypto_scalarmult_base(privateKey), privateKey: privateKey.slice() };
}

export function requireBoxKeyPair(kp: KeyPair, what: string): void {
  if (!kp || typeof kp !== 'object') throw new CryptoError('INVALID_KEY', `${what} must be a key pair`);
  requireKey(kp.publicKey, BOX_PUBLIC_KEY_BYTES, `${what} public key`);
  requireKey(kp.privateKey, BOX_PRIVATE_KEY_BYTES, `${what} private key`);
}

/** crypto_box_seal with fresh randomness (the production path). */
export function boxSeal(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  requireKey(recipientPublicKey, BOX_PUBLIC_KEY_BYTES, 'recipient public key');
  return sodium().crypto_box_seal(message, recipientPublicKey);
}

/**
 * Exactly what crypto_box_seal computes, with the ephemeral key pair taken from a seed
 * instead of the CSPRNG, so tests and known-answer vectors are deterministic:
 *   (epk, esk) = crypto_box_seed_keypair(seed)
 *   nonce      = BLAKE2b-192(epk ‖ recipientPk)
 *   output     = epk ‖ crypto_box_easy(message, nonce, recipientPk, esk)
 * INTERNAL: never use a fixed seed in production (a reused ephemeral key breaks the scheme).
 */
export function boxSealDeterministic(
  message: Uint8Array,
  recipientPublicKey: Uint8Array,
  ephemeralSeed: Uint8Array,
): Uint8Array {
  const s = sodium();
  requireKey(recipientPublicKey, BOX_PUBLIC_KEY_BYTES, 'recipient public key');
  requireKey(ephemeralSeed, BOX_SEED_BYTES, 'ephemeral seed');
  const eph = s.crypto_box_seed_keypair(ephemeralSeed);
  try {
    const nonce = s.crypto_generichash(
      s.crypto_box_NONCEBYTES,
      concatBytes(eph.publicKey, recipientPublicKey),
      null,
    );
    return concatBytes(eph.publicKey, s.crypto_box_easy(message, nonce, recipientPublicKey, eph.privateKey));
  } finally {
    wipe(eph.privateKey);
  }
}

/** crypto_box_seal_open; any failure (wrong key, tampering) becomes DECRYPT_FAILED. */
export function boxSealOpen(sealed: Uint8Array, recipient: KeyPair): Uint8Array {
  try {
    return sodium().crypto_box_seal_open(sealed, recipient.publicKey, recipient.privateKey);
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'could not open sealed box');
  }
}
