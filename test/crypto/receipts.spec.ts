import {
  DEFAULT_RECEIPT_KDF,
  deriveReceiptKeys,
  formatReceipt,
  generateReceipt,
  hash,
  initCrypto,
  normaliseReceipt,
  receiptLookupId,
  toBase64Url,
  toHex,
} from '../../src/crypto';
import { sodium } from '../../src/crypto/sodium';
import { expectCryptoError, FAST_KDF, fixedBytes } from './helpers';

beforeAll(() => initCrypto());

/** Pearson's chi-square statistic of digit counts against the uniform distribution. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

function digitCounts(receipts: string[]): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const r of receipts) for (const ch of r.replace(/ /g, '')) counts[Number(ch)]++;
  return counts;
}

/**
 * Critical value of chi-square with 9 degrees of freedom at p ≈ 1e-6 (45.0; survival 9.2e-7), so
 * that the suite does not fail by chance, while a modulo-biased generator (statistic ≈ 117 at this
 * sample size) is still caught — see the test below.
 */
const CHI2_DF9_P1E6 = 45.0;
const N = 20_000;

describe('receipt generation', () => {
  it('produces 16 digits grouped by four', () => {
    for (let i = 0; i < 200; i++) expect(generateReceipt()).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
  });

  it('has uniform digits: chi-square over 20,000 receipts below the p=1e-6 threshold', () => {
    // False-alarm probability of this test: about one in a million by construction.
    const receipts = Array.from({ length: N }, generateReceipt);
    const stat = chiSquare(digitCounts(receipts));
    expect(stat).toBeLessThan(CHI2_DF9_P1E6);
    expect(new Set(receipts).size).toBe(N); // 10^16 space: no repeats expected
  });

  it('the same test catches a modulo-biased generator (byte % 10), so it can fail', () => {
    const s = sodium();
    const biased = Array.from({ length: N }, () => {
      const bytes = s.randombytes_buf(16);
      return Array.from(bytes, (b) => String(b % 10)).join('');
    });
    expect(chiSquare(digitCounts(biased))).toBeGreaterThan(CHI2_DF9_P1E6);
  });
});

describe('receipt normalisation', () => {
  it.each([
    ['4821 0937 5512 8064', '4821093755128064'],
    ['4821-0937-5512-8064', '4821093755128064'],
    ['  4821093755128064 ', '4821093755128064'],
    ['4821\u00a00937\u20135512\u20148064', '4821093755128064'],
    ['4821.0937.5512.8064', '4821093755128064'],
    // Reporters on Arabic, Persian and East Asian keyboards must get back in.
    ['٤٨٢١٠٩٣٧٥٥١٢٨٠٦٤', '4821093755128064'], // Eastern Arabic (U+0660–0669)
    ['٤٨٢١ ٠٩٣٧ ٥٥١٢ ٨٠٦٤', '4821093755128064'],
    ['۴۸۲۱-۰۹۳۷-۵۵۱۲-۸۰۶۴', '4821093755128064'], // Persian (U+06F0–06F9)
    ['４８２１　０９３７　５５１２　８０６４', '4821093755128064'], // full-width digits and space
    ['４８２１－０９３７－５５１２－８０６４', '4821093755128064'], // full-width hyphen
    ['\u200f٤٨٢١ ٠٩٣٧ ٥٥١٢ ٨٠٦٤\u200f', '4821093755128064'], // RLM marks from an RTL keyboard
    ['\u202a4821 0937 5512 8064\u202c', '4821093755128064'], // bidi embedding from copy-paste
    ['4821 ۰۹۳۷ ٥٥١٢ 8064', '4821093755128064'], // mixed
  ])('accepts %j', (input, expected) => {
    expect(normaliseReceipt(input)).toBe(expected);
  });

  it.each([
    '',
    '4821 0937 5512 806',
    '4821 0937 5512 80645',
    '4821 0937 5512 806a',
    '٤٨٢١٠٩٣٧٥٥١٢٨٠٦', // 15 Eastern Arabic digits
    '4821_0937_5512_8064',
    '४८२१०९३७५५१२८०६४', // Devanagari digits are not mapped
    '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯',
  ])('rejects %j', (input) => {
    expect(normaliseReceipt(input)).toBeNull();
  });

  it('rejects non-strings and formats canonically', () => {
    expect(normaliseReceipt(undefined as unknown as string)).toBeNull();
    expect(formatReceipt('4821093755128064')).toBe('4821 0937 5512 8064');
    expectCryptoError(() => formatReceipt('123'), 'INVALID_INPUT');
  });
});

describe('receipt key derivation', () => {
  const salt = fixedBytes(16, 0x70);
  const pepper = fixedBytes(32, 0x90);

  it('gives the same keys for any typing of the same receipt', () => {
    const a = deriveReceiptKeys('4821 0937 5512 8064', salt, FAST_KDF);
    const b = deriveReceiptKeys('4821-0937-5512-8064', salt, FAST_KDF);
    expect(toHex(a.slotKey)).toBe(toHex(b.slotKey));
    expect(toHex(a.lookupValue)).toBe(toHex(b.lookupValue));
    const arabic = deriveReceiptKeys('٤٨٢١ ٠٩٣٧ ٥٥١٢ ٨٠٦٤', salt, FAST_KDF);
    expect(toHex(arabic.slotKey)).toBe(toHex(a.slotKey));
    expect(toHex(arabic.lookupValue)).toBe(toHex(a.lookupValue));
  });

  it('splits into a slot key and a lookup value that are different and independent', () => {
    const { slotKey, lookupValue } = deriveReceiptKeys('4821 0937 5512 8064', salt, FAST_KDF);
    expect(slotKey).toHaveLength(32);
    expect(lookupValue).toHaveLength(32);
    expect(toHex(slotKey)).not.toBe(toHex(lookupValue));
    const id = receiptLookupId(lookupValue, pepper);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).not.toBe(toBase64Url(slotKey));
    expect(id).not.toBe(toBase64Url(lookupValue));
    // Neither is a simple function of the other that the server could compute.
    for (const candidate of [hash(lookupValue), hash(lookupValue, { key: pepper }), lookupValue]) {
      expect(toHex(candidate)).not.toBe(toHex(slotKey));
    }
    expect(toHex(sodium().crypto_kdf_derive_from_key(32, 1, 'CorrRcpt', lookupValue))).not.toBe(
      toHex(slotKey),
    );
  });

  it('depends on the receipt, the install salt, the params and (for the id) the pepper', () => {
    const base = deriveReceiptKeys('4821 0937 5512 8064', salt, FAST_KDF);
    const otherReceipt = deriveReceiptKeys('4821 0937 5512 8065', salt, FAST_KDF);
    const otherSalt = deriveReceiptKeys('4821 0937 5512 8064', fixedBytes(16, 0x71), FAST_KDF);
    const otherParams = deriveReceiptKeys('4821 0937 5512 8064', salt, { ...FAST_KDF, opsLimit: 2 });
    for (const other of [otherReceipt, otherSalt, otherParams]) {
      expect(toHex(other.slotKey)).not.toBe(toHex(base.slotKey));
      expect(toHex(other.lookupValue)).not.toBe(toHex(base.lookupValue));
    }
    expect(receiptLookupId(base.lookupValue, pepper)).toBe(receiptLookupId(base.lookupValue, pepper));
    expect(receiptLookupId(base.lookupValue, fixedBytes(32, 0x91))).not.toBe(
      receiptLookupId(base.lookupValue, pepper),
    );
  });

  it('rejects non-receipts, bad salts and bad peppers', () => {
    expectCryptoError(() => deriveReceiptKeys('hello', salt, FAST_KDF), 'INVALID_INPUT');
    expectCryptoError(
      () => deriveReceiptKeys('4821 0937 5512 8064', fixedBytes(8, 0), FAST_KDF),
      'INVALID_KEY',
    );
    expectCryptoError(() => receiptLookupId(fixedBytes(32, 0), fixedBytes(16, 0)), 'INVALID_KEY');
  });

  it('uses the documented default parameters', () => {
    expect(DEFAULT_RECEIPT_KDF).toEqual({ opsLimit: 2, memLimitBytes: 19 * 1024 * 1024 });
    const keys = deriveReceiptKeys(generateReceipt(), salt);
    expect(keys.slotKey).toHaveLength(32);
  });
});
