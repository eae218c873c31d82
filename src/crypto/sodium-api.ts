/**
 * The part of libsodium the crypto module uses, in libsodium-wrappers' calling style (outputs
 * returned as new Uint8Arrays, failures thrown). Both backends implement exactly this: the
 * WebAssembly build IS this object (libsodium-wrappers-sumo), the native backend adapts
 * sodium-native to it (native-backend.ts). Both run the same libsodium C code, so every function
 * returns the same bytes for the same inputs; only where the code runs differs.
 */
export interface SodiumKeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  keyType: 'x25519' | 'ed25519' | 'curve25519';
}

export type Base64Variant = number;

export interface SodiumApi {
  readonly base64_variants: {
    ORIGINAL: Base64Variant;
    ORIGINAL_NO_PADDING: Base64Variant;
    URLSAFE: Base64Variant;
    URLSAFE_NO_PADDING: Base64Variant;
  };
  readonly crypto_box_NONCEBYTES: number;
  readonly crypto_pwhash_ALG_ARGON2ID13: number;

  randombytes_buf(length: number): Uint8Array;
  randombytes_uniform(upperBound: number): number;

  crypto_aead_xchacha20poly1305_ietf_encrypt(
    message: Uint8Array,
    additionalData: Uint8Array | null,
    secretNonce: null,
    publicNonce: Uint8Array,
    key: Uint8Array,
  ): Uint8Array;
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    secretNonce: null,
    ciphertext: Uint8Array,
    additionalData: Uint8Array | null,
    publicNonce: Uint8Array,
    key: Uint8Array,
  ): Uint8Array;

  crypto_box_keypair(): SodiumKeyPair;
  crypto_box_seed_keypair(seed: Uint8Array): SodiumKeyPair;
  crypto_box_easy(
    message: Uint8Array,
    nonce: Uint8Array,
    publicKey: Uint8Array,
    privateKey: Uint8Array,
  ): Uint8Array;
  crypto_box_seal(message: Uint8Array, publicKey: Uint8Array): Uint8Array;
  crypto_box_seal_open(ciphertext: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_scalarmult_base(privateKey: Uint8Array): Uint8Array;

  crypto_generichash(hashLength: number, message: Uint8Array | string, key: Uint8Array | null): Uint8Array;
  crypto_kdf_derive_from_key(
    subkeyLength: number,
    subkeyId: number,
    context: string,
    key: Uint8Array,
  ): Uint8Array;
  crypto_pwhash(
    keyLength: number,
    password: Uint8Array | string,
    salt: Uint8Array,
    opsLimit: number,
    memLimit: number,
    algorithm: number,
  ): Uint8Array;

  crypto_sign_keypair(): SodiumKeyPair;
  crypto_sign_seed_keypair(seed: Uint8Array): SodiumKeyPair;
  crypto_sign_ed25519_sk_to_seed(privateKey: Uint8Array): Uint8Array;
  crypto_sign_detached(message: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;

  memzero(bytes: Uint8Array): void;
  memcmp(a: Uint8Array, b: Uint8Array): boolean;
  is_zero(bytes: Uint8Array): boolean;
  pad(buf: Uint8Array, blocksize: number): Uint8Array;
  unpad(buf: Uint8Array, blocksize: number): Uint8Array;

  to_base64(bytes: Uint8Array, variant?: Base64Variant): string;
  from_base64(text: string, variant?: Base64Variant): Uint8Array;
  to_hex(bytes: Uint8Array): string;
  from_hex(hex: string): Uint8Array;
  sodium_version_string(): string;

  /** Present on the native backend only: the same functions writing into the caller's buffers. */
  readonly inPlace?: SodiumInPlace;
}

/**
 * sodium-native's own calling style: outputs written into buffers the caller passes (views into
 * one output, so a format is built with one allocation and no copies). Only the native backend
 * has it (libsodium-wrappers has no such calls: in WebAssembly every output is copied out of the
 * heap anyway); in-place.ts gives the module one way to call both. Same C functions, same bytes.
 */
export interface SodiumInPlace {
  /** A zeroed buffer of its own ArrayBuffer (outside the moving GC heap), tracked like every output. */
  alloc(length: number): Uint8Array;
  randombytes_buf(out: Uint8Array): void;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    out: Uint8Array,
    message: Uint8Array,
    additionalData: Uint8Array,
    publicNonce: Uint8Array,
    key: Uint8Array,
  ): void;
  /** Throws when the ciphertext does not authenticate. */
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    out: Uint8Array,
    ciphertext: Uint8Array,
    additionalData: Uint8Array,
    publicNonce: Uint8Array,
    key: Uint8Array,
  ): void;
  crypto_box_seal(out: Uint8Array, message: Uint8Array, publicKey: Uint8Array): void;
  /** Keyed BLAKE2b of any output length libsodium accepts (1–64 bytes). */
  crypto_generichash(out: Uint8Array, message: Uint8Array, key: Uint8Array): void;
}

/** The two implementations of SodiumApi. */
export type CryptoBackendName = 'native' | 'wasm';
/** What CRYPTO_BACKEND asks for: one backend, or native when it loads and WebAssembly otherwise. */
export type CryptoBackendChoice = CryptoBackendName | 'auto';
