import { startTestApp, TestApp } from '../support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health/live answers 200 without a session', async () => {
    const res = await t.get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks PostgreSQL and Redis', async () => {
    const res = await t.get<{ status: string; details: Record<string, { status: string }> }>('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('GET /health/ready answers 503 with a code and names the dependency that is down', async () => {
    const other = await startTestApp({
      databaseUrl: t.config.database.url,
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
    try {
      const res = await other.get<{ error: { code: string; details: { checks: Record<string, string> } } }>(
        '/health/ready',
      );
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.body.error.details.checks).toEqual({ database: 'up', redis: 'down' });
    } finally {
      await other.app.close();
    }
  });
});
