import type { LoadedNativeBackend } from './native-loader';

/** Browser stand-in of native-loader.ts (the bundle's build swaps it in): no native libsodium in a page. */
export function loadNativeBackend(): LoadedNativeBackend {
  throw new Error('native libsodium is not available in a browser');
}
