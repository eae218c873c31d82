import {
  base32Encode,
  hotp,
  matchTotpStep,
  otpauthUri,
  totp,
  TotpAlgorithm,
} from '../../src/auth/totp/rfc6238';

/** RFC 6238 appendix B: seeds per algorithm, 8 digits, T0 = 0, X = 30. */
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, TotpAlgorithm, string][] = [
  [59, 'sha1', '94287082'],
  [59, 'sha256', '46119246'],
  [59, 'sha512', '90693936'],
  [1111111109, 'sha1', '07081804'],
  [1111111109, 'sha256', '68084774'],
  [1111111109, 'sha512', '25091201'],
  [1111111111, 'sha1', '14050471'],
  [1111111111, 'sha256', '67062674'],
  [1111111111, 'sha512', '99943326'],
  [1234567890, 'sha1', '89005924'],
  [1234567890, 'sha256', '91819424'],
  [1234567890, 'sha512', '93441116'],
  [2000000000, 'sha1', '69279037'],
  [2000000000, 'sha256', '90698825'],
  [2000000000, 'sha512', '38618901'],
  [20000000000, 'sha1', '65353130'],
  [20000000000, 'sha256', '77737706'],
  [20000000000, 'sha512', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('appendix B: T=%i %s → %s', (seconds, algorithm, expected) => {
    expect(totp(SEEDS[algorithm], seconds * 1000, 8, algorithm)).toBe(expected);
  });

  it('HOTP matches RFC 4226 appendix D', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, counter) => hotp(SEEDS.sha1, counter))).toEqual(expected);
  });

  it('accepts the codes of the previous, current and next step and nothing further', () => {
    const at = 1_700_000_000_000;
    const step = Math.floor(at / 30_000);
    for (const offset of [-1, 0, 1]) {
      expect(matchTotpStep(SEEDS.sha1, hotp(SEEDS.sha1, step + offset), at)).toBe(step + offset);
    }
    for (const offset of [-3, -2, 2, 3]) {
      expect(matchTotpStep(SEEDS.sha1, hotp(SEEDS.sha1, step + offset), at)).toBeNull();
    }
    expect(matchTotpStep(SEEDS.sha1, 'abcdef', at)).toBeNull();
    expect(matchTotpStep(SEEDS.sha1, '12345', at)).toBeNull();
  });

  it('encodes base32 as RFC 4648 §10 and builds an otpauth URI', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [input, output] of cases) expect(base32Encode(Buffer.from(input))).toBe(output);
    const uri = new URL(otpauthUri(SEEDS.sha1, 'Corridor', 'anna'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(base32Encode(SEEDS.sha1));
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
