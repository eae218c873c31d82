import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { hash, randomBytes, toBase64Url } from '../crypto';
import { decrementCounters, incrementCounters } from '../queue/redis-counters';
import { RedisClient } from '../queue/redis.provider';
import { claimSharedSecret } from '../queue/shared-secret';

export interface ThrottleTicket {
  allowed: boolean;
  /** A successful sign-in gives its attempt back (only failures should use up the allowance). */
  release(): Promise<void>;
}

const SALT_TTL_SECONDS = 86_400;

/**
 * Sign-in attempts per username and per source address, counted in Redis so that the limits hold
 * across API nodes. Neither is stored as such: both are keyed BLAKE2b hashes under a random salt
 * that Redis forgets after a day, so a Redis dump names no one and no address, and yesterday's
 * counters cannot be linked to today's.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisClient,
  ) {}

  /** Counts an attempt from `address` on `username`; `allowed` is false once either is over its limit. */
  async begin(username: string, address: string): Promise<ThrottleTicket> {
    const salt = await this.currentSalt();
    const userKey = this.redis.key(
      'login-throttle',
      'u',
      toBase64Url(hash(username, { key: salt, outputLength: 16 })),
    );
    const addressKey = this.redis.key(
      'login-throttle',
      'a',
      toBase64Url(hash(address, { key: salt, outputLength: 16 })),
    );
    // Atomic and always TTL-bearing; the release below can neither recreate an expired counter
    // (at -1, for ever, granting extra attempts) nor take one below zero.
    const [userCount, addressCount] = await incrementCounters(
      this.redis.connection,
      [userKey, addressKey],
      this.config.auth.throttleWindowMs,
    );
    return {
      allowed:
        userCount <= this.config.auth.throttlePerUsername &&
        addressCount <= this.config.auth.throttlePerAddress,
      release: async () => {
        await decrementCounters(this.redis.connection, [userKey, addressKey]);
      },
    };
  }

  /** Today's salt, shared by every node (the first node to need one sets it). */
  private currentSalt(): Promise<Uint8Array> {
    const key = this.redis.key('login-throttle', 'salt');
    return claimSharedSecret(this.redis.connection, key, SALT_TTL_SECONDS, Buffer.from(randomBytes(32)));
  }
}
