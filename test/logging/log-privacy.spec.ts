import { startTestApp, TestApp } from '../support/test-app';
import { ProbeModule } from '../support/probe.module';

/**
 * Logs must never hold an IP address, a user agent, a header, a cookie, a body or a query string.
 * Real requests go through the real logger at its most verbose level; the captured lines are
 * searched for every canary.
 */
describe('request logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      extraModules: [ProbeModule],
      logLevel: 'trace',
      env: { TRUST_PROXY: '127.0.0.1' },
    });
  });
  afterAll(() => t.close());

  const canaries = {
    forwardedFor: '203.0.113.77',
    realIp: '198.51.100.23',
    userAgent: 'canary-agent/9.9',
    token: 'canary-bearer-token-5d1e',
    cookie: 'canary-cookie-8a2b',
    query: 'canary-query-3c4d',
    body: 'canary-body-6e7f',
  };

  it('hold method, path, status and request id, and none of the canaries', async () => {
    const headers = {
      'x-forwarded-for': canaries.forwardedFor,
      'x-real-ip': canaries.realIp,
      'user-agent': canaries.userAgent,
      cookie: `session=${canaries.cookie}`,
    };
    await t.request('POST', `/api/v1/probe/echo?receipt=${canaries.query}`, {
      body: { name: canaries.body, count: 1 },
      headers,
      token: canaries.token,
    });
    await t.request('POST', `/api/v1/probe/echo?q=${canaries.query}`, {
      body: { name: canaries.body, count: 'not a number' },
      headers,
    });
    await t.request('POST', '/api/v1/probe/echo', {
      rawBody: `{"name":"${canaries.body}",`,
      headers: { ...headers, 'content-type': 'application/json' },
    });
    await t.request('GET', `/api/v1/probe/boom?x=${canaries.query}`, { headers, token: canaries.token });
    await t.request('GET', `/api/v1/probe/audit-only?x=${canaries.query}`, {
      headers,
      token: canaries.token,
    });

    const text = t.logs.text;
    const requestLines = t.logs.entries().filter((e) => e.req);
    expect(requestLines.length).toBeGreaterThanOrEqual(5);
    expect(requestLines[0]).toMatchObject({
      req: { method: 'POST', path: '/api/v1/probe/echo' },
      res: { statusCode: 201 },
    });
    for (const value of Object.values(canaries)) expect(text).not.toContain(value);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toMatch(/remoteAddress|user-agent|authorization|cookie/i);
  });
});

describe('health probes', () => {
  it('are not logged (they would drown the log)', async () => {
    const t = await startTestApp({ logLevel: 'trace' });
    try {
      await t.get('/health/live');
      await t.get('/health/ready');
      await t.get('/api/v1/nothing-here');
      const paths = t.logs
        .entries()
        .flatMap((e) => ((e.req as { path?: string })?.path ? [(e.req as { path: string }).path] : []));
      expect(paths).toContain('/api/v1/nothing-here');
      expect(paths.filter((p) => p.startsWith('/health'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
