import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../../src/config';
import { NotificationsService } from '../../../src/notifications/notifications.service';
import { QueueRegistry } from '../../../src/queue/queue-registry';
import { RedisClient } from '../../../src/queue/redis.provider';

/**
 * A NotificationsService on its own Redis connections (no app), for tests of what a trigger does
 * when Redis misbehaves, with Nest's warnings captured. Register `close` and `restoreLogger` in
 * `afterEach`.
 */
export class ServiceWithoutApp {
  readonly secret = randomBytes(32).toString('base64url');
  readonly path = '/hooks/away';
  readonly queues: QueueRegistry;
  readonly redis: RedisClient;
  readonly service: NotificationsService;
  readonly warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

  constructor(redisUrl: string, withEndpoint = true) {
    const config = loadConfig({
      ...process.env,
      REDIS_URL: redisUrl,
      NOTIFY_WEBHOOKS: withEndpoint ? `http://127.0.0.1:9${this.path}|${this.secret}` : '',
    });
    this.queues = new QueueRegistry(config);
    this.redis = new RedisClient(config);
    this.service = new NotificationsService(config, this.queues, this.redis);
  }

  /** Exactly one warning, naming neither the endpoint nor its secret. */
  expectOneContentFreeWarning(): void {
    expect(this.warn).toHaveBeenCalledTimes(1);
    expect(this.warn).toHaveBeenCalledWith(
      { error: expect.any(String) },
      'could not schedule a notification',
    );
    const logged = JSON.stringify(this.warn.mock.calls);
    expect(logged).not.toContain(this.path);
    expect(logged).not.toContain(this.secret);
  }

  async close(): Promise<void> {
    this.warn.mockRestore();
    await this.queues.onApplicationShutdown();
    this.redis.onApplicationShutdown();
  }
}
