import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { buildRootLogger } from '../../src/logging/logger-options';
import { requestLogLevel } from '../../src/logging/request-log';
import { LogCapture } from '../support/log-capture';
import { ProbeModule } from '../support/probe.module';
import { startTestApp, TestApp } from '../support/test-app';

type Line = {
  level: number;
  msg: string;
  req: { id: string; method: string; path: string };
  res: { statusCode: number };
  responseTime: number;
};

const requestLines = (t: TestApp) => t.logs.entries().filter((e) => e.req) as unknown as Line[];

describe('request log lines', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [ProbeModule], logLevel: 'info' });
  });
  afterAll(() => t.close());

  it('carry the request id the client was given, the status and the time taken', async () => {
    const res = await t.request('GET', '/api/v1/probe/public?receipt=secret-query', {
      headers: { 'x-request-id': 'trace-id-0123456789' },
    });
    expect(res.status).toBe(200);
    const line = requestLines(t).find((l) => l.req.id === 'trace-id-0123456789');
    expect(line).toMatchObject({
      msg: 'request completed',
      level: 30,
      req: { method: 'GET', path: '/api/v1/probe/public' },
      res: { statusCode: 200 },
    });
    expect(typeof line?.responseTime).toBe('number');
    expect(line?.responseTime).toBeGreaterThanOrEqual(0);
    expect(t.logs.text).not.toContain('secret-query');
  });

  it('log a 4xx as a warning and a 5xx as an error, one line each', async () => {
    const before = requestLines(t).length;
    await t.request('GET', '/api/v1/nothing-here');
    await t.request('GET', '/api/v1/probe/boom');
    const lines = requestLines(t).slice(before);
    expect(lines.map((l) => [l.req.path, l.res.statusCode, l.level, l.msg])).toEqual([
      ['/api/v1/nothing-here', 404, 40, 'request completed'],
      ['/api/v1/probe/boom', 500, 50, 'request failed'],
    ]);
  });
});

describe('request log level', () => {
  it('follows the status class', () => {
    expect([200, 204, 302, 400, 404, 429, 500, 503].map(requestLogLevel)).toEqual([
      'info',
      'info',
      'info',
      'warn',
      'warn',
      'warn',
      'error',
      'error',
    ]);
  });

  it('writes nothing for a success when the level is warn', async () => {
    const t = await startTestApp({ extraModules: [ProbeModule], logLevel: 'warn' });
    try {
      await t.request('GET', '/api/v1/probe/public');
      await t.request('GET', '/api/v1/nothing-here');
      expect(requestLines(t).map((l) => l.res.statusCode)).toEqual([404]);
    } finally {
      await t.close();
    }
  });
});

describe('root logger serializers', () => {
  it('reduce a whole request handed to a log call to id, method and path (no URL, query, headers or address)', () => {
    const capture = new LogCapture();
    const logger = buildRootLogger({ logLevel: 'info', nodeEnv: 'test' }, capture);
    const raw = new IncomingMessage(new Socket());
    raw.method = 'POST';
    raw.url = '/x?receipt=canary-receipt';
    raw.headers = { 'user-agent': 'canary-agent', 'x-forwarded-for': '203.0.113.9' };
    logger.info(
      { req: raw, res: { statusCode: 201, headers: { 'set-cookie': 'canary-cookie' } } },
      'whole objects',
    );
    // A Fastify request as handlers see it: id and path are kept, everything else dropped.
    logger.info(
      {
        req: {
          id: 'req-7',
          method: 'GET',
          path: '/api/v1/reporter/report',
          url: '/api/v1/reporter/report?receipt=canary-receipt',
          ip: '203.0.113.9',
          headers: { authorization: 'Bearer canary-token' },
          body: { text: 'canary-body' },
        },
      },
      'a fastify request',
    );
    const [entry, fastifyEntry] = capture.entries();
    // A bare IncomingMessage has neither an id nor a path, only its url (with the query): dropped.
    expect(entry.req).toEqual({ method: 'POST' });
    expect(entry.res).toEqual({ statusCode: 201 });
    expect(fastifyEntry.req).toEqual({ id: 'req-7', method: 'GET', path: '/api/v1/reporter/report' });
    expect(capture.text).not.toMatch(/canary|203\.0\.113\.9/);
  });
});
