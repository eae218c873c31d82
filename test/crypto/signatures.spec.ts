import fc from 'fast-check';
import {
  generateSigningKeyPair,
  hash,
  initCrypto,
  sign,
  signingKeyPairFromSecret,
  toHex,
  verifySignature,
} from '../../src/crypto';
import { expectCryptoError, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

describe('Ed25519 signatures', () => {
  it('verify for the signed message and key only (property)', () => {
    const kp = generateSigningKeyPair();
    const other = generateSigningKeyPair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (message) => {
        const sig = sign(message, kp.privateKey);
        expect(sig).toHaveLength(64);
        expect(verifySignature(sig, message, kp.publicKey)).toBe(true);
        expect(verifySignature(sig, message, other.publicKey)).toBe(false);
        const changed = new Uint8Array([...message, 0]);
        expect(verifySignature(sig, changed, kp.publicKey)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('reject every flipped signature byte and malformed signatures', () => {
    const kp = generateSigningKeyPair();
    const sig = sign('checkpoint 42', kp.privateKey);
    for (let i = 0; i < sig.length; i++) {
      const t = sig.slice();
      t[i] ^= 1;
      expect(verifySignature(t, 'checkpoint 42', kp.publicKey)).toBe(false);
    }
    expect(verifySignature(sig.subarray(0, 63), 'checkpoint 42', kp.publicKey)).toBe(false);
    expectCryptoError(() => verifySignature(sig, 'checkpoint 42', new Uint8Array(31)), 'INVALID_KEY');
    expectCryptoError(() => sign('x', new Uint8Array(32)), 'INVALID_KEY');
    // A message that is neither a string nor bytes: a CryptoError, not libsodium's TypeError.
    for (const bad of [null, undefined, 42, [1, 2], new Uint16Array(2), { length: 1 }]) {
      expectCryptoError(() => sign(bad as unknown as Uint8Array, kp.privateKey), 'INVALID_INPUT');
      expect(verifySignature(sig, bad as unknown as Uint8Array, kp.publicKey)).toBe(false);
    }
  });

  it('derives the same key pair from the 32-byte seed and from the 64-byte secret key', () => {
    const seed = fixedBytes(32, 9);
    const fromSeed = signingKeyPairFromSecret(seed);
    const fromSk = signingKeyPairFromSecret(fromSeed.privateKey);
    expect(toHex(fromSk.publicKey)).toBe(toHex(fromSeed.publicKey));
    expect(verifySignature(sign('m', fromSeed.privateKey), 'm', fromSk.publicKey)).toBe(true);
    const broken = fromSeed.privateKey.slice();
    broken[40] ^= 1; // public half no longer matches the seed
    expectCryptoError(() => signingKeyPairFromSecret(broken), 'INVALID_KEY');
    expectCryptoError(() => signingKeyPairFromSecret(new Uint8Array(48)), 'INVALID_KEY');
  });
});

describe('hash (BLAKE2b)', () => {
  it('is deterministic, 32 bytes by default, keyed differs from unkeyed', () => {
    expect(hash('abc')).toHaveLength(32);
    expect(toHex(hash('abc'))).toBe(toHex(hash(new TextEncoder().encode('abc'))));
    expect(toHex(hash('abc'))).not.toBe(toHex(hash('abd')));
    expect(toHex(hash('abc', { key: fixedBytes(32, 0) }))).not.toBe(toHex(hash('abc')));
    expect(hash('abc', { outputLength: 64 })).toHaveLength(64);
    // BLAKE2b-512("abc"), RFC 7693 Appendix A.
    expect(toHex(hash('abc', { outputLength: 64 }))).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1' +
        '7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
  });

  it('validates lengths', () => {
    expectCryptoError(() => hash('x', { outputLength: 8 }), 'INVALID_INPUT');
    expectCryptoError(() => hash('x', { outputLength: 65 }), 'INVALID_INPUT');
    expectCryptoError(() => hash('x', { key: new Uint8Array(8) }), 'INVALID_KEY');
  });
});
