import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config';
import { MetricsServer } from '../../src/metrics/metrics-server';
import { QueueName } from '../../src/queue/queue-names';
import { RedisClient } from '../../src/queue/redis.provider';
import { LogCapture } from '../support/log-capture';
import { deleteKeysWithPrefix } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

/** The worker role (src/worker.ts) has no API port: its metrics port answers its health probes. */
describe('metrics port of the worker role', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplicationContext;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '3',
      RUN_MIGRATIONS: 'false',
      METRICS_PORT: '0',
    });
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot(config, { withWorker: true, logStream: new LogCapture() }),
      { logger: false },
    );
    await app.init();
    base = `http://127.0.0.1:${app.get(MetricsServer).port()}`;
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(app.get(RedisClient), process.env.REDIS_PREFIX!);
    await app.close();
    await database.drop();
  });

  it('serves /health/ready with the worker check, and the heartbeat series', async () => {
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { info: Record<string, { status: string }> };
    expect(body.info.worker.status).toBe('up');
    expect(body.info.database.status).toBe('up');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      new RegExp(`^corridor_worker_heartbeat_age_seconds\\{queue="${QueueName.TRIAGE}"\\} \\d`, 'm'),
    );
    expect(text).not.toContain('corridor_http_requests_total{');
  });

  it('answers nothing else', async () => {
    expect((await fetch(`${base}/api/v1/auth/me`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
