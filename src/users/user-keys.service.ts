import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import {
  PasswordKdfParams,
  UserKeyRecord,
  buildUserKeyRecord,
  formatKdfParams,
  generatePasswordSalt,
  generateUserKeyPair,
  parseKdfParams,
  unlockUserPrivateKey,
  wipe,
} from '../crypto';
import { CryptoPool } from '../crypto-pool';
import { User } from './user.entity';

/** The stored key columns of a user, as written by `UsersRepository`. */
export interface StoredUserKeys {
  publicKey: Buffer;
  wrappedPrivateKey: Buffer;
  kdfSalt: Buffer;
  kdfParams: string;
  passwordVerifier: Buffer;
}

/**
 * Password → keys, with every Argon2id run in the worker-thread pool so that sign-ins never stall
 * the event loop. One derivation gives the verifier (stored) and the wrapping key (never stored).
 */
@Injectable()
export class UserKeysService {
  /** A per-process salt for the decoy derivation of unknown usernames (the result is thrown away). */
  private readonly decoySalt = generatePasswordSalt();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pool: CryptoPool,
  ) {}

  private get params(): PasswordKdfParams {
    return this.config.auth.passwordKdf;
  }

  /** A new key pair wrapped under `password` (new user, admin reset). */
  async createKeys(userId: string, password: string): Promise<StoredUserKeys> {
    const pair = generateUserKeyPair();
    try {
      return await this.wrapKeys(userId, pair.privateKey, password);
    } finally {
      wipe(pair.privateKey);
    }
  }

  /** The same private key under a new password with a new salt (password change). */
  async wrapKeys(userId: string, privateKey: Uint8Array, password: string): Promise<StoredUserKeys> {
    const salt = generatePasswordSalt();
    const derived = await this.pool.derivePasswordKeys(password, salt, this.params);
    try {
      return toStored(buildUserKeyRecord(privateKey, derived, salt, this.params, userId));
    } finally {
      wipe(derived.verifier, derived.wrappingKey);
    }
  }

  /**
   * The user's private key if `password` is theirs, else null. The verifier is compared in
   * constant time before anything is unwrapped. The caller owns (and wipes) the key.
   */
  async unlock(user: User, password: string): Promise<Uint8Array | null> {
    const record = toRecord(user);
    const derived = await this.pool.derivePasswordKeys(password, record.salt, record.params);
    try {
      return unlockUserPrivateKey(record, derived, user.id);
    } catch {
      return null;
    } finally {
      wipe(derived.verifier, derived.wrappingKey);
    }
  }

  /** The same work as `unlock` for a username that has no account, so timing tells nothing. */
  async decoy(password: string): Promise<void> {
    const derived = await this.pool.derivePasswordKeys(password || 'x', this.decoySalt, this.params);
    wipe(derived.verifier, derived.wrappingKey);
  }
}

function toStored(record: UserKeyRecord): StoredUserKeys {
  return {
    publicKey: Buffer.from(record.publicKey),
    wrappedPrivateKey: Buffer.from(record.wrappedPrivateKey),
    kdfSalt: Buffer.from(record.salt),
    kdfParams: formatKdfParams(record.params),
    passwordVerifier: Buffer.from(record.verifier),
  };
}

export function toRecord(user: User): UserKeyRecord {
  return {
    publicKey: new Uint8Array(user.publicKey),
    wrappedPrivateKey: new Uint8Array(user.wrappedPrivateKey),
    salt: new Uint8Array(user.kdfSalt),
    params: parseKdfParams(user.kdfParams),
    verifier: new Uint8Array(user.passwordVerifier),
  };
}
