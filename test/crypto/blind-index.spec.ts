import fc from 'fast-check';
import {
  blindIndex,
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

  it('truncates: a shorter index is the prefix of a longer one', () => {
    const full = blindIndex(KEY, 'email', 'a@b.org', 32)!;
    expect(blindIndex(KEY, 'email', 'a@b.org', 16)).toBe(full >>> 16);
    expect(blindIndex(KEY, 'email', 'a@b.org', 1)).toBe(full >>> 31);
  });

  it('yields candidates, not certainty: with 4 bits, 17 distinct numbers must share an index', () => {
    const seen = new Map<number, string>();
    let collision = false;
    for (let i = 0; i < 17; i++) {
      const phone = `+7912345${String(i).padStart(4, '0')}`;
      const idx = blindIndex(KEY, 'phone', phone, 4)!;
      if (seen.has(idx)) collision = true;
      seen.set(idx, phone);
    }
    expect(collision).toBe(true);
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
