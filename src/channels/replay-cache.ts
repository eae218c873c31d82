import { Injectable } from '@nestjs/common';
import { RedisClient } from '../queue/redis.provider';

const MAX_LOCAL = 100_000;

/**
 * Remembers signatures already accepted, for as long as their timestamp could still pass the
 * window, so that a captured signed request cannot be replayed within it. Redis is shared by every
 * API node (SET NX); while Redis is away a per-process memory takes over, so signed channels keep
 * delivering (nothing lost) at the cost of replay protection across nodes during the outage.
 */
@Injectable()
export class ReplayCache {
  private readonly local = new Map<string, number>();

  constructor(private readonly redis: RedisClient) {}

  /** True when `id` was not seen before (and is now remembered for `ttlSeconds`). */
  async remember(id: string, ttlSeconds: number): Promise<boolean> {
    try {
      const set = await this.redis.connection.set(
        this.redis.key('channel', 'seen', id),
        '1',
        'EX',
        ttlSeconds,
        'NX',
      );
      return set === 'OK';
    } catch {
      return this.rememberLocally(id, ttlSeconds);
    }
  }

  private rememberLocally(id: string, ttlSeconds: number): boolean {
    const now = Date.now();
    const until = this.local.get(id);
    if (until !== undefined && until > now) return false;
    if (this.local.size >= MAX_LOCAL)
      for (const [key, expiry] of this.local) if (expiry <= now) this.local.delete(key);
    if (this.local.size >= MAX_LOCAL) this.local.clear();
    this.local.set(id, now + ttlSeconds * 1000);
    return true;
  }
}
