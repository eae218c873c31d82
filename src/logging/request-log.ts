import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';

/** Health probes every few seconds would drown the log. */
const UNLOGGED_PATH = /^\/health\//;

/** Level of a request's line: failures stand out, a 4xx is a warning, the rest is routine. */
export function requestLogLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One log line per answered request, written from Fastify's `onResponse` hook by the root logger.
 * What a line holds is chosen field by field: method, path (never the query string: on public
 * routes it can carry a receipt or a search), status, time taken and request id. Never an
 * address, a user agent, a header, a cookie or a body.
 *
 * This replaces nestjs-pino's pino-http middleware, which built a child logger for every request
 * and ran the rest of the request inside an AsyncLocalStorage context; that store turns on Node's
 * promise hooks for the whole process, and together they cost about a third of the CPU of an
 * authenticated request (3,600 vs 5,800 req/s on `GET /auth/me`, BENCHMARKS.md). Nothing here
 * allocates unless the line's level is enabled.
 */
export function applyRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const level = requestLogLevel(reply.statusCode);
    if (logger.isLevelEnabled(level)) {
      const path = request.url.split('?', 1)[0];
      if (!UNLOGGED_PATH.test(path)) {
        logger[level](
          {
            req: { id: request.id, method: request.method, path },
            res: { statusCode: reply.statusCode },
            responseTime: Math.round(reply.elapsedTime * 10) / 10,
          },
          level === 'error' ? 'request failed' : 'request completed',
        );
      }
    }
    done();
  });
}
