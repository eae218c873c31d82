import { matchTotpStep, otpauthUri, totp } from '../../src/auth/totp/rfc6238';

/** RFC 6238 Appendix B: the SHA-1 seed is the ASCII of "12345678901234567890". */
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('RFC 6238 edges', () => {
  it('defaults to SHA-1: RFC 6238 Appendix B, T = 59 s, 8 digits → 94287082', () => {
    expect(totp(RFC_SECRET, 59_000, 8)).toBe('94287082');
  });

  it('accepts exactly six digits: longer, prefixed or suffixed codes are no match (and never throw)', () => {
    const now = 1_111_111_109_000;
    const code = totp(RFC_SECRET, now);
    expect(matchTotpStep(RFC_SECRET, code, now)).not.toBeNull();
    for (const bad of [`${code}7`, `7${code}`, `a${code}`, `${code}a`, ` ${code}`]) {
      expect({ bad, step: matchTotpStep(RFC_SECRET, bad, now) }).toEqual({ bad, step: null });
    }
  });

  it('otpauth URI carries the label, SHA1, six digits and the 30 s period', () => {
    const uri = otpauthUri(new Uint8Array(10).fill(0xff), 'Corridor', 'anna@hotline');
    expect(uri).toBe(
      'otpauth://totp/Corridor:anna%40hotline?secret=7777777777777777&issuer=Corridor&algorithm=SHA1&digits=6&period=30',
    );
  });
});
