import { ClientRequest, request as httpRequest } from 'node:http';
import { declaredBodyBytes } from '../../src/bootstrap/body-budget';
import { startTestApp, TestApp } from '../support/test-app';

const BODY_LIMIT = 64 * 1024;
const DECLARED = 60_000;
const PATH = '/api/v1/intake/report/reports';

describe('declaredBodyBytes', () => {
  it('is the Content-Length capped at the body limit, the whole limit when unknown, 0 without a body', () => {
    expect(declaredBodyBytes({ 'content-length': '1200' }, BODY_LIMIT)).toBe(1200);
    expect(declaredBodyBytes({ 'content-length': String(10 * BODY_LIMIT) }, BODY_LIMIT)).toBe(BODY_LIMIT);
    expect(declaredBodyBytes({ 'content-length': 'lots' }, BODY_LIMIT)).toBe(BODY_LIMIT);
    expect(declaredBodyBytes({ 'content-length': '-5' }, BODY_LIMIT)).toBe(BODY_LIMIT);
    expect(declaredBodyBytes({ 'transfer-encoding': 'chunked' }, BODY_LIMIT)).toBe(BODY_LIMIT);
    expect(declaredBodyBytes({}, BODY_LIMIT)).toBe(0);
  });
});

/**
 * Requests whose bodies are still arriving hold their share of BODY_BUDGET_BYTES: with room for
 * two, a third large body is refused at once (503, Retry-After) before it is read, requests without
 * a body are unaffected, and an aborted request gives its share back.
 */
describe('request body budget', () => {
  let t: TestApp;
  const held: ClientRequest[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { BODY_LIMIT_BYTES: String(BODY_LIMIT), BODY_BUDGET_BYTES: String(2 * DECLARED + 1000) },
    });
  });
  afterAll(async () => {
    for (const r of held) r.destroy();
    await t.close();
  });

  /** Starts a POST that declares DECLARED bytes and sends only a few of them. */
  function holdLargeRequest(): ClientRequest {
    const url = new URL(t.baseUrl);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: PATH,
      headers: { 'content-type': 'application/json', 'content-length': String(DECLARED) },
    });
    req.on('error', () => undefined);
    req.write('{"answers":');
    held.push(req);
    return req;
  }

  const largePost = () =>
    t.request<{ error: { code: string } }>('POST', PATH, {
      rawBody: JSON.stringify({ answers: { what_happened: 'x'.repeat(DECLARED - 40) } }),
      headers: { 'content-type': 'application/json' },
    });

  async function waitUntil(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not reached in 5 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('refuses a large body over the budget with 503 and Retry-After, and gives the share back on abort', async () => {
    // Nothing held yet: a large body is read and judged on its content (here, not a 503).
    expect((await largePost()).status).not.toBe(503);

    const first = holdLargeRequest();
    holdLargeRequest();
    await waitUntil(async () => (await largePost()).status === 503);
    const refused = await largePost();
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.headers.get('retry-after')).toBe('1');

    // Requests without a body do not count against the budget.
    expect((await t.get('/health/live')).status).toBe(200);

    first.destroy();
    await waitUntil(async () => (await largePost()).status !== 503);
  });
});
