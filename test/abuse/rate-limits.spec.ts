import { startTestApp, TestApp } from '../support/test-app';
import { intakeRowCounts } from '../intake/support';
import { closeAppWithoutRedis } from '../outbox/support/close-without-redis';

type ErrorBody = { error: { code: string; details?: { retryAfterSeconds?: number } } };

/**
 * Rate limits of the public intake, keyed by a salted daily pseudonym of the source address and
 * shared through Redis by every API node. Malformed bodies are used on purpose: the limits come
 * before anything else, so they count every attempt, and nothing is ever stored.
 */
describe('intake rate limits', () => {
  let a: TestApp;
  let b: TestApp;
  const url = (slug = 'report') => `/api/v1/intake/${slug}/reports`;
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  beforeAll(async () => {
    const env = {
      TRUST_PROXY: '127.0.0.1',
      INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '3',
      INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '5',
      LOG_LEVEL: 'trace',
    };
    a = await startTestApp({ env, logLevel: 'trace' });
    // A second API node on the same database and Redis.
    b = await startTestApp({ env, logLevel: 'trace', databaseUrl: a.config.database.url });
  }, 60_000);
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  it('answers 429 RATE_LIMITED after the per-form limit, counted across two API nodes', async () => {
    const before = await intakeRowCounts(a);
    const address = '203.0.113.10';
    expect((await a.post(url(), {}, from(address))).status).toBe(400);
    expect((await b.post(url(), {}, from(address))).status).toBe(400);
    expect((await a.post(url(), {}, from(address))).status).toBe(400);
    for (const node of [b, a]) {
      const res = await node.post<ErrorBody>(url(), {}, from(address));
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(res.body.error.details?.retryAfterSeconds).toBeGreaterThan(0);
      expect(res.body.error.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Another address is not affected.
    expect((await b.post(url(), {}, from('203.0.113.11'))).status).toBe(400);
    expect(await intakeRowCounts(a)).toEqual(before);
  });

  it('also limits one address across all forms', async () => {
    const address = '203.0.113.20';
    const statuses: number[] = [];
    for (const slug of ['f-one', 'f-two', 'f-three', 'f-one', 'f-two', 'f-three'])
      statuses.push((await a.post(url(slug), {}, from(address))).status);
    // Within limits the (malformed) body is refused; the sixth request crosses the all-forms limit.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('keeps addresses out of Redis and the logs: only salted pseudonyms', async () => {
    await a.post(url(), {}, from('198.51.100.77'));
    const keys = await a.redis.connection.keys(`${a.config.redis.prefix}:*`);
    const rateKeys = keys.filter((k) => k.includes(':abuse:rl:'));
    expect(rateKeys.length).toBeGreaterThan(0);
    const pseudonymous =
      /^[^:]+:abuse:rl:(intake:form:[a-z0-9_-]+:[0-9a-f]{32}|intake:all:[0-9a-f]{32}|intake:global:[a-z0-9_-]+):\d+$/;
    for (const key of rateKeys) expect(key).toMatch(pseudonymous);
    const values = await Promise.all(
      keys
        .filter((k) => !k.includes(':bull:'))
        .map(async (k) => `${k}=${(await a.redis.connection.get(k).catch(() => '')) ?? ''}`),
    );
    const text = values.join('\n') + a.logs.text + b.logs.text;
    for (const address of ['203.0.113.10', '203.0.113.11', '203.0.113.20', '198.51.100.77', '127.0.0.1'])
      expect(text).not.toContain(address);
  });

  it('changes the salt every day and agrees on it between nodes (SET NX)', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const salt = await a.redis.connection.get(`${a.config.redis.prefix}:abuse:salt:${day}`);
    expect(salt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = await a.redis.connection.ttl(`${a.config.redis.prefix}:abuse:salt:${day}`);
    expect(ttl).toBeGreaterThan(47 * 3600);
  });
});

describe('intake rate limits with Redis away', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { REDIS_URL: 'redis://127.0.0.1:1', INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '2' },
    });
  }, 60_000);
  afterAll(() => closeAppWithoutRedis(t));

  it('fail open to per-process counters: requests are served, and the local limit still holds', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.post('/api/v1/intake/report/reports', {})).status);
    expect(statuses).toEqual([400, 400, 429]);
    expect(t.logs.text).toContain('rate limits fall back to per-process counters');
  });
});
