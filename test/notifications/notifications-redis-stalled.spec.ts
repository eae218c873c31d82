import { execFileSync } from 'node:child_process';
import { TRIGGER_TIMEOUT_MS } from '../../src/notifications/notifications.service';
import { OwnRedisServer } from '../outbox/support/redis-server';
import { waitFor } from '../outbox/support/reports';
import { ServiceWithoutApp } from './support/service-without-app';

/** A Redis that is connected but does not answer (SIGSTOP) must not hold a trigger's caller. */
describe('pendingChanged with Redis stalled', () => {
  let server: OwnRedisServer;
  let s: ServiceWithoutApp;
  let pid: number;

  beforeAll(async () => {
    server = await OwnRedisServer.start();
    const info = execFileSync('redis-cli', ['-p', String(server.port), 'info', 'server'], {
      encoding: 'utf8',
    });
    pid = Number(/process_id:(\d+)/.exec(info)![1]);
    s = new ServiceWithoutApp(server.url);
    await waitFor(async () => s.redis.connection.status === 'ready', 5_000, 'a ready client');
  });
  afterAll(async () => {
    await s.close();
    await server.stop();
  });

  it('gives up after the trigger timeout, without throwing, and warns once', async () => {
    await s.service.pendingChanged(); // a working trigger first
    expect(s.warn).not.toHaveBeenCalled();
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      await expect(s.service.pendingChanged()).resolves.toBeUndefined();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(TRIGGER_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TRIGGER_TIMEOUT_MS + 500);
      s.expectOneContentFreeWarning();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Let the add that timed out get its answer, so no command timer outlives the test.
    await waitFor(async () => (await s.redis.connection.ping()) === 'PONG', 5_000, 'Redis to answer');
  });
});
