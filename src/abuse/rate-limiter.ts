import { Injectable, Logger } from '@nestjs/common';
import { incrementCounters } from '../queue/redis-counters';
import { RedisClient } from '../queue/redis.provider';
import { LocalWindowCounter } from './local-window-counter';

/** One counter to bump: its key parts (already pseudonymous) and its limit per window. */
export interface RateCounter {
  key: string;
  limit: number;
}

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
  /** False when Redis was away and the in-process counters decided. */
  shared: boolean;
}

const WARN_EVERY_MS = 60_000;

/**
 * Fixed-window counters in Redis, shared by every API node. All counters of a request are bumped in
 * one atomic script call (each INCR and its TTL together, see redis-counters), so a flood costs one
 * cheap Redis call per request, never slows the requests that get through, and never leaves a
 * counter without a TTL. When Redis is away the limiter fails open to per-process counters: intake
 * must keep taking reports (nothing lost), and the local limit still caps what one process accepts
 * from one address.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private readonly local = new LocalWindowCounter();
  private lastWarning = 0;

  constructor(private readonly redis: RedisClient) {}

  async hit(counters: RateCounter[], windowSeconds: number): Promise<RateDecision> {
    const active = counters.filter((c) => c.limit > 0);
    const now = Date.now();
    const window = Math.floor(now / (windowSeconds * 1000));
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowSeconds * 1000 - now) / 1000));
    if (!active.length) return { allowed: true, retryAfterSeconds, shared: true };
    const keys = active.map((c) => this.redis.key('abuse', 'rl', c.key, String(window)));
    let counts: number[];
    let shared = true;
    try {
      counts = await incrementCounters(this.redis.connection, keys, windowSeconds * 2 * 1000);
    } catch (error) {
      shared = false;
      counts = keys.map((key) => this.local.increment(key, window));
      this.warnFallback(error, now);
    }
    const allowed = counts.every((count, i) => count <= active[i].limit);
    return { allowed, retryAfterSeconds, shared };
  }

  private warnFallback(error: unknown, now: number) {
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    const code = (error as { code?: unknown })?.code;
    this.logger.warn(
      { code: typeof code === 'string' ? code : 'REDIS_UNAVAILABLE' },
      'rate limits fall back to per-process counters while Redis is away',
    );
  }
}
