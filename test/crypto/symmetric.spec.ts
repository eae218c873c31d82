import fc from 'fast-check';
import { decryptWithKey, decryptWithKeyAsString, encryptWithKey, initCrypto, toHex } from '../../src/crypto';
import { cryptoErrorOf, expectCryptoError, fixedBytes, LOCATION } from './helpers';

beforeAll(() => initCrypto());

const KEY = fixedBytes(32, 0x33);
const TOTP_LOCATION = { purpose: 'totp-secret', table: 'users', column: 'totp_secret', rowId: 'u1' };

describe('secret-key envelope (TOTP secrets at rest)', () => {
  it('round-trips any plaintext (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (p) => {
        expect(toHex(decryptWithKey(KEY, encryptWithKey(KEY, p, TOTP_LOCATION), TOTP_LOCATION))).toBe(
          toHex(p),
        );
      }),
      { numRuns: 100 },
    );
    expect(
      decryptWithKeyAsString(KEY, encryptWithKey(KEY, 'JBSWY3DPEHPK3PXP', TOTP_LOCATION), TOTP_LOCATION),
    ).toBe('JBSWY3DPEHPK3PXP');
  });

  it('is bound to its location and key, and fails on any flipped byte', () => {
    const env = encryptWithKey(KEY, 'JBSWY3DPEHPK3PXP', TOTP_LOCATION);
    expect(env.length).toBe(1 + 24 + 256 + 16);
    expectCryptoError(() => decryptWithKey(KEY, env, { ...TOTP_LOCATION, rowId: 'u2' }), 'DECRYPT_FAILED');
    expectCryptoError(() => decryptWithKey(fixedBytes(32, 0x34), env, TOTP_LOCATION), 'DECRYPT_FAILED');
    expectCryptoError(() => decryptWithKey(KEY, env, LOCATION), 'DECRYPT_FAILED');
    for (let i = 0; i < env.length; i++) {
      const t = env.slice();
      t[i] ^= 0x40;
      expect(cryptoErrorOf(() => decryptWithKey(KEY, t, TOTP_LOCATION)).code).toBe(
        i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED',
      );
    }
    expectCryptoError(() => decryptWithKey(KEY, env.subarray(0, 200), TOTP_LOCATION), 'BAD_ENVELOPE');
  });
});
