import fc from 'fast-check';
import {
  equalBytes,
  fromBase64Url,
  fromHex,
  initCrypto,
  isBytes,
  toBase64Url,
  toHex,
  utf8Decode,
  utf8Encode,
  wipe,
} from '../../src/crypto';
import { hasLoneSurrogate } from '../../src/crypto/encoding';
import { expectCryptoError, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

describe('encoding helpers', () => {
  it('base64url round-trips any bytes, without padding (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const text = toBase64Url(b);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(toHex(fromBase64Url(text))).toBe(toHex(b));
      }),
      { numRuns: 200 },
    );
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('rejects non-base64url input strictly', () => {
    for (const bad of ['-_8=', '+/8', 'a b', 'A', '!!!!'])
      expectCryptoError(() => fromBase64Url(bad), 'INVALID_INPUT');
    expectCryptoError(() => fromHex('abc'), 'INVALID_INPUT');
    expect(toHex(fromHex('00ff'))).toBe('00ff');
  });

  it('utf8 encoding refuses lone surrogates; decoding refuses malformed bytes', () => {
    expect(utf8Decode(utf8Encode('Грозный 🙂'))).toBe('Грозный 🙂');
    expectCryptoError(() => utf8Encode('\udc00x'), 'INVALID_INPUT');
    expectCryptoError(() => utf8Decode(new Uint8Array([0xc3])), 'INVALID_INPUT');
  });

  it('detects lone surrogates by scanning (no regex lookbehind), exactly like the reference', () => {
    // The reference is the lookbehind regex the scan replaced (fine in Node, fatal in Safari < 16.4).
    const reference = new RegExp(
      '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
    );
    const codeUnit = fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.integer({ min: 0xd7fe, max: 0xe001 }),
      fc.integer({ min: 0x20, max: 0x7e }),
    );
    fc.assert(
      fc.property(fc.array(codeUnit, { maxLength: 12 }), (units) => {
        const text = String.fromCharCode(...units);
        expect(hasLoneSurrogate(text)).toBe(reference.test(text));
      }),
      { numRuns: 2000 },
    );
    for (const [text, lone] of [
      ['', false],
      ['abc', false],
      ['\ud83d\ude42', false], // 🙂
      ['\ud83d\ude42\ud83d\ude42', false],
      ['\ud83d', true],
      ['\ude42', true],
      ['a\ud83d', true],
      ['\ude42\ud83d', true],
      ['\ud83d\ud83d\ude42', true],
      ['\ud83d\ude42\ude42', true],
    ] as const) {
      expect([text, hasLoneSurrogate(text)]).toEqual([text, lone]);
    }
    expectCryptoError(() => utf8Encode('ok\ud800'), 'INVALID_INPUT');
    expect(utf8Encode('\ud83d\ude42')).toHaveLength(4);
  });

  it('wipe zeroes buffers and skips undefined; equalBytes compares', () => {
    const a = fixedBytes(16, 1);
    const b = fixedBytes(8, 1);
    wipe(a, undefined, b);
    expect(Array.from(a).every((x) => x === 0)).toBe(true);
    expect(Array.from(b).every((x) => x === 0)).toBe(true);
    expect(equalBytes(fixedBytes(4, 1), fixedBytes(4, 1))).toBe(true);
    expect(equalBytes(fixedBytes(4, 1), fixedBytes(4, 2))).toBe(false);
    expect(equalBytes(fixedBytes(4, 1), fixedBytes(5, 1))).toBe(false);
    expect(isBytes(new Uint8Array(1))).toBe(true);
    expect(isBytes(new Uint16Array(1))).toBe(false);
    expect(isBytes([1, 2])).toBe(false);
  });
});
