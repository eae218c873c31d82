import {
  createUserKeys,
  cryptoBackend,
  deriveReceiptKeys,
  generateCaseKeyPair,
  generateReceipt,
  initCrypto,
  openFromCase,
  randomBytes,
  sealToCase,
  unlockUserKeys,
  wipe,
} from '../../src/crypto';
import { nativeDiagnostics } from '../../src/crypto/sodium';
import { FAST_KDF, LOCATION } from './helpers';

/*
 * What heap-wipe.spec.ts proves for the WebAssembly heap, for the native backend. Native
 * libsodium has no heap of its own holding copies: it reads and writes the buffers it is given.
 * So every buffer the native backend allocates (each output, tracked while a test runs an
 * operation) is searched for the secrets after the operation and the caller's wipe(): none may
 * still hold a plaintext or a private key — the module wiped every intermediate (data keys,
 * padded copies, Argon2id master keys, subkeys) and the caller its result. Argon2id output must
 * also sit in sodium_malloc memory.
 */
beforeAll(() => initCrypto({ backend: 'native' }));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(Buffer.from(needle));
}

/** The buffers among `allocated` that still contain `secret`. */
function holders(allocated: Uint8Array[], secret: Uint8Array): number {
  return allocated.filter((b) => contains(b, secret)).length;
}

describe('native backend memory hygiene', () => {
  it('runs on the native backend', () => {
    expect(cryptoBackend()).toBe('native');
  });

  it('the search works: an opened plaintext is found until the caller wipes it (control)', () => {
    const caseKp = generateCaseKeyPair();
    const plaintext = randomBytes(600);
    const envelope = sealToCase(caseKp.publicKey, plaintext, LOCATION);
    const { result: opened, allocated } = nativeDiagnostics().trackAllocations(() =>
      openFromCase(caseKp, envelope, LOCATION),
    );
    expect(allocated.length).toBeGreaterThanOrEqual(3); // data key, padded plaintext, plaintext
    expect(holders(allocated, plaintext.subarray(0, 32))).toBe(1); // the result itself
    wipe(opened);
    expect(holders(allocated, plaintext.subarray(0, 32))).toBe(0);
  });

  it('after sealToCase, no buffer the backend made holds the plaintext or the data key', () => {
    const caseKp = generateCaseKeyPair();
    const plaintext = randomBytes(600);
    const { result: envelope, allocated } = nativeDiagnostics().trackAllocations(() =>
      sealToCase(caseKp.publicKey, plaintext, LOCATION),
    );
    expect(envelope.length).toBeGreaterThan(600);
    // The padded copy (1024 bytes) was made by the backend and wiped by the module.
    const padded = allocated.filter((b) => b.length === 1024);
    expect(padded).toHaveLength(1);
    expect(padded[0].every((x) => x === 0)).toBe(true);
    for (const part of [plaintext.subarray(0, 32), plaintext.subarray(300, 332), plaintext.subarray(568)]) {
      expect(holders(allocated, part)).toBe(0);
    }
    // The data key (the first 32-byte random buffer) is zero again.
    const dataKey = allocated.find((b) => b.length === 32);
    expect(dataKey?.every((x) => x === 0)).toBe(true);
  });

  it('after openFromCase + wipe, neither the plaintext nor the case private key is in any of its buffers', () => {
    const caseKp = generateCaseKeyPair();
    const plaintext = randomBytes(600);
    const envelope = sealToCase(caseKp.publicKey, plaintext, LOCATION);
    const { result: opened, allocated } = nativeDiagnostics().trackAllocations(() =>
      openFromCase(caseKp, envelope, LOCATION),
    );
    expect(Buffer.from(opened).equals(Buffer.from(plaintext))).toBe(true);
    wipe(opened);
    for (const [what, secret] of [
      ['plaintext (start)', plaintext.subarray(0, 32)],
      ['plaintext (middle)', plaintext.subarray(300, 332)],
      ['plaintext (end)', plaintext.subarray(568)],
      ['case private key', caseKp.privateKey],
    ] as const) {
      expect([what, holders(allocated, secret)]).toEqual([what, 0]);
    }
  });

  it('after an Argon2id unlock, the master key sat in sodium_malloc memory and nothing holds a key any more', () => {
    const record = createUserKeys('heap hygiene', FAST_KDF, 'u-heap');
    const { result: privateKey, allocated } = nativeDiagnostics().trackAllocations(() =>
      unlockUserKeys(record, 'heap hygiene', 'u-heap'),
    );
    const copy = privateKey.slice();
    wipe(privateKey);
    const secure = allocated.filter((b) => nativeDiagnostics().isSecureMemory(b));
    expect(secure).toHaveLength(1); // the Argon2id output
    expect(secure[0].every((x) => x === 0)).toBe(true); // wiped by the module
    expect(holders(allocated, copy)).toBe(0);
    // Every 32-byte output except the public key is zero: master, both subkeys, the private key.
    const live = allocated.filter((b) => b.length === 32 && !b.every((x) => x === 0));
    expect(live.map((b) => Buffer.from(b).toString('hex'))).toEqual([
      Buffer.from(record.publicKey).toString('hex'),
    ]);
  });

  it('after a receipt derivation, only the two subkeys the caller owns are left, and they wipe', () => {
    const salt = randomBytes(16);
    const receipt = generateReceipt();
    const { result: keys, allocated } = nativeDiagnostics().trackAllocations(() =>
      deriveReceiptKeys(receipt, salt, FAST_KDF),
    );
    const nonZero = () => allocated.filter((b) => !b.every((x) => x === 0));
    expect(nonZero()).toHaveLength(2);
    wipe(keys.slotKey, keys.lookupValue);
    expect(nonZero()).toHaveLength(0);
  });
});
