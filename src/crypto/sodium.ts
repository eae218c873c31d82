import * as sodiumNamespace from 'libsodium-wrappers-sumo';
import { CryptoError } from './errors';

export type Sodium = typeof sodiumNamespace;

/*
 * libsodium-wrappers fills its exports object only once `ready` has resolved (before that it
 * has ~20 keys, afterwards ~580). The `import * as` interop of SWC and esbuild copies the keys
 * present at import time into a new object and keeps the live object as `.default`; the ESM
 * build exports the live object as `default` too. So take `.default` when there is one: a
 * snapshot taken at import time would lack every crypto function.
 */
const live: Sodium = (sodiumNamespace as unknown as { default?: Sodium }).default ?? sodiumNamespace;

let initialised = false;
let initialising: Promise<void> | undefined;

/**
 * Loads libsodium (WebAssembly) once. Every other function of this module is synchronous and
 * throws CryptoError('NOT_INITIALISED') until this promise has resolved. Safe to call many times.
 */
export function initCrypto(): Promise<void> {
  if (initialised) return Promise.resolve();
  initialising ??= live.ready.then(() => {
    // The standard (non-sumo) build has no Argon2id; fail loudly rather than later.
    if (typeof live.crypto_pwhash !== 'function' || typeof live.crypto_kdf_derive_from_key !== 'function') {
      throw new CryptoError('NOT_INITIALISED', 'libsodium sumo build with crypto_pwhash is required');
    }
    initialised = true;
  });
  return initialising;
}

export function isCryptoReady(): boolean {
  return initialised;
}

/** The initialised libsodium instance; throws a clear error when initCrypto() was not awaited. */
export function sodium(): Sodium {
  if (!initialised) {
    throw new CryptoError('NOT_INITIALISED', 'call and await initCrypto() before using the crypto module');
  }
  return live;
}

/** The libsodium version string, e.g. "1.0.22" (for diagnostics and the benchmark). */
export function sodiumVersion(): string {
  return sodium().sodium_version_string();
}
