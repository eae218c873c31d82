import { startTestApp, TestApp } from '../support/test-app';
import { ProbeModule } from '../support/probe.module';

type ErrorBody = { error: { code: string; message: string; requestId?: string; details?: unknown } };

describe('error format', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [ProbeModule], env: { BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  const expectError = (res: { status: number; body: unknown }, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = res.body as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
  };

  it('an unknown route is 404 NOT_FOUND', async () => {
    expectError(await t.get('/api/v1/no-such-route'), 404, 'NOT_FOUND');
  });

  it('malformed JSON is 400 MALFORMED_BODY', async () => {
    const res = await t.request('POST', '/api/v1/probe/echo', {
      rawBody: '{"name": "x", ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'MALFORMED_BODY');
  });

  it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.post('/api/v1/probe/echo', { name: 'x'.repeat(5000), count: 1 });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type is 415', async () => {
    const res = await t.request('POST', '/api/v1/probe/echo', {
      rawBody: '<name>x</name>',
      headers: { 'content-type': 'application/xml' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('validation failures are 400 VALIDATION_FAILED naming fields, never echoing values', async () => {
    const res = await t.post('/api/v1/probe/echo', { name: 42, count: 99, extra: 'canary-value-91c2' });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.text).not.toContain('canary-value-91c2');
    const fields = (res.body as ErrorBody & { error: { details: { fields: string[] } } }).error.details
      .fields;
    expect([...fields].sort()).toEqual(['count', 'extra', 'name']);
  });

  it('a valid request passes validation', async () => {
    const res = await t.post('/api/v1/probe/echo', { name: 'abc', count: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 3, count: 3 });
  });

  it('an unexpected error is 500 with a generic message and no detail or stack', async () => {
    const res = await t.get('/api/v1/probe/boom');
    expectError(res, 500, 'INTERNAL_ERROR');
    expect(res.text).not.toContain('canary-boom');
    expect(res.text).not.toMatch(/at .*\.ts/);
    expect(t.logs.text).not.toContain('canary-boom');
    expect(t.logs.text).toContain('ProbeController');
  });

  it('answers carry the request id, Cache-Control: no-store and security headers', async () => {
    const res = await t.get('/api/v1/probe/public', { headers: { 'x-request-id': 'trace-abcdef12' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-abcdef12');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const err = await t.get('/api/v1/no-such-route', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect((err.body as ErrorBody).error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The same policy on errors and on the health route, with its restrictive directives.
    for (const other of [err, await t.get('/health/live')]) {
      const policy = (other.headers.get('content-security-policy') ?? '').split(';');
      expect(policy).toEqual(
        expect.arrayContaining([
          "default-src 'none'",
          "frame-ancestors 'none'",
          "object-src 'none'",
          "script-src 'self'",
        ]),
      );
    }
  });
});
