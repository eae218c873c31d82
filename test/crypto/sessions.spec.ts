import {
  fromBase64Url,
  MAX_SESSION_BINDING_BYTES,
  generateSessionToken,
  hashSessionToken,
  initCrypto,
  toHex,
  unwrapForSession,
  wrapForSession,
} from '../../src/crypto';
import { cryptoErrorOf, expectCryptoError, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

describe('session tokens', () => {
  it('are 256-bit random values in base64url without padding', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const t = generateSessionToken();
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(fromBase64Url(t)).toHaveLength(32);
      tokens.add(t);
    }
    expect(tokens.size).toBe(500);
  });

  it('hash deterministically to a stored id that is not the token', () => {
    const token = generateSessionToken();
    const id = hashSessionToken(token);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashSessionToken(token)).toBe(id);
    expect(id).not.toBe(token);
    expect(hashSessionToken(generateSessionToken())).not.toBe(id);
  });

  it('refuse malformed tokens without echoing them', () => {
    const bad = 'not-a-token-but-a-secret-looking-string!!';
    const e = cryptoErrorOf(() => hashSessionToken(bad));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).not.toContain(bad);
    expectCryptoError(() => hashSessionToken(generateSessionToken().slice(0, 42)), 'INVALID_INPUT');
    expectCryptoError(() => hashSessionToken(generateSessionToken() + 'AA'), 'INVALID_INPUT');
  });
});

describe('session wrapping of the user private key', () => {
  it('round-trips with the same token', () => {
    const token = generateSessionToken();
    const privateKey = fixedBytes(32, 200);
    const wrapped = wrapForSession(token, privateKey);
    expect(toHex(unwrapForSession(token, wrapped))).toBe(toHex(privateKey));
    expect(toHex(privateKey)).toBe(toHex(fixedBytes(32, 200))); // caller's key untouched
  });

  it('does not open with another token, nor when tampered', () => {
    const token = generateSessionToken();
    const wrapped = wrapForSession(token, fixedBytes(32, 1));
    expectCryptoError(() => unwrapForSession(generateSessionToken(), wrapped), 'DECRYPT_FAILED');
    for (let i = 0; i < wrapped.length; i++) {
      const t = wrapped.slice();
      t[i] ^= 0x02;
      expect(cryptoErrorOf(() => unwrapForSession(token, t)).code).toBe(
        i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED',
      );
    }
  });

  it('the stored hash is not the wrapping key (the hash does not unwrap)', () => {
    const token = generateSessionToken();
    const wrapped = wrapForSession(token, fixedBytes(32, 1));
    // Using the stored id as if it were a token must fail: it is an independent derivation.
    const idAsToken = hashSessionToken(token);
    expectCryptoError(() => unwrapForSession(idAsToken, wrapped), 'DECRYPT_FAILED');
  });

  it('binds the wrapped key to a principal when a binding is given', () => {
    const token = generateSessionToken();
    const key = fixedBytes(32, 7);
    const wrapped = wrapForSession(token, key, 'user:u-1');
    expect(wrapped).toHaveLength(73);
    expect(toHex(unwrapForSession(token, wrapped, 'user:u-1'))).toBe(toHex(key));
    // Re-pointed to another principal (someone with write access to the session store): fails.
    expectCryptoError(() => unwrapForSession(token, wrapped, 'user:u-2'), 'DECRYPT_FAILED');
    expectCryptoError(() => unwrapForSession(token, wrapped, 'reporter:u-1'), 'DECRYPT_FAILED');
    // A bound wrap does not open without the binding, nor an unbound one with a binding.
    expectCryptoError(() => unwrapForSession(token, wrapped), 'DECRYPT_FAILED');
    expectCryptoError(
      () => unwrapForSession(token, wrapForSession(token, key), 'user:u-1'),
      'DECRYPT_FAILED',
    );
    // Omitted binding: the original behaviour.
    expect(toHex(unwrapForSession(token, wrapForSession(token, key)))).toBe(toHex(key));
    expect(toHex(unwrapForSession(token, wrapForSession(token, key, undefined), undefined))).toBe(toHex(key));
  });

  it('refuses empty, non-string and over-long bindings', () => {
    const token = generateSessionToken();
    const key = fixedBytes(32, 7);
    expectCryptoError(() => wrapForSession(token, key, ''), 'INVALID_INPUT');
    expectCryptoError(() => wrapForSession(token, key, 42 as unknown as string), 'INVALID_INPUT');
    expectCryptoError(
      () => wrapForSession(token, key, 'x'.repeat(MAX_SESSION_BINDING_BYTES + 1)),
      'INVALID_INPUT',
    );
    expect(wrapForSession(token, key, 'x'.repeat(MAX_SESSION_BINDING_BYTES))).toHaveLength(73);
    const wrapped = wrapForSession(token, key, 'user:u-1');
    expectCryptoError(() => unwrapForSession(token, wrapped, ''), 'INVALID_INPUT');
  });
});
