import { cryptoBackend, initCrypto, sodiumVersion } from '../../src/crypto';

/*
 * Runs in both Jest projects: proves that each really runs test/crypto on the backend it claims
 * (the other files cannot tell, as both backends give the same bytes).
 */
beforeAll(() => initCrypto());

describe('the backend this Jest project tests', () => {
  it('is the one its setup file selected, and libsodium says so itself', () => {
    const expected = process.env.CORRIDOR_TEST_CRYPTO_BACKEND;
    expect(['native', 'wasm']).toContain(expected);
    expect(cryptoBackend()).toBe(expected);
    expect(sodiumVersion()).toMatch(expected === 'native' ? /^sodium-native 5\./ : /^1\.0\.\d+$/);
  });
});
