import fc from 'fast-check';
import {
  blindIndex,
  type BlindIndexKind,
  DEFAULT_BLIND_INDEX_BITS,
  initCrypto,
  normaliseEmail,
  normaliseHandle,
  normalisePhone,
} from '../../src/crypto';
import { expectCryptoError, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

const KEY = fixedBytes(32, 0xe0);

describe('normalisers', () => {
  it.each([
    ['+7 (912) 345-67-89', '+79123456789'],
    ['007 912 345 67 89', '+79123456789'],
    ['  +49 30 1234567 ', '+49301234567'],
    ['+1.202.555.0143', '+12025550143'],
    ['+12345678', '+12345678'], // 8 digits: the minimum
    ['+123456789012345', '+123456789012345'], // 15 digits: the maximum
    // "(0)" trunk prefix after the country code
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['+44(0)2079460958', '+442079460958'],
    ['0044 (0) 20 7946 0958', '+442079460958'],
    ['+49 (0)30 1234567', '+49301234567'],
    ['+353 (0)1 234 5678', '+35312345678'],
    // full-width plus and digits, Eastern Arabic and Persian digits
    ['＋７ ９１２ ３４５ ６７ ８９', '+79123456789'],
    ['+٧ ٩١٢ ٣٤٥ ٦٧ ٨٩', '+79123456789'],
    ['+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', '+989123456789'],
    // more separators: slash, minus sign, dashes, no-break and thin spaces, full-width hyphen
    ['+7 912/345/67/89', '+79123456789'],
    ['+7\u2212912\u2212345\u22126789', '+79123456789'],
    ['+7\u2013912\u2014345\u00a067\u202f89', '+79123456789'],
    ['+7－912－345－67－89', '+79123456789'],
    // bidi marks around a number copied from a messenger
    ['\u202a+7 912 345-67-89\u202c', '+79123456789'],
    ['\u200e+7 912 345 67 89', '+79123456789'],
  ])('phone %j → %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    '8 912 345 67 89',
    '912-345-67-89',
    '+1234567',
    '+1234567890123456',
    '+0 123 456 789',
    '+7 912 abc',
    '',
    '++79123456789',
    '(0)20 7946 0958', // national, no country code
    '+7 912 345 67 89 ext 5',
  ])('rejects phone %j', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });

  it('handles and emails', () => {
    expect(normaliseHandle('  @Chechen_Friend ')).toBe('chechen_friend');
    expect(normaliseHandle('chechen_friend')).toBe('chechen_friend');
    expect(normaliseHandle('@')).toBeNull();
    expect(normaliseHandle('two words')).toBeNull();
    expect(normaliseEmail(' Someone@Example.ORG ')).toBe('someone@example.org');
    expect(normaliseEmail('no-at-sign')).toBeNull();
    expect(normaliseEmail('a@b@c')).toBeNull();
  });

  it('strip zero-width and bidi control characters from handles and emails', () => {
    for (const ch of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\ufeff',
    ]) {
      expect(normaliseHandle(`${ch}@Chechen${ch}_Friend${ch}`)).toBe('chechen_friend');
      expect(normaliseEmail(`${ch}Someone@Example.ORG${ch}`)).toBe('someone@example.org');
    }
    expect(normaliseHandle('\u200b')).toBeNull();
    expect(normaliseHandle('@\u200b')).toBeNull();
  });
});

describe('blindIndex', () => {
  it('returns an integer in [0, 2^bits) for every width, default 16 bits', () => {
    expect(DEFAULT_BLIND_INDEX_BITS).toBe(16);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.string({ minLength: 1, maxLength: 30 }), (bits, s) => {
        const handle = 'h' + s.replace(/\s/g, '');
        const idx = blindIndex(KEY, 'handle', handle, bits);
        expect(Number.isInteger(idx)).toBe(true);
        expect(idx).toBeGreaterThanOrEqual(0);
        expect(idx).toBeLessThan(2 ** bits);
      }),
      { numRuns: 200 },
    );
    const v = blindIndex(KEY, 'phone', '+79123456789');
    expect(v).toBeLessThan(65536);
  });

  it('is the same for every spelling of the same value', () => {
    const a = blindIndex(KEY, 'phone', '+7 (912) 345-67-89');
    expect(blindIndex(KEY, 'phone', '0079123456789')).toBe(a);
    expect(blindIndex(KEY, 'phone', '+79123456789')).toBe(a);
    expect(blindIndex(KEY, 'handle', '@Foo')).toBe(blindIndex(KEY, 'handle', 'foo'));
  });

  it('does not depend on what was indexed before (the message buffer is reused)', () => {
    const values: [BlindIndexKind, string][] = [
      ['phone', '+79123456789'],
      ['email', `${'long.local.part'.repeat(12)}@example.org`],
      ['handle', 'Ёжик_в_тумане'],
      ['phone', '+4420'.padEnd(12, '7')],
      ['handle', 'x'],
    ];
    const first = values.map(([k, v]) => blindIndex(KEY, k, v, 32));
    expect(new Set(first).size).toBe(values.length);
    const reversed = [...values].reverse().map(([k, v]) => blindIndex(KEY, k, v, 32));
    expect(reversed.reverse()).toEqual(first);
  });

  it('truncates: a shorter index is the prefix of a longer one', () => {
    const full = blindIndex(KEY, 'email', 'a@b.org', 32)!;
    expect(blindIndex(KEY, 'email', 'a@b.org', 16)).toBe(full >>> 16);
    expect(blindIndex(KEY, 'email', 'a@b.org', 1)).toBe(full >>> 31);
  });

  it('yields candidates, not certainty: 4-bit indexes of 1,600 numbers fill all 16 buckets evenly', () => {
    // Each bucket expects 100 numbers; a broken truncation (e.g. always 0, or only low buckets)
    // or a heavily skewed hash fails. With a uniform hash, a bucket above 300 (3× the mean) has
    // probability far below 1e-30, an empty one about 16·(15/16)^1600 ≈ 1e-43.
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 1600; i++) {
      const phone = `+7912${String(i).padStart(7, '0')}`;
      counts[blindIndex(KEY, 'phone', phone, 4)!]++;
    }
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(Math.max(...counts)).toBeLessThanOrEqual(300);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1600);
  });

  it('is domain-separated by kind and keyed (different key → unrelated index)', () => {
    let sameKind = 0;
    let sameKey = 0;
    for (let i = 0; i < 50; i++) {
      const v = `user${i}@example.org`;
      if (blindIndex(KEY, 'handle', v, 32) === blindIndex(KEY, 'email', v, 32)) sameKind++;
      if (blindIndex(KEY, 'email', v, 32) === blindIndex(fixedBytes(32, 1), 'email', v, 32)) sameKey++;
    }
    expect(sameKind).toBe(0);
    expect(sameKey).toBe(0);
  });

  it('spreads values evenly over buckets (chi-square, 8 bits, 25,600 values)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 25_600; i++) counts[blindIndex(KEY, 'handle', `h${i}`, 8)!]++;
    const expected = 100;
    const stat = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(stat).toBeLessThan(347.6); // chi-square df=255, p=0.0001
  });

  it('returns null for values that do not normalise, throws for a bad key or width', () => {
    expect(blindIndex(KEY, 'phone', '8 912 345 67 89')).toBeNull();
    expect(blindIndex(KEY, 'email', 'nope')).toBeNull();
    expectCryptoError(() => blindIndex(fixedBytes(16, 0), 'phone', '+79123456789'), 'INVALID_KEY');
    expectCryptoError(() => blindIndex(KEY, 'phone', '+79123456789', 0), 'INVALID_INPUT');
    expectCryptoError(() => blindIndex(KEY, 'phone', '+79123456789', 33), 'INVALID_INPUT');
    expectCryptoError(() => blindIndex(KEY, 'name' as 'phone', 'x'), 'INVALID_INPUT');
  });
});
