import { totp } from '../../src/auth/totp/rfc6238';
import { TotpService } from '../../src/auth/totp/totp.service';
import type { AppConfig } from '../../src/config';
import { decryptWithKey, encryptWithKey, initCrypto } from '../../src/crypto';

const TOTP_KEY = new Uint8Array(32).fill(0x5a);
const USER = { id: '0b6a3c1e-9f4d-4c6a-8d2e-1f0a2b3c4d5e', username: 'anna' };

/** Where SECURITY.md ("Where TOTP secrets live") says a TOTP secret is bound: written out here. */
const LOCATION = { purpose: 'totp-secret', table: 'users', column: 'totp_secret', rowId: USER.id };

/** RFC 4648 base32 (no padding) decoded by hand, independently of the module's encoder. */
function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...text].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Uint8Array.from(bytes);
}

describe('TOTP secrets: stored form and otpauth URI (SECURITY.md, secret-key envelope v1)', () => {
  let service: TotpService;
  beforeAll(async () => {
    await initCrypto();
    service = new TotpService({ secrets: { totpKey: TOTP_KEY } } as unknown as AppConfig);
  });

  it('stores 20 raw bytes under totpKey, bound to users.totp_secret of that user, and shows the same secret once', () => {
    const { stored, uri } = service.newSecret(USER);
    const secret = decryptWithKey(TOTP_KEY, new Uint8Array(stored), LOCATION);
    expect(secret).toHaveLength(20);

    expect(uri.startsWith('otpauth://totp/Corridor:anna?')).toBe(true);
    const url = new URL(uri);
    expect(url.searchParams.get('issuer')).toBe('Corridor');
    expect(Buffer.from(base32Decode(url.searchParams.get('secret') ?? '')).toString('hex')).toBe(
      Buffer.from(secret).toString('hex'),
    );
  });

  it('draws a fresh secret each time', () => {
    const a = decryptWithKey(TOTP_KEY, new Uint8Array(service.newSecret(USER).stored), LOCATION);
    const b = decryptWithKey(TOTP_KEY, new Uint8Array(service.newSecret(USER).stored), LOCATION);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('matches a code of a secret stored in that documented form, and nothing for a user without one', () => {
    const secret = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    const totpSecret = Buffer.from(encryptWithKey(TOTP_KEY, secret, LOCATION));
    const at = 1_700_000_000_000;
    const step = Math.floor(at / 30_000);
    expect(service.matchStep({ id: USER.id, totpSecret }, totp(secret, at), at)).toBe(step);
    expect(service.matchStep({ id: USER.id, totpSecret }, totp(secret, at + 30_000), at)).toBe(step + 1);
    expect(service.matchStep({ id: USER.id, totpSecret: null }, totp(secret, at), at)).toBeNull();
  });
});
