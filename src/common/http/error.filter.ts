import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-response';
import { loggableError, toAppError } from './error-mapping';

/** The one exception filter: every error leaves as `{ error: { code, message } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(reply, exception, request.id, this.logger);
  }
}

/** Shared by the filter and Fastify's own error handler (errors raised before Nest sees the request). */
export function sendError(
  reply: FastifyReply,
  exception: unknown,
  requestId: string | undefined,
  logger: Logger,
) {
  const error = toAppError(exception);
  if (error.status >= 500)
    logger.error({ err: loggableError(exception), code: error.code }, 'request failed');
  if (reply.sent) return;
  void reply
    .status(error.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(error, requestId));
}
