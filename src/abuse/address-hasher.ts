import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisClient } from '../queue/redis.provider';
import { claimSharedSecret } from '../queue/shared-secret';

const SALT_TTL_SECONDS = 48 * 3600;

/**
 * Turns a request's source address into a pseudonym for rate limiting: HMAC-SHA256 under a random
 * salt that changes every UTC day, truncated to 128 bits. The salt lives only in Redis (48 h, set
 * with NX so that every node agrees) and in memory; the raw address is read here and nowhere else,
 * and never stored, logged or sent to Redis. Once a day's salt expires, that day's pseudonyms can
 * no longer be linked to an address even by someone holding a list of candidate addresses.
 */
@Injectable()
export class AddressHasher {
  private cached: { day: string; salt: Buffer; shared: boolean } | null = null;

  constructor(private readonly redis: RedisClient) {}

  /**
   * The pseudonym of the caller's address (`sourceAddressOf`, given by the controller: it honours
   * TRUST_PROXY and counts IPv6 per /64); `shared` is false when Redis was away (local salt).
   */
  async pseudonym(sourceAddress: string): Promise<{ value: string; shared: boolean }> {
    return this.pseudonymOf(sourceAddress);
  }

  /**
   * The same daily pseudonym for another identifier that must not appear in Redis in the clear (a
   * report id: a Redis dump must not tell which reports their reporters are writing to).
   */
  async pseudonymOf(identifier: string): Promise<{ value: string; shared: boolean }> {
    const { salt, shared } = await this.dailySalt();
    const value = createHmac('sha256', salt).update(identifier).digest().subarray(0, 16).toString('hex');
    return { value, shared };
  }

  private async dailySalt(): Promise<{ salt: Buffer; shared: boolean }> {
    const day = new Date().toISOString().slice(0, 10);
    if (this.cached?.day === day && this.cached.shared) return this.cached;
    const candidate = this.cached?.day === day ? this.cached.salt : randomBytes(32);
    try {
      const salt = await claimSharedSecret(
        this.redis.connection,
        this.redis.key('abuse', 'salt', day),
        SALT_TTL_SECONDS,
        candidate,
      );
      this.cached = { day, salt, shared: true };
    } catch {
      // Redis away: a salt of this process only, so that local fallback counters still work.
      this.cached = { day, salt: candidate, shared: false };
    }
    return this.cached;
  }
}
