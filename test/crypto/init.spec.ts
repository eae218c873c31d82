import {
  CryptoError,
  generateCaseKeyPair,
  hash,
  initCrypto,
  isCryptoReady,
  sealToCase,
  sodiumVersion,
} from '../../src/crypto';
import { LOCATION } from './helpers';

// Jest gives every test file a fresh module registry, so libsodium is not initialised here yet.
describe('initCrypto', () => {
  it('makes sync functions throw NOT_INITIALISED before init, and work after', async () => {
    expect(isCryptoReady()).toBe(false);
    for (const fn of [
      () => generateCaseKeyPair(),
      () => hash('x'),
      () => sealToCase(new Uint8Array(32), 'x', LOCATION),
    ]) {
      let caught: unknown;
      try {
        fn();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(CryptoError);
      expect((caught as CryptoError).code).toBe('NOT_INITIALISED');
      expect((caught as CryptoError).message).toMatch(/initCrypto/);
    }
    await Promise.all([initCrypto(), initCrypto()]);
    expect(isCryptoReady()).toBe(true);
    expect(generateCaseKeyPair().publicKey).toHaveLength(32);
    expect(sodiumVersion()).toMatch(/^(1\.0\.\d+|sodium-native \d+\.\d+\.\d+)$/); // WebAssembly or native
  });
});
