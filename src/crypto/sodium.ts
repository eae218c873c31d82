import { CryptoError } from './errors';
import { loadNativeBackend, type LoadedNativeBackend } from './native-loader';
import type { CryptoBackendChoice, CryptoBackendName, SodiumApi } from './sodium-api';
import { loadWasmBackend } from './wasm-backend';

export type { CryptoBackendChoice, CryptoBackendName, SodiumApi } from './sodium-api';
export { heapWipeStats } from './wasm-backend';

/** The libsodium the module calls (either backend; same functions, same bytes). */
export type Sodium = SodiumApi;

/*
 * Backend selection. Two implementations of the same libsodium functions: native (sodium-native,
 * on Node, several times faster) and WebAssembly (libsodium-wrappers-sumo: the browser, and the
 * server's fallback). The choice is made once per process (per thread) before initCrypto()
 * resolves: `auto` (the default) takes native when it loads and WebAssembly otherwise; an
 * explicit `native` fails instead of falling back, so a server configured for native never runs
 * slower (and with other memory behaviour) without anyone noticing.
 */
const BACKEND_CHOICES: readonly CryptoBackendChoice[] = ['native', 'wasm', 'auto'];

let choice: CryptoBackendChoice = 'auto';
let active: SodiumApi | undefined;
let activeName: CryptoBackendName | undefined;
let initialising: Promise<void> | undefined;
let native: LoadedNativeBackend | undefined;
let nativeLoadError: unknown;
let wasm: SodiumApi | undefined;

function requireChoice(value: unknown): CryptoBackendChoice {
  if (!BACKEND_CHOICES.includes(value as CryptoBackendChoice)) {
    throw new CryptoError('INVALID_INPUT', 'crypto backend must be native, wasm or auto');
  }
  return value as CryptoBackendChoice;
}

function conflicts(requested: CryptoBackendChoice): boolean {
  return activeName !== undefined && requested !== 'auto' && requested !== activeName;
}

/**
 * Chooses the backend initCrypto() will load (default `auto`). Call it before initCrypto(); once
 * crypto is initialised, asking for the other backend throws (a silent switch would be a lie).
 */
export function selectCryptoBackend(requested: CryptoBackendChoice): void {
  const value = requireChoice(requested);
  if (conflicts(value)) {
    throw new CryptoError(
      'NOT_INITIALISED',
      `crypto is already running on the ${activeName} backend, not ${value}`,
    );
  }
  if (initialising && !activeName && value !== choice) {
    throw new CryptoError(
      'NOT_INITIALISED',
      'crypto is initialising: choose the backend before initCrypto()',
    );
  }
  choice = value;
}

function tryNative(): LoadedNativeBackend | undefined {
  if (native || nativeLoadError !== undefined) return native;
  try {
    native = loadNativeBackend();
  } catch (e) {
    nativeLoadError = e ?? new Error('unknown error');
  }
  return native;
}

async function load(name: CryptoBackendName): Promise<SodiumApi> {
  if (name === 'wasm') return (wasm ??= await loadWasmBackend());
  const loaded = tryNative();
  if (!loaded) {
    const reason =
      nativeLoadError instanceof Error ? nativeLoadError.message.split('\n')[0] : 'unknown error';
    throw new CryptoError(
      'NOT_INITIALISED',
      `CRYPTO_BACKEND=native but the native libsodium (sodium-native) cannot be loaded: ${reason}`,
    );
  }
  return loaded.api;
}

/**
 * Loads libsodium once: the backend chosen by selectCryptoBackend() or `options.backend`. Every
 * other function of this module is synchronous and throws CryptoError('NOT_INITIALISED') until
 * this promise has resolved. Safe to call many times; asking for the other backend than the one
 * running throws.
 */
export function initCrypto(options: { backend?: CryptoBackendChoice } = {}): Promise<void> {
  if (options.backend !== undefined) {
    try {
      selectCryptoBackend(options.backend);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  if (active) return Promise.resolve();
  initialising ??= (async () => {
    const name: CryptoBackendName = choice === 'auto' ? (tryNative() ? 'native' : 'wasm') : choice;
    const api = await load(name);
    active = api;
    activeName = name;
  })().catch((e: unknown) => {
    initialising = undefined; // a failed start may be retried (e.g. with another backend)
    throw e;
  });
  return initialising;
}

export function isCryptoReady(): boolean {
  return active !== undefined;
}

/** The backend crypto runs on ('native' | 'wasm'), e.g. for a metrics gauge; throws before initCrypto(). */
export function cryptoBackend(): CryptoBackendName {
  sodium();
  return activeName as CryptoBackendName;
}

/** The initialised libsodium; throws a clear error when initCrypto() was not awaited. */
export function sodium(): Sodium {
  if (!active) {
    throw new CryptoError('NOT_INITIALISED', 'call and await initCrypto() before using the crypto module');
  }
  return active;
}

/** The libsodium version: "1.0.22" (WebAssembly) or "sodium-native 5.1.0" (native). */
export function sodiumVersion(): string {
  return sodium().sodium_version_string();
}

/**
 * INTERNAL (tests of byte identity, the benchmark): loads `name` next to the running backend and
 * runs `fn` with it as the module's libsodium, then switches back. Synchronous `fn` only, so no
 * other code can run on the wrong backend meanwhile.
 */
export async function loadCryptoBackend(name: CryptoBackendName): Promise<void> {
  await initCrypto();
  await load(name);
}

export function withCryptoBackend<T>(name: CryptoBackendName, fn: () => T): T {
  sodium();
  const api = name === 'wasm' ? wasm : native?.api;
  if (!api) throw new CryptoError('NOT_INITIALISED', `the ${name} backend is not loaded (loadCryptoBackend)`);
  const [previous, previousName] = [active, activeName];
  active = api;
  activeName = name;
  try {
    return fn();
  } finally {
    active = previous;
    activeName = previousName;
  }
}

/** INTERNAL (tests): the native backend's allocation tracking; throws when it is not loaded. */
export function nativeDiagnostics(): LoadedNativeBackend['diagnostics'] {
  if (!native) throw new CryptoError('NOT_INITIALISED', 'the native backend is not loaded');
  return native.diagnostics;
}
