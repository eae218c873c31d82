import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { hash, toHex } from '../crypto';

/** Who a new report is sealed to: every active triager, and the organisation's recovery key. */
export interface Recipient {
  /** Stable, public: the first 16 hex digits of BLAKE2b(publicKey), or 'recovery'. */
  keyId: string;
  publicKey: Uint8Array;
  holderType: 'user' | 'recovery';
  holderId: string | null;
}

export const RECOVERY_KEY_ID = 'recovery';

export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(hash(publicKey, { outputLength: 16 })).slice(0, 16);
}

/**
 * The current recipients of new reports, read from the users table on every call: a triager
 * added or disabled takes effect for the next report on every API node.
 */
@Injectable()
export class RecipientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async current(): Promise<Recipient[]> {
    const rows = await this.dataSource.query<{ id: string; public_key: Buffer }[]>(
      `SELECT id, public_key FROM users WHERE 'triager' = ANY (roles) AND NOT disabled ORDER BY id`,
    );
    const triagers = rows.map((r): Recipient => {
      const publicKey = new Uint8Array(r.public_key);
      return { keyId: keyIdOf(publicKey), publicKey, holderType: 'user', holderId: r.id };
    });
    return [
      ...triagers,
      {
        keyId: RECOVERY_KEY_ID,
        publicKey: this.config.secrets.recoveryPublicKey,
        holderType: 'recovery',
        holderId: null,
      },
    ];
  }
}
