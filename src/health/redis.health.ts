import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisClient } from '../queue/redis.provider';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisClient,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: string, timeoutMs: number) {
    const indicator = this.health.check(key);
    try {
      const answer = await Promise.race([
        this.redis.connection.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return answer === 'PONG' ? indicator.up() : indicator.down();
    } catch {
      return indicator.down();
    }
  }
}
