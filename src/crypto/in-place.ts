import { sodium } from './sodium';

/*
 * Building a format in ONE output buffer: the header bytes, the nonce and the ciphertext are
 * written straight into views of the output (version ‖ nonce ‖ ciphertext), instead of each
 * being a buffer of its own concatenated at the end. On the native backend libsodium writes into
 * the views (SodiumInPlace); on WebAssembly the result is copied out of the heap either way, so
 * each helper computes it the wrappers' way and copies it into the view (wiping the temporary
 * when it is secret). Same libsodium function, same bytes, on both.
 *
 * Why it matters: at a few microseconds per operation (a reporter slot, a blind index) the
 * allocations and copies around the call cost more than the cryptography; every allocation of
 * an ArrayBuffer of its own is ≈ 0.5 µs.
 */

/** A new zeroed output buffer (its own ArrayBuffer on native, tracked like every backend output). */
export function newOutput(length: number): Uint8Array {
  const inPlace = sodium().inPlace;
  return inPlace ? inPlace.alloc(length) : new Uint8Array(length);
}

/** Fills `out` from the CSPRNG. */
export function randomInto(out: Uint8Array): void {
  const s = sodium();
  if (s.inPlace) return s.inPlace.randombytes_buf(out);
  const bytes = s.randombytes_buf(out.length);
  out.set(bytes);
  s.memzero(bytes); // may be key material (a data key)
}

/** XChaCha20-Poly1305 of `message` into `out` (message.length + 16 bytes). */
export function aeadEncryptInto(
  out: Uint8Array,
  message: Uint8Array,
  ad: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
): void {
  const s = sodium();
  if (s.inPlace) return s.inPlace.crypto_aead_xchacha20poly1305_ietf_encrypt(out, message, ad, nonce, key);
  out.set(s.crypto_aead_xchacha20poly1305_ietf_encrypt(message, ad, null, nonce, key));
}

/** Decrypts into `out` (ciphertext.length − 16 bytes); throws when it does not authenticate. */
export function aeadDecryptInto(
  out: Uint8Array,
  ciphertext: Uint8Array,
  ad: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
): void {
  const s = sodium();
  if (s.inPlace) return s.inPlace.crypto_aead_xchacha20poly1305_ietf_decrypt(out, ciphertext, ad, nonce, key);
  const plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);
  out.set(plain);
  s.memzero(plain);
}

/** crypto_box_seal of `message` into `out` (message.length + 48 bytes). */
export function boxSealInto(out: Uint8Array, message: Uint8Array, publicKey: Uint8Array): void {
  const s = sodium();
  if (s.inPlace) return s.inPlace.crypto_box_seal(out, message, publicKey);
  out.set(s.crypto_box_seal(message, publicKey));
}

/** Keyed BLAKE2b with out.length bytes of output (1–64) into `out`. */
export function keyedHashInto(out: Uint8Array, message: Uint8Array, key: Uint8Array): void {
  const s = sodium();
  if (s.inPlace) return s.inPlace.crypto_generichash(out, message, key);
  const digest = s.crypto_generichash(out.length, message, key);
  out.set(digest);
  s.memzero(digest);
}
