import {
  fromBase64Url,
  generateInitMaterial,
  generateServerSecrets,
  initCrypto,
  keyPairFromPrivateKey,
  parseRecoveryPrivateKey,
  parseServerSecrets,
  serialiseServerSecrets,
  signingKeyPairFromSecret,
  toBase64Url,
  toHex,
} from '../../src/crypto';
import { sodium } from '../../src/crypto/sodium';
import { cryptoErrorOf, expectCryptoError } from './helpers';

beforeAll(() => initCrypto());

describe('server secrets', () => {
  it('generate with the right lengths and survive serialise → parse', () => {
    const secrets = generateServerSecrets();
    expect(secrets.blindIndexKey).toHaveLength(32);
    expect(secrets.receiptPepper).toHaveLength(32);
    expect(secrets.receiptSalt).toHaveLength(16);
    expect(secrets.auditSigningKey).toHaveLength(32);
    expect(secrets.totpKey).toHaveLength(32);
    const record = serialiseServerSecrets(secrets);
    for (const v of Object.values(record)) expect(v).toMatch(/^[A-Za-z0-9_-]+$/);
    const parsed = parseServerSecrets(JSON.parse(JSON.stringify(record)));
    for (const name of Object.keys(secrets) as (keyof typeof secrets)[]) {
      expect(toHex(parsed[name])).toBe(toHex(secrets[name]));
    }
    expect(signingKeyPairFromSecret(parsed.auditSigningKey).publicKey).toHaveLength(32);
  });

  it('wipe every secret already decoded when a later field is rejected', () => {
    const secrets = generateServerSecrets();
    const record = serialiseServerSecrets(secrets);
    const s = sodium();
    const original = s.memzero.bind(s);
    const wiped: string[] = [];
    const spy = jest.spyOn(s, 'memzero').mockImplementation((b: Uint8Array) => {
      wiped.push(toHex(b)); // what was in the buffer just before it was zeroed
      original(b);
    });
    try {
      // totpKey is checked last: the four secrets before it have been decoded when it fails.
      expectCryptoError(
        () => parseServerSecrets({ ...record, totpKey: toBase64Url(new Uint8Array(32)) }),
        'INVALID_KEY',
      );
      for (const name of ['blindIndexKey', 'receiptPepper', 'receiptSalt', 'auditSigningKey'] as const) {
        expect([name, wiped.includes(toHex(secrets[name]))]).toEqual([name, true]);
      }
      // Also when the duplicate check (after all decoding) fails, and for byte inputs (copied).
      wiped.length = 0;
      expectCryptoError(
        () => parseServerSecrets({ ...secrets, totpKey: secrets.blindIndexKey }),
        'INVALID_KEY',
      );
      expect(wiped.includes(toHex(secrets.receiptPepper))).toBe(true);
      expect(secrets.receiptPepper.some((b) => b !== 0)).toBe(true); // the caller's buffer is untouched
    } finally {
      spy.mockRestore();
    }
  });

  it('accept a 64-byte audit signing secret key', () => {
    const record = serialiseServerSecrets(generateServerSecrets());
    const sk = signingKeyPairFromSecret(fromBase64Url(record.auditSigningKey)).privateKey;
    expect(parseServerSecrets({ ...record, auditSigningKey: toBase64Url(sk) }).auditSigningKey).toHaveLength(
      64,
    );
  });

  it('reject missing, malformed, short, all-zero and duplicated secrets, naming the field not the value', () => {
    const record = serialiseServerSecrets(generateServerSecrets());
    const { receiptPepper: _omit, ...missing } = record;
    expect(cryptoErrorOf(() => parseServerSecrets(missing)).message).toContain('receiptPepper');
    const bad = cryptoErrorOf(() => parseServerSecrets({ ...record, totpKey: record.totpKey + '!' }));
    expect(bad.code).toBe('INVALID_KEY');
    expect(bad.message).not.toContain(record.totpKey);
    expectCryptoError(
      () => parseServerSecrets({ ...record, receiptSalt: record.blindIndexKey }),
      'INVALID_KEY',
    );
    expectCryptoError(
      () => parseServerSecrets({ ...record, totpKey: toBase64Url(new Uint8Array(32)) }),
      'INVALID_KEY',
    );
    expect(
      cryptoErrorOf(() => parseServerSecrets({ ...record, totpKey: record.blindIndexKey })).message,
    ).toMatch(/equal/);
    expectCryptoError(() => parseServerSecrets(null), 'INVALID_KEY');
  });
});

describe('init material and the recovery key', () => {
  it('splits what the server keeps from what is shown once', () => {
    const m = generateInitMaterial();
    expect(Object.keys(m.serverKeeps).sort()).toEqual(
      [
        'auditSigningKey',
        'blindIndexKey',
        'receiptPepper',
        'receiptSalt',
        'recoveryPublicKey',
        'totpKey',
      ].sort(),
    );
    expect(Object.keys(m.showOnceToAdministrators)).toEqual(['recoveryPrivateKey']);
    const privateKey = m.showOnceToAdministrators.recoveryPrivateKey;
    expect(JSON.stringify(m.serverKeeps)).not.toContain(privateKey);
    const kp = keyPairFromPrivateKey(fromBase64Url(privateKey));
    expect(toBase64Url(kp.publicKey)).toBe(m.serverKeeps.recoveryPublicKey);
    expect(() => parseServerSecrets(m.serverKeeps)).not.toThrow();
  });

  it('parses a typed recovery key (whitespace ignored) and checks it against the public key', () => {
    const m = generateInitMaterial();
    const typed = m.showOnceToAdministrators.recoveryPrivateKey.replace(/(.{8})/g, '$1 ') + '\n';
    const expected = fromBase64Url(m.serverKeeps.recoveryPublicKey);
    expect(toHex(parseRecoveryPrivateKey(typed, expected).publicKey)).toBe(toHex(expected));
    const other = generateInitMaterial();
    expectCryptoError(
      () => parseRecoveryPrivateKey(other.showOnceToAdministrators.recoveryPrivateKey, expected),
      'INVALID_KEY',
    );
    expectCryptoError(() => parseRecoveryPrivateKey('abc'), 'INVALID_KEY');
  });
});
