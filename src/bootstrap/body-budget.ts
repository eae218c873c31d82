import type { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { CommonErrorCode, commonError } from '../common/errors';
import { sendError } from '../common/http/error.filter';

/**
 * Bounds the request bodies one process holds in memory at once. A body of up to BODY_LIMIT_BYTES
 * is held as raw bytes, as a string and as parsed JSON while its request runs; the process runs
 * with a bounded V8 heap (see README, "Memory"), so without this bound enough concurrent large
 * bodies — which any client can send — would exhaust the heap and crash the process. A request
 * whose declared body would go over BODY_BUDGET_BYTES is refused before its body is read, with
 * 503 SERVICE_UNAVAILABLE and `Retry-After: 1`; its reservation is returned when the response
 * closes, finished or aborted.
 */
export function applyBodyBudget(
  fastify: FastifyInstance,
  limits: { budgetBytes: number; bodyLimitBytes: number },
  logger: Logger,
): void {
  let inFlight = 0;
  fastify.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const size = declaredBodyBytes(request.headers, limits.bodyLimitBytes);
    if (size === 0) return;
    if (inFlight + size > limits.budgetBytes) {
      reply.header('retry-after', '1');
      sendError(reply, commonError(CommonErrorCode.SERVICE_UNAVAILABLE), request.id, logger);
      return reply;
    }
    inFlight += size;
    reply.raw.once('close', () => {
      inFlight -= size;
    });
  });
}

/**
 * What a request may put in memory: its Content-Length, capped at the body limit (Fastify refuses
 * more with 413), or the whole limit for a chunked body of unknown length; 0 without a body.
 */
export function declaredBodyBytes(headers: IncomingHttpHeaders, bodyLimitBytes: number): number {
  const length = headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, bodyLimitBytes) : bodyLimitBytes;
  }
  return headers['transfer-encoding'] ? bodyLimitBytes : 0;
}
