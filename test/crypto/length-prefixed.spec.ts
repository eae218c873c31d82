import fc from 'fast-check';
import { initCrypto, toHex } from '../../src/crypto';
import { transientAssociatedData } from '../../src/crypto/associated-data';
import { lengthPrefixed, MAX_AD_FIELD_BYTES } from '../../src/crypto/encoding';
import { expectCryptoError } from './helpers';

/** lp() of associated data: the ASCII fast path and the UTF-8 path give the documented bytes. */
beforeAll(() => initCrypto());

/** The definition (SECURITY.md): each field as a 2-byte big-endian UTF-8 length, then its bytes. */
function reference(fields: string[]): string {
  return fields
    .map((f) => {
      const bytes = Buffer.from(f, 'utf8');
      return Buffer.concat([Buffer.from([bytes.length >>> 8, bytes.length & 0xff]), bytes]).toString('hex');
    })
    .join('');
}

describe('lengthPrefixed', () => {
  it('matches the definition for ASCII, non-ASCII and mixed lists', () => {
    const field = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.stringMatching(/^[ -~]{0,80}$/),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), (fields) => {
        expect(toHex(lengthPrefixed(fields))).toBe(reference(fields));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a field over the limit on both paths, and takes one at the limit', () => {
    expect(lengthPrefixed(['a'.repeat(MAX_AD_FIELD_BYTES)])).toHaveLength(MAX_AD_FIELD_BYTES + 2);
    expectCryptoError(() => lengthPrefixed(['a'.repeat(MAX_AD_FIELD_BYTES + 1)]), 'INVALID_INPUT');
    expectCryptoError(() => lengthPrefixed(['ж'.repeat(MAX_AD_FIELD_BYTES / 2 + 1)]), 'INVALID_INPUT');
  });

  it('refuses what is not a string, and lone surrogates', () => {
    expectCryptoError(() => lengthPrefixed([42 as unknown as string]), 'INVALID_INPUT');
    expectCryptoError(() => lengthPrefixed(['ok', '\ud800']), 'INVALID_INPUT');
  });
});

describe('transientAssociatedData (reused buffer)', () => {
  it('is version ‖ lp(fields) ‖ suffix, on the reused buffer and on the fallback for long or non-ASCII input', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[ -~]{0,80}$/),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    );
    const long = fc.stringMatching(/^[a-z]{300,400}$/); // several of them exceed the reused 1 KiB
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.oneof(field, long), { maxLength: 5 }),
        fc.uint8Array({ maxLength: 120 }),
        (version, fields, suffix) => {
          const expected =
            Buffer.from([version]).toString('hex') + reference(fields) + Buffer.from(suffix).toString('hex');
          expect(toHex(transientAssociatedData(version, fields, 'field', suffix))).toBe(expected);
          expect(toHex(transientAssociatedData(version, fields))).toBe(
            expected.slice(0, expected.length - 2 * suffix.length),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a field over the limit and what is not a string, like lengthPrefixed', () => {
    expectCryptoError(
      () => transientAssociatedData(1, ['a'.repeat(MAX_AD_FIELD_BYTES + 1)]),
      'INVALID_INPUT',
    );
    expectCryptoError(() => transientAssociatedData(1, [42 as unknown as string]), 'INVALID_INPUT');
  });
});
