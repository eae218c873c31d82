import * as sodiumNamespace from 'libsodium-wrappers-sumo';
import { CryptoError } from './errors';
import type { SodiumApi } from './sodium-api';

/*
 * The WebAssembly backend: libsodium-wrappers-sumo, the same in the browser and on the server.
 *
 * libsodium-wrappers fills its exports object only once `ready` has resolved (before that it
 * has ~20 keys, afterwards ~580). The `import * as` interop of SWC and esbuild copies the keys
 * present at import time into a new object and keeps the live object as `.default`; the ESM
 * build exports the live object as `default` too. So take `.default` when there is one: a
 * snapshot taken at import time would lack every crypto function.
 */
type Wrappers = typeof sodiumNamespace;
const live: Wrappers = (sodiumNamespace as unknown as { default?: Wrappers }).default ?? sodiumNamespace;

/*
 * WebAssembly heap hygiene. libsodium-wrappers copies every input (keys, plaintexts, passwords)
 * into the Emscripten heap with `_malloc`, copies outputs back out, and `_free`s the blocks
 * WITHOUT zeroing them: a plaintext or a case private key would stay readable in the heap (a
 * long-lived ArrayBuffer that a heap dump, a core file or a later bug can expose) until that
 * memory happens to be reused. wipe() only clears the JavaScript copy.
 *
 * So loading wraps the module's `_malloc`/`_free`: the wrapper remembers the size of every
 * block allocated from JavaScript and zeroes the block in HEAPU8 before handing it back to the
 * allocator. The wrappers look both functions up on the module object at each call, so this
 * catches every allocation made by libsodium-wrappers. NOT covered: memory allocated inside the
 * WebAssembly code itself (Argon2id's work area — 19–64 MiB, reused and overwritten by the next
 * derivation, but not zeroed by us) and values on the WebAssembly stack (Argon2id internals,
 * BLAKE2b states, scalar-multiplication temporaries), which are overwritten only by later calls.
 */
interface EmscriptenHeap {
  HEAPU8: Uint8Array;
  _malloc: (size: number) => number;
  _free: (pointer: number) => void;
}

const HEAP_WIPE_MARK = '__corridorHeapWipe';

interface HeapWipeState {
  /** Blocks currently allocated from JavaScript: pointer → size. */
  sizes: Map<number, number>;
  frees: number;
  zeroedBytes: number;
}

let heapWipe: HeapWipeState | undefined;

function installHeapWiping(): void {
  const emModule = (live as unknown as { libsodium?: Partial<EmscriptenHeap> & Record<string, unknown> })
    .libsodium;
  if (
    !emModule ||
    typeof emModule._malloc !== 'function' ||
    typeof emModule._free !== 'function' ||
    !(emModule.HEAPU8 instanceof Uint8Array)
  ) {
    throw new CryptoError('NOT_INITIALISED', 'libsodium heap is not reachable: cannot wipe freed memory');
  }
  const existing = emModule[HEAP_WIPE_MARK] as HeapWipeState | undefined;
  if (existing) {
    heapWipe = existing; // another copy of this module already wrapped the same instance
    return;
  }
  const state: HeapWipeState = { sizes: new Map(), frees: 0, zeroedBytes: 0 };
  const heap = emModule as EmscriptenHeap;
  const malloc = heap._malloc;
  const free = heap._free;
  heap._malloc = (size: number): number => {
    const pointer = malloc(size);
    if (pointer !== 0) state.sizes.set(pointer, size >>> 0);
    return pointer;
  };
  heap._free = (pointer: number): void => {
    const size = state.sizes.get(pointer);
    if (size !== undefined) {
      state.sizes.delete(pointer);
      // Read HEAPU8 now: the heap view is replaced when the memory grows.
      heap.HEAPU8.fill(0, pointer, pointer + size);
      state.zeroedBytes += size;
    }
    state.frees++;
    free(pointer);
  };
  Object.defineProperty(emModule, HEAP_WIPE_MARK, { value: state, enumerable: false });
  heapWipe = state;
}

let loading: Promise<SodiumApi> | undefined;

/** Loads libsodium-wrappers-sumo once and installs the heap wiping. */
export function loadWasmBackend(): Promise<SodiumApi> {
  loading ??= live.ready.then(() => {
    // The standard (non-sumo) build has no Argon2id; fail loudly rather than later.
    if (typeof live.crypto_pwhash !== 'function' || typeof live.crypto_kdf_derive_from_key !== 'function') {
      throw new CryptoError('NOT_INITIALISED', 'libsodium sumo build with crypto_pwhash is required');
    }
    installHeapWiping();
    return live as unknown as SodiumApi;
  });
  return loading;
}

/**
 * INTERNAL (tests and diagnostics): the libsodium WebAssembly heap and counters of the free-time
 * zeroing. Throws NOT_INITIALISED until the WebAssembly backend has been loaded.
 */
export function heapWipeStats(): { heap: Uint8Array; frees: number; zeroedBytes: number; live: number } {
  if (!heapWipe) throw new CryptoError('NOT_INITIALISED', 'the WebAssembly backend is not loaded');
  const emModule = (live as unknown as { libsodium: EmscriptenHeap }).libsodium;
  return {
    heap: emModule.HEAPU8,
    frees: heapWipe.frees,
    zeroedBytes: heapWipe.zeroedBytes,
    live: heapWipe.sizes.size,
  };
}
