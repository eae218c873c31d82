import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { ContentLocation, decryptWithKey, encryptWithKey, randomBytes, wipe } from '../../crypto';
import type { User } from '../../users/user.entity';
import { matchTotpStep, otpauthUri } from './rfc6238';

/** 160 bits, the size RFC 4226 recommends for HMAC-SHA1. */
const SECRET_BYTES = 20;
const ISSUER = 'Corridor';

/** Where a TOTP secret lives; bound into its ciphertext, so it cannot be moved to another user. */
export const totpSecretLocation = (userId: string): ContentLocation => ({
  purpose: 'totp-secret',
  table: 'users',
  column: 'totp_secret',
  rowId: userId,
});

/** TOTP secrets: generated, stored encrypted under the server TOTP key, checked against codes. */
@Injectable()
export class TotpService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A new secret for `user`: its stored (encrypted) form and the otpauth URI to show once. */
  newSecret(user: Pick<User, 'id' | 'username'>): { stored: Buffer; uri: string } {
    const secret = randomBytes(SECRET_BYTES);
    try {
      return {
        stored: Buffer.from(encryptWithKey(this.config.secrets.totpKey, secret, totpSecretLocation(user.id))),
        uri: otpauthUri(secret, ISSUER, user.username),
      };
    } finally {
      wipe(secret);
    }
  }

  /** The time step `code` belongs to for this user's secret (±1 step of `atMs`), or null. */
  matchStep(user: Pick<User, 'id' | 'totpSecret'>, code: string, atMs: number): number | null {
    if (!user.totpSecret) return null;
    const secret = decryptWithKey(
      this.config.secrets.totpKey,
      new Uint8Array(user.totpSecret),
      totpSecretLocation(user.id),
    );
    try {
      return matchTotpStep(secret, code, atMs);
    } finally {
      wipe(secret);
    }
  }
}
