import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AppConfig, loadConfig } from '../../src/config';
import { NotificationsService, TRIGGER_TIMEOUT_MS } from '../../src/notifications/notifications.service';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { RedisClient } from '../../src/queue/redis.provider';
import { OwnRedisServer } from '../outbox/support/redis-server';
import { waitFor } from '../outbox/support/reports';

/**
 * A trigger sits in other features' paths: with Redis away or stalled it must cost little, throw
 * nothing, and say nothing about where notifications go.
 */
describe('pendingChanged with Redis away', () => {
  const secret = randomBytes(32).toString('base64url');
  const webhooks = `http://127.0.0.1:9/hooks/away|${secret}`;
  const opened: { queues: QueueRegistry; redis: RedisClient }[] = [];
  let warn: jest.SpyInstance;

  function serviceFor(config: AppConfig) {
    const parts = { queues: new QueueRegistry(config), redis: new RedisClient(config) };
    opened.push(parts);
    return { ...parts, service: new NotificationsService(config, parts.queues, parts.redis) };
  }
  const configFor = (redisUrl: string, notifyWebhooks = webhooks) =>
    loadConfig({ ...process.env, REDIS_URL: redisUrl, NOTIFY_WEBHOOKS: notifyWebhooks });

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());
  afterAll(async () => {
    for (const { queues, redis } of opened) {
      await queues.onApplicationShutdown();
      redis.onApplicationShutdown();
    }
  });

  function expectOneContentFreeWarning() {
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({ error: expect.any(String) }, 'could not schedule a notification');
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).not.toContain('/hooks/away');
    expect(logged).not.toContain(secret);
  }

  it('gives up at once when Redis is unreachable, warning once per outage', async () => {
    const { service } = serviceFor(configFor('redis://127.0.0.1:1')); // nothing listens there
    const started = Date.now();
    for (let i = 0; i < 5; i++) await expect(service.pendingChanged()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(100);
    expectOneContentFreeWarning();
  });

  it('gives up after the trigger timeout when Redis is connected but stalled', async () => {
    const server = await OwnRedisServer.start();
    const pid = Number(
      /process_id:(\d+)/.exec(
        execFileSync('redis-cli', ['-p', String(server.port), 'info', 'server'], { encoding: 'utf8' }),
      )![1],
    );
    const { service, redis } = serviceFor(configFor(server.url));
    try {
      await waitFor(async () => redis.connection.status === 'ready', 5_000, 'a ready client');
      await service.pendingChanged(); // a working trigger first
      expect(warn).not.toHaveBeenCalled();
      process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      await expect(service.pendingChanged()).resolves.toBeUndefined();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(TRIGGER_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TRIGGER_TIMEOUT_MS + 500);
      expectOneContentFreeWarning();
    } finally {
      process.kill(pid, 'SIGCONT');
      // Let the add that timed out get its answer, so no command timer outlives the test.
      await waitFor(async () => (await redis.connection.ping()) === 'PONG', 5_000, 'Redis to answer');
      await new Promise((r) => setTimeout(r, 200));
      await server.stop();
    }
  });

  it('does nothing at all when no endpoint is configured', async () => {
    const { service } = serviceFor(configFor('redis://127.0.0.1:1', ''));
    await expect(service.pendingChanged()).resolves.toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });
});
