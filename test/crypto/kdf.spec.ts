import {
  DEFAULT_PASSWORD_KDF,
  DEFAULT_RECEIPT_KDF,
  derivePasswordKeys,
  fromHex,
  initCrypto,
  isCryptoError,
  isProductionStrength,
  KDF_LIMITS,
  MIN_PRODUCTION_PASSWORD_KDF,
  MIN_PRODUCTION_RECEIPT_KDF,
  parseKdfParams,
  toHex,
  validateKdfParams,
} from '../../src/crypto';
import { argon2idSubkeys } from '../../src/crypto/kdf';
import { sodium } from '../../src/crypto/sodium';
import kdfVectors from './fixtures/kdf-v1.json';
import { expectCryptoError, FAST_KDF, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

const MiB = 1024 * 1024;

describe('KDF parameter bounds', () => {
  it('accepts the test floor (t=1, 8 MiB) and refuses more than 256 MiB', () => {
    expect(validateKdfParams(FAST_KDF)).toEqual(FAST_KDF);
    expect(KDF_LIMITS.maxMemLimitBytes).toBe(256 * MiB);
    expect(validateKdfParams({ opsLimit: 2, memLimitBytes: 256 * MiB })).toEqual({
      opsLimit: 2,
      memLimitBytes: 256 * MiB,
    });
    expectCryptoError(
      () => validateKdfParams({ opsLimit: 2, memLimitBytes: 256 * MiB + 1024 }),
      'INVALID_INPUT',
    );
    expectCryptoError(() => validateKdfParams({ opsLimit: 2, memLimitBytes: 1024 * MiB }), 'INVALID_INPUT');
    expectCryptoError(() => parseKdfParams('argon2id:t=3,m=524288'), 'INVALID_INPUT'); // 512 MiB
    expect(parseKdfParams('argon2id:t=3,m=262144')).toEqual({ opsLimit: 3, memLimitBytes: 256 * MiB });
  });
});

describe('production strength', () => {
  it('the floors are t ≥ 2 and m ≥ 19 MiB; the defaults meet them', () => {
    expect(MIN_PRODUCTION_PASSWORD_KDF).toEqual({ opsLimit: 2, memLimitBytes: 19 * MiB });
    expect(MIN_PRODUCTION_RECEIPT_KDF).toEqual({ opsLimit: 2, memLimitBytes: 19 * MiB });
    expect(Object.isFrozen(MIN_PRODUCTION_PASSWORD_KDF)).toBe(true);
    expect(isProductionStrength(DEFAULT_PASSWORD_KDF)).toBe(true);
    expect(isProductionStrength(DEFAULT_PASSWORD_KDF, 'password')).toBe(true);
    expect(isProductionStrength(DEFAULT_RECEIPT_KDF, 'receipt')).toBe(true);
    expect(isProductionStrength(MIN_PRODUCTION_PASSWORD_KDF, 'password')).toBe(true);
  });

  it('is false for the test parameters and anything below the floor in either dimension', () => {
    expect(isProductionStrength(FAST_KDF)).toBe(false);
    expect(isProductionStrength(FAST_KDF, 'receipt')).toBe(false);
    expect(isProductionStrength({ opsLimit: 1, memLimitBytes: 64 * MiB })).toBe(false); // t too low
    expect(isProductionStrength({ opsLimit: 10, memLimitBytes: 18 * MiB })).toBe(false); // m too low
    expect(isProductionStrength({ opsLimit: 2, memLimitBytes: 19 * MiB - 1024 }, 'receipt')).toBe(false);
  });

  it('is false (never throws) for invalid parameters', () => {
    for (const bad of [
      null,
      undefined,
      {},
      { opsLimit: 2, memLimitBytes: 512 * MiB },
      { opsLimit: 11, memLimitBytes: 64 * MiB },
      { opsLimit: 2.5, memLimitBytes: 64 * MiB },
    ]) {
      expect(isProductionStrength(bad as never)).toBe(false);
    }
  });
});

describe('argon2idSubkeys', () => {
  it('wipes the subkeys already derived when a later one fails, and reports KDF_FAILED', () => {
    const s = sodium();
    const original = s.crypto_kdf_derive_from_key.bind(s);
    const handedOut: Uint8Array[] = [];
    let calls = 0;
    const spy = jest.spyOn(s, 'crypto_kdf_derive_from_key').mockImplementation(((
      length: number,
      id: number,
      context: string,
      key: Uint8Array,
    ) => {
      calls++;
      if (calls === 3) throw new Error('simulated failure');
      const out = original(length, id, context, key);
      handedOut.push(out);
      return out;
    }) as typeof s.crypto_kdf_derive_from_key);
    try {
      let thrown: unknown;
      try {
        argon2idSubkeys(fixedBytes(8, 1), fixedBytes(16, 2), FAST_KDF, 'CorrTest', [1, 2, 3]);
      } catch (e) {
        thrown = e;
      }
      expect(isCryptoError(thrown) && thrown.code).toBe('KDF_FAILED');
      expect(handedOut).toHaveLength(2);
      for (const k of handedOut) expect(k.every((b) => b === 0)).toBe(true);
    } finally {
      spy.mockRestore();
    }
    // And the normal path still hands out live, distinct keys.
    const [a, b] = argon2idSubkeys(fixedBytes(8, 1), fixedBytes(16, 2), FAST_KDF, 'CorrTest', [1, 2]);
    expect(a.some((x) => x !== 0)).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('password derivation still gives the known-answer keys after the change', () => {
    for (const v of kdfVectors.password.vectors) {
      const k = derivePasswordKeys(v.password, fromHex(kdfVectors.password.salt), kdfVectors.password.params);
      expect({ verifier: toHex(k.verifier), wrappingKey: toHex(k.wrappingKey) }).toEqual({
        verifier: v.verifier,
        wrappingKey: v.wrappingKey,
      });
    }
  });
});
