import {
  buildUserKeyRecord,
  createUserKeys,
  DEFAULT_PASSWORD_KDF,
  derivePasswordKeys,
  formatKdfParams,
  generateCaseKeyPair,
  generatePasswordSalt,
  generateUserKeyPair,
  initCrypto,
  openKeySlot,
  parseKdfParams,
  rewrapUserKeys,
  sealKeySlot,
  toHex,
  unlockUserKeys,
  unlockUserPrivateKey,
  unwrapUserPrivateKey,
  validateKdfParams,
  verifyPasswordVerifier,
  wrapUserPrivateKey,
  type PasswordKeys,
  type UserKeyRecord,
} from '../../src/crypto';
import { cryptoErrorOf, expectCryptoError, FAST_KDF, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

describe('password key derivation', () => {
  it('splits one Argon2id run into a verifier and an independent wrapping key', () => {
    const salt = fixedBytes(16, 1);
    const a = derivePasswordKeys('correct horse', salt, FAST_KDF);
    expect(a.verifier).toHaveLength(32);
    expect(a.wrappingKey).toHaveLength(32);
    expect(toHex(a.verifier)).not.toBe(toHex(a.wrappingKey));
    // Deterministic for (password, salt, params) …
    expect(toHex(derivePasswordKeys('correct horse', salt, FAST_KDF).wrappingKey)).toBe(toHex(a.wrappingKey));
    // … and sensitive to each of them.
    expect(toHex(derivePasswordKeys('correct horsf', salt, FAST_KDF).verifier)).not.toBe(toHex(a.verifier));
    expect(toHex(derivePasswordKeys('correct horse', fixedBytes(16, 2), FAST_KDF).verifier)).not.toBe(
      toHex(a.verifier),
    );
    expect(toHex(derivePasswordKeys('correct horse', salt, { ...FAST_KDF, opsLimit: 2 }).verifier)).not.toBe(
      toHex(a.verifier),
    );
  });

  it('the verifier does not unwrap the private key', () => {
    const record = createUserKeys('pw-1', FAST_KDF);
    const keys = derivePasswordKeys('pw-1', record.salt, record.params);
    expectCryptoError(() => unwrapUserPrivateKey(record.wrappedPrivateKey, keys.verifier), 'DECRYPT_FAILED');
    expect(unwrapUserPrivateKey(record.wrappedPrivateKey, keys.wrappingKey)).toHaveLength(32);
  });

  it('normalises text passwords to NFC (composed and decomposed Ä are the same password)', () => {
    const salt = fixedBytes(16, 3);
    const composed = derivePasswordKeys('P\u00c4ss', salt, FAST_KDF);
    const decomposed = derivePasswordKeys('PA\u0308ss', salt, FAST_KDF);
    expect(toHex(composed.verifier)).toBe(toHex(decomposed.verifier));
  });

  it('rejects empty passwords, bad salts and out-of-range params', () => {
    expectCryptoError(() => derivePasswordKeys('', fixedBytes(16, 0), FAST_KDF), 'INVALID_INPUT');
    expectCryptoError(() => derivePasswordKeys('x', fixedBytes(15, 0), FAST_KDF), 'INVALID_KEY');
    expectCryptoError(
      () => derivePasswordKeys('x', fixedBytes(16, 0), { opsLimit: 0, memLimitBytes: 8 << 20 }),
      'INVALID_INPUT',
    );
    expectCryptoError(
      () => derivePasswordKeys('x', fixedBytes(16, 0), { opsLimit: 1, memLimitBytes: 1 << 20 }),
      'INVALID_INPUT',
    );
    expectCryptoError(() => validateKdfParams({ opsLimit: 1, memLimitBytes: 2 << 30 }), 'INVALID_INPUT');
  });

  it('formats and parses stored params', () => {
    expect(formatKdfParams(DEFAULT_PASSWORD_KDF)).toBe('argon2id:t=3,m=65536');
    expect(parseKdfParams('argon2id:t=3,m=65536')).toEqual(DEFAULT_PASSWORD_KDF);
    expectCryptoError(() => parseKdfParams('argon2i:t=3,m=65536'), 'INVALID_INPUT');
    expectCryptoError(() => parseKdfParams('argon2id:t=99,m=65536'), 'INVALID_INPUT');
  });

  it('verifies verifiers in constant time, false for any difference or length', () => {
    const v = fixedBytes(32, 5);
    expect(verifyPasswordVerifier(v, v.slice())).toBe(true);
    const w = v.slice();
    w[31] ^= 1;
    expect(verifyPasswordVerifier(v, w)).toBe(false);
    expect(verifyPasswordVerifier(v, v.subarray(0, 31))).toBe(false);
  });
});

describe('user key records', () => {
  it('creates, unlocks with the right password and refuses a wrong one', () => {
    const record = createUserKeys('s3cret passphrase', FAST_KDF, 'user-1');
    expect(record.params).toEqual(FAST_KDF);
    const privateKey = unlockUserKeys(record, 's3cret passphrase', 'user-1');
    const caseKp = generateCaseKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, record.publicKey, 'case-1');
    expect(toHex(openKeySlot(slot, { publicKey: record.publicKey, privateKey }, 'case-1').privateKey)).toBe(
      toHex(caseKp.privateKey),
    );
    const e = cryptoErrorOf(() => unlockUserKeys(record, 's3cret passphrasE', 'user-1'));
    expect(e.code).toBe('DECRYPT_FAILED');
    expect(e.message).not.toContain('passphrase');
  });

  it('binds the wrapped key to the user id', () => {
    const record = createUserKeys('pw', FAST_KDF, 'user-1');
    expectCryptoError(() => unlockUserKeys(record, 'pw', 'user-2'), 'DECRYPT_FAILED');
    expectCryptoError(() => unlockUserKeys(record, 'pw'), 'DECRYPT_FAILED');
  });

  it('refuses a record whose public key was swapped', () => {
    const record = createUserKeys('pw', FAST_KDF);
    const swapped = { ...record, publicKey: generateUserKeyPair().publicKey };
    expectCryptoError(() => unlockUserKeys(swapped, 'pw'), 'DECRYPT_FAILED');
  });

  it('re-wraps on password change with a new salt; the old password stops working', () => {
    const record = createUserKeys('old password', FAST_KDF, 'u');
    const privateKey = unlockUserKeys(record, 'old password', 'u');
    const next = rewrapUserKeys(privateKey, 'new password', FAST_KDF, 'u');
    expect(toHex(next.salt)).not.toBe(toHex(record.salt));
    expect(toHex(next.publicKey)).toBe(toHex(record.publicKey));
    expect(toHex(unlockUserKeys(next, 'new password', 'u'))).toBe(toHex(privateKey));
    expectCryptoError(() => unlockUserKeys(next, 'old password', 'u'), 'DECRYPT_FAILED');
  });

  it('supports the pool path: derive separately, then build and unlock', () => {
    const kp = generateUserKeyPair();
    const salt = generatePasswordSalt();
    const derived = derivePasswordKeys('pool path', salt, FAST_KDF);
    const record = buildUserKeyRecord(kp.privateKey, derived, salt, FAST_KDF, 'u9');
    expect(toHex(record.publicKey)).toBe(toHex(kp.publicKey));
    expect(toHex(unlockUserPrivateKey(record, derivePasswordKeys('pool path', salt, FAST_KDF), 'u9'))).toBe(
      toHex(kp.privateKey),
    );
  });

  it('wrap/unwrap: every flipped byte fails', () => {
    const key = fixedBytes(32, 1);
    const wrapped = wrapUserPrivateKey(fixedBytes(32, 50), key, 'u');
    expect(toHex(unwrapUserPrivateKey(wrapped, key, 'u'))).toBe(toHex(fixedBytes(32, 50)));
    for (let i = 0; i < wrapped.length; i++) {
      const t = wrapped.slice();
      t[i] ^= 0x10;
      expect(cryptoErrorOf(() => unwrapUserPrivateKey(t, key, 'u')).code).toBe(
        i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED',
      );
    }
  });

  it('unlockUserPrivateKey refuses null or malformed arguments with a CryptoError', () => {
    const record = createUserKeys('pw', FAST_KDF);
    const derived = derivePasswordKeys('pw', record.salt, record.params);
    expectCryptoError(() => unlockUserPrivateKey(null as unknown as UserKeyRecord, derived), 'INVALID_INPUT');
    expectCryptoError(() => unlockUserPrivateKey(record, null as unknown as PasswordKeys), 'INVALID_INPUT');
    expectCryptoError(
      () => unlockUserPrivateKey(undefined as unknown as UserKeyRecord, derived),
      'INVALID_INPUT',
    );
    expectCryptoError(
      () => unlockUserPrivateKey({ ...record, verifier: null } as unknown as UserKeyRecord, derived),
      'DECRYPT_FAILED',
    );
    expect(unlockUserPrivateKey(record, derived)).toHaveLength(32);
  });

  it('works with the default (production) parameters', () => {
    const started = Date.now();
    const record = createUserKeys('default params password');
    expect(record.params).toEqual(DEFAULT_PASSWORD_KDF);
    expect(unlockUserKeys(record, 'default params password')).toHaveLength(32);
    expect(Date.now() - started).toBeGreaterThan(50); // really ran a 64 MiB Argon2id (twice)
  });
});
