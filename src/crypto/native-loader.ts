import { createNativeBackend, type NativeDiagnostics, type SodiumNative } from './native-backend';
import type { SodiumApi } from './sodium-api';

/*
 * The one file of src/crypto that loads Node code: sodium-native, a native addon. The browser
 * bundle replaces this file with native-loader.browser.ts (scripts/build-crypto-bundle.js), so
 * a page never sees a `require`, the addon or the adapter.
 */
export interface LoadedNativeBackend {
  api: SodiumApi;
  diagnostics: NativeDiagnostics;
}

/** Loads sodium-native; throws the loader's error (module missing, no binary for this platform). */
export function loadNativeBackend(): LoadedNativeBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sn = require('sodium-native') as SodiumNative;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('sodium-native/package.json') as { version: string };
  return createNativeBackend(sn, `sodium-native ${version}`);
}
