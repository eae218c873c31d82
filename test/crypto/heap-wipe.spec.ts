import {
  generateCaseKeyPair,
  initCrypto,
  openFromCase,
  randomBytes,
  sealToCase,
  unlockUserKeys,
  createUserKeys,
  wipe,
} from '../../src/crypto';
import { heapWipeStats, sodium } from '../../src/crypto/sodium';
import { FAST_KDF, LOCATION } from './helpers';

/*
 * libsodium-wrappers copies inputs and outputs through the Emscripten heap and frees the blocks
 * without zeroing them; initCrypto() wraps _malloc/_free so freed blocks are zeroed. These tests
 * search the WebAssembly heap (HEAPU8) itself for secrets after use.
 */
// This file tests the WebAssembly backend's heap (native-memory.spec.ts covers native buffers).
beforeAll(() => initCrypto({ backend: 'wasm' }));

/** Offset of `needle` in `haystack`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(Buffer.from(needle));
}

describe('WebAssembly heap wiping', () => {
  it('is installed by initCrypto and the heap is reachable', () => {
    const stats = heapWipeStats();
    expect(stats.heap).toBeInstanceOf(Uint8Array);
    expect(stats.heap.length).toBeGreaterThan(1024 * 1024);
  });

  it('the search works, and a block freed through libsodium is zeroed (control)', () => {
    // A live block holding a marker is found; once freed through the wrapped _free it is gone.
    const lib = sodium() as unknown as {
      libsodium: { _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array };
    };
    const marker = randomBytes(48);
    const before = heapWipeStats();
    const p = lib.libsodium._malloc(marker.length);
    lib.libsodium.HEAPU8.set(marker, p);
    expect(indexOf(heapWipeStats().heap, marker)).toBe(p);
    lib.libsodium._free(p);
    expect(indexOf(heapWipeStats().heap, marker)).toBe(-1);
    const after = heapWipeStats();
    expect(after.frees).toBe(before.frees + 1);
    expect(after.zeroedBytes).toBe(before.zeroedBytes + marker.length);
  });

  it('after openFromCase + wipe, neither the plaintext nor the case private key is in the heap', () => {
    const caseKp = generateCaseKeyPair();
    const plaintext = randomBytes(600); // random: cannot be in the heap by chance
    const envelope = sealToCase(caseKp.publicKey, plaintext, LOCATION);
    const before = heapWipeStats();
    const opened = openFromCase(caseKp, envelope, LOCATION);
    expect(Buffer.from(opened).equals(Buffer.from(plaintext))).toBe(true);
    wipe(opened);
    const after = heapWipeStats();
    expect(after.zeroedBytes - before.zeroedBytes).toBeGreaterThan(1024); // the padded copy at least
    expect(after.live).toBe(before.live); // every block allocated was freed
    for (const [what, secret] of [
      ['plaintext (start)', plaintext.subarray(0, 32)],
      ['plaintext (middle)', plaintext.subarray(300, 332)],
      ['plaintext (end)', plaintext.subarray(568)],
      ['case private key', caseKp.privateKey],
    ] as const) {
      expect([what, indexOf(after.heap, secret)]).toEqual([what, -1]);
    }
  });

  it('after an Argon2id unlock, the unwrapped user private key is not in the heap', () => {
    const record = createUserKeys('heap hygiene', FAST_KDF, 'u-heap');
    const privateKey = unlockUserKeys(record, 'heap hygiene', 'u-heap');
    const copy = privateKey.slice();
    wipe(privateKey);
    expect(indexOf(heapWipeStats().heap, copy)).toBe(-1);
  });
});
