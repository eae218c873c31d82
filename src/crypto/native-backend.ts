import type { SodiumApi, SodiumInPlace, SodiumKeyPair } from './sodium-api';

/*
 * The native backend: sodium-native (libsodium compiled for this machine, loaded as a Node
 * addon) adapted to SodiumApi, the libsodium-wrappers calling style the module is written in.
 * Node only: native-loader.ts is the one file that loads this, and the browser bundle replaces
 * that loader (scripts/build-crypto-bundle.js), so nothing here reaches a page.
 *
 * Byte identity with the WebAssembly backend: both call the same libsodium C functions with the
 * same arguments; this file only allocates the outputs and converts failures into throws the way
 * libsodium-wrappers does (a failed decryption throws, a failed verification returns false).
 *
 * Memory: unlike the WebAssembly build there is no second heap. libsodium reads the input
 * buffers and writes the outputs in place (no copies to wipe), and its own temporaries (the
 * ephemeral key of crypto_box_seal, the subkeys of XChaCha20, BLAKE2b states) are wiped by
 * libsodium itself. Outputs are ordinary Uint8Arrays the caller owns and wipes — except the
 * Argon2id output, which is the root of a user's or reporter's keys and is written straight into
 * sodium_malloc memory (locked against swapping, kept out of core dumps, guard pages, zeroed by
 * sodium_free when it is collected). Every output buffer can be tracked (trackAllocations) so a
 * test can prove that no secret survives in a buffer this backend created.
 */

/** The functions and constants of sodium-native 5 this adapter calls (it ships no types). */
export interface SodiumNative {
  crypto_box_NONCEBYTES: number;
  crypto_box_SEALBYTES: number;
  crypto_box_MACBYTES: number;
  crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
  crypto_pwhash_ALG_ARGON2ID13: number;
  crypto_sign_BYTES: number;
  randombytes_buf(out: Uint8Array): void;
  randombytes_uniform(upperBound: number): number;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array | null,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array | null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
  crypto_box_keypair(pk: Uint8Array, sk: Uint8Array): void;
  crypto_box_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void;
  crypto_box_easy(c: Uint8Array, m: Uint8Array, n: Uint8Array, pk: Uint8Array, sk: Uint8Array): void;
  crypto_box_seal(c: Uint8Array, m: Uint8Array, pk: Uint8Array): void;
  crypto_box_seal_open(m: Uint8Array, c: Uint8Array, pk: Uint8Array, sk: Uint8Array): boolean;
  crypto_scalarmult_base(q: Uint8Array, n: Uint8Array): void;
  crypto_generichash(out: Uint8Array, input: Uint8Array, key?: Uint8Array): void;
  crypto_generichash_STATEBYTES: number;
  crypto_generichash_BYTES_MIN: number;
  crypto_generichash_init(state: Uint8Array, key: Uint8Array | null, outputLength: number): void;
  crypto_generichash_update(state: Uint8Array, input: Uint8Array): void;
  crypto_generichash_final(state: Uint8Array, out: Uint8Array): void;
  crypto_kdf_derive_from_key(subkey: Uint8Array, id: number, ctx: Uint8Array, key: Uint8Array): void;
  crypto_pwhash(
    out: Uint8Array,
    passwd: Uint8Array,
    salt: Uint8Array,
    opslimit: number,
    memlimit: number,
    alg: number,
  ): void;
  crypto_pwhash_async(
    out: Uint8Array,
    passwd: Uint8Array,
    salt: Uint8Array,
    opslimit: number,
    memlimit: number,
    alg: number,
  ): Promise<void>;
  crypto_sign_keypair(pk: Uint8Array, sk: Uint8Array): void;
  crypto_sign_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(sig: Uint8Array, m: Uint8Array, sk: Uint8Array): void;
  crypto_sign_verify_detached(sig: Uint8Array, m: Uint8Array, pk: Uint8Array): boolean;
  sodium_memzero(buf: Uint8Array): void;
  sodium_memcmp(a: Uint8Array, b: Uint8Array): boolean;
  sodium_is_zero(buf: Uint8Array): boolean;
  sodium_pad(buf: Uint8Array, unpaddedLength: number, blockSize: number): number;
  sodium_unpad(buf: Uint8Array, paddedLength: number, blockSize: number): number;
  sodium_malloc(size: number): Uint8Array;
}

/** libsodium's base64 variants (sodium_base64_VARIANT_*), the numbers libsodium-wrappers uses. */
const VARIANTS = Object.freeze({ ORIGINAL: 1, ORIGINAL_NO_PADDING: 3, URLSAFE: 5, URLSAFE_NO_PADDING: 7 });

const encoder = new TextEncoder();

function bytesOf(input: Uint8Array | string): Uint8Array {
  return typeof input === 'string' ? encoder.encode(input) : input;
}

/** The native backend's diagnostics (tests): buffers it allocated while tracking was on. */
export interface NativeDiagnostics {
  trackAllocations<T>(fn: () => T): { result: T; allocated: Uint8Array[] };
  isSecureMemory(bytes: Uint8Array): boolean;
}

export function createNativeBackend(
  sn: SodiumNative,
  version: string,
): { api: SodiumApi; diagnostics: NativeDiagnostics } {
  let tracked: Uint8Array[] | undefined;
  const secure = new WeakSet<ArrayBuffer>();

  // Always an ArrayBuffer of its own: V8 keeps `new Uint8Array(n)` of n <= 64 bytes (every key)
  // inside the moving GC heap and copies it out when native code first touches it, leaving the
  // old bytes behind; an explicit ArrayBuffer is allocated outside the GC heap and never moves.
  const alloc = (length: number): Uint8Array => {
    const out = new Uint8Array(new ArrayBuffer(length));
    tracked?.push(out);
    return out;
  };
  /** sodium_malloc memory viewed as a plain Uint8Array (not a Buffer: same type as the WASM side). */
  const allocSecure = (length: number): Uint8Array => {
    const region = sn.sodium_malloc(length);
    const out = new Uint8Array(region.buffer, region.byteOffset, length);
    out.fill(0); // sodium_malloc fills with 0xdb garbage
    secure.add(out.buffer as ArrayBuffer);
    tracked?.push(out);
    return out;
  };
  const keyPair = (pk: Uint8Array, sk: Uint8Array, keyType: SodiumKeyPair['keyType']): SodiumKeyPair => ({
    publicKey: pk,
    privateKey: sk,
    keyType,
  });

  // One BLAKE2b state for the short keyed hashes (the blind index): allocated once, wiped after
  // every use (it holds the keyed chaining value), so a hash costs no allocation.
  let hashState: Uint8Array | undefined;
  const keyedHash = (out: Uint8Array, message: Uint8Array, key: Uint8Array | null): void => {
    if (out.length >= sn.crypto_generichash_BYTES_MIN) {
      if (key) sn.crypto_generichash(out, message, key);
      else sn.crypto_generichash(out, message);
      return;
    }
    // sodium-native's one-shot call refuses outputs below 16 bytes (the blind index uses 8);
    // libsodium itself accepts 1–64, and the streaming API passes the length through as is.
    const state = (hashState ??= new Uint8Array(new ArrayBuffer(sn.crypto_generichash_STATEBYTES)));
    try {
      sn.crypto_generichash_init(state, key, out.length);
      sn.crypto_generichash_update(state, message);
      sn.crypto_generichash_final(state, out);
    } finally {
      sn.sodium_memzero(state);
    }
  };

  const inPlace: SodiumInPlace = {
    alloc,
    randombytes_buf: (out) => sn.randombytes_buf(out),
    crypto_aead_xchacha20poly1305_ietf_encrypt(out, message, ad, nonce, key) {
      sn.crypto_aead_xchacha20poly1305_ietf_encrypt(out, message, ad, null, nonce, key);
    },
    crypto_aead_xchacha20poly1305_ietf_decrypt(out, ciphertext, ad, nonce, key) {
      sn.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, ciphertext, ad, nonce, key);
    },
    crypto_box_seal: (out, message, publicKey) => sn.crypto_box_seal(out, message, publicKey),
    crypto_generichash: keyedHash,
  };

  const api: SodiumApi = {
    inPlace,
    base64_variants: VARIANTS,
    crypto_box_NONCEBYTES: sn.crypto_box_NONCEBYTES,
    crypto_pwhash_ALG_ARGON2ID13: sn.crypto_pwhash_ALG_ARGON2ID13,

    randombytes_buf(length) {
      const out = alloc(length);
      sn.randombytes_buf(out);
      return out;
    },
    randombytes_uniform: (upperBound) => sn.randombytes_uniform(upperBound),

    crypto_aead_xchacha20poly1305_ietf_encrypt(message, ad, _nsec, nonce, key) {
      const out = alloc(message.length + sn.crypto_aead_xchacha20poly1305_ietf_ABYTES);
      sn.crypto_aead_xchacha20poly1305_ietf_encrypt(out, message, ad, null, nonce, key);
      return out;
    },
    crypto_aead_xchacha20poly1305_ietf_decrypt(_nsec, ciphertext, ad, nonce, key) {
      const length = ciphertext.length - sn.crypto_aead_xchacha20poly1305_ietf_ABYTES;
      if (length < 0) throw new Error('ciphertext is too short');
      const out = alloc(length);
      try {
        sn.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, ciphertext, ad, nonce, key);
      } catch {
        throw new Error('ciphertext cannot be decrypted using that key');
      }
      return out;
    },

    crypto_box_keypair() {
      const pk = alloc(32);
      const sk = alloc(32);
      sn.crypto_box_keypair(pk, sk);
      return keyPair(pk, sk, 'x25519');
    },
    crypto_box_seed_keypair(seed) {
      const pk = alloc(32);
      const sk = alloc(32);
      sn.crypto_box_seed_keypair(pk, sk, seed);
      return keyPair(pk, sk, 'x25519');
    },
    crypto_box_easy(message, nonce, publicKey, privateKey) {
      const out = alloc(message.length + sn.crypto_box_MACBYTES);
      sn.crypto_box_easy(out, message, nonce, publicKey, privateKey);
      return out;
    },
    crypto_box_seal(message, publicKey) {
      const out = alloc(message.length + sn.crypto_box_SEALBYTES);
      sn.crypto_box_seal(out, message, publicKey);
      return out;
    },
    crypto_box_seal_open(ciphertext, publicKey, privateKey) {
      const length = ciphertext.length - sn.crypto_box_SEALBYTES;
      if (length < 0) throw new Error('ciphertext is too short');
      const out = alloc(length);
      if (!sn.crypto_box_seal_open(out, ciphertext, publicKey, privateKey)) {
        throw new Error('incorrect key pair for the given ciphertext');
      }
      return out;
    },
    crypto_scalarmult_base(privateKey) {
      const out = alloc(32);
      sn.crypto_scalarmult_base(out, privateKey);
      return out;
    },

    crypto_generichash(hashLength, message, key) {
      const out = alloc(hashLength);
      keyedHash(out, bytesOf(message), key);
      return out;
    },
    crypto_kdf_derive_from_key(subkeyLength, subkeyId, context, key) {
      const ctx = encoder.encode(context);
      if (ctx.length !== 8) throw new Error('invalid ctx length');
      const out = alloc(subkeyLength);
      sn.crypto_kdf_derive_from_key(out, subkeyId, ctx, key);
      return out;
    },
    crypto_pwhash(keyLength, password, salt, opsLimit, memLimit, algorithm) {
      const out = allocSecure(keyLength);
      sn.crypto_pwhash(out, bytesOf(password), salt, opsLimit, memLimit, algorithm);
      return out;
    },

    crypto_sign_keypair() {
      const pk = alloc(32);
      const sk = alloc(64);
      sn.crypto_sign_keypair(pk, sk);
      return keyPair(pk, sk, 'ed25519');
    },
    crypto_sign_seed_keypair(seed) {
      const pk = alloc(32);
      const sk = alloc(64);
      sn.crypto_sign_seed_keypair(pk, sk, seed);
      return keyPair(pk, sk, 'ed25519');
    },
    crypto_sign_ed25519_sk_to_seed(privateKey) {
      // What libsodium's crypto_sign_ed25519_sk_to_seed does: the seed is the first half.
      if (privateKey.length !== 64) throw new Error('invalid privateKey length');
      const out = alloc(32);
      out.set(privateKey.subarray(0, 32));
      return out;
    },
    crypto_sign_detached(message, privateKey) {
      const out = alloc(sn.crypto_sign_BYTES);
      sn.crypto_sign_detached(out, message, privateKey);
      return out;
    },
    crypto_sign_verify_detached: (signature, message, publicKey) =>
      sn.crypto_sign_verify_detached(signature, message, publicKey),

    memzero: (bytes) => sn.sodium_memzero(bytes),
    memcmp(a, b) {
      if (a.length !== b.length) throw new TypeError('Only instances of identical length can be compared');
      return sn.sodium_memcmp(a, b);
    },
    is_zero: (bytes) => sn.sodium_is_zero(bytes),
    pad(buf, blocksize) {
      // sodium_pad works in place: copy into a buffer with room for the next multiple.
      const out = alloc(buf.length + (blocksize - (buf.length % blocksize)));
      out.set(buf);
      const length = sn.sodium_pad(out, buf.length, blocksize);
      return length === out.length ? out : out.subarray(0, length);
    },
    unpad(buf, blocksize) {
      let length: number;
      try {
        length = sn.sodium_unpad(buf, buf.length, blocksize);
      } catch {
        throw new Error('unsupported/invalid padding');
      }
      const out = alloc(length);
      out.set(buf.subarray(0, length));
      return out;
    },

    to_base64(bytes, variant = VARIANTS.URLSAFE_NO_PADDING) {
      const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      if (variant === VARIANTS.URLSAFE_NO_PADDING) return view.toString('base64url');
      const urlsafe = variant === VARIANTS.URLSAFE || variant === VARIANTS.URLSAFE_NO_PADDING;
      const text = view.toString('base64');
      const unpadded = text.replace(/=+$/, '');
      const padded = variant === VARIANTS.ORIGINAL || variant === VARIANTS.URLSAFE ? text : unpadded;
      return urlsafe ? padded.replace(/\+/g, '-').replace(/\//g, '_') : padded;
    },
    from_base64(text, variant = VARIANTS.URLSAFE_NO_PADDING) {
      // Buffer decoding is lenient (skips stray characters, ignores trailing bits); libsodium is
      // not. Accept only what re-encodes to exactly the same text, i.e. canonical input.
      const decoded = Buffer.from(text, 'base64');
      const out = alloc(decoded.length);
      out.set(decoded);
      decoded.fill(0);
      if (api.to_base64(out, variant) !== text) {
        out.fill(0);
        throw new Error('invalid input');
      }
      return out;
    },
    to_hex: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'),
    from_hex(hex) {
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error('invalid input');
      const decoded = Buffer.from(hex, 'hex');
      const out = alloc(decoded.length);
      out.set(decoded);
      decoded.fill(0);
      return out;
    },
    sodium_version_string: () => version,
  };

  const diagnostics: NativeDiagnostics = {
    trackAllocations<T>(fn: () => T) {
      const previous = tracked;
      const allocated: Uint8Array[] = [];
      tracked = allocated;
      try {
        return { result: fn(), allocated };
      } finally {
        tracked = previous;
      }
    },
    isSecureMemory: (bytes) => secure.has(bytes.buffer as ArrayBuffer),
  };
  return { api, diagnostics };
}
