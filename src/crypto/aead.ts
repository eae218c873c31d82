import { CryptoError } from './errors';
import { requireKey } from './encoding';
import { sodium } from './sodium';

/** XChaCha20-Poly1305 (IETF) sizes. 192-bit random nonces: no counter to keep, no collision risk. */
export const AEAD_KEY_BYTES = 32;
export const AEAD_NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;

export function randomBytes(length: number): Uint8Array {
  return sodium().randombytes_buf(length);
}

export function randomNonce(): Uint8Array {
  return randomBytes(AEAD_NONCE_BYTES);
}

export function aeadEncrypt(
  plaintext: Uint8Array,
  associatedData: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
): Uint8Array {
  requireKey(key, AEAD_KEY_BYTES, 'key');
  requireKey(nonce, AEAD_NONCE_BYTES, 'nonce');
  return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, nonce, key);
}

/** Decrypts and authenticates; every failure becomes DECRYPT_FAILED (no detail: it is an oracle). */
export function aeadDecrypt(
  ciphertext: Uint8Array,
  associatedData: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
): Uint8Array {
  requireKey(key, AEAD_KEY_BYTES, 'key');
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associatedData, nonce, key);
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'authentication failed');
  }
}
