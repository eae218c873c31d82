import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * A controller parameter: an AbortSignal that fires when the connection closes before the answer
 * was written (the client gave up or went away), so that a service can drop work nobody waits for
 * (a queued Argon2id derivation) — a plain value, never the request.
 */
export const ClientGone = createParamDecorator((_: unknown, context: ExecutionContext): AbortSignal => {
  const response = context.switchToHttp().getResponse<FastifyReply>().raw;
  const gone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  return gone.signal;
});
