import { HttpException } from '@nestjs/common';
import { isCryptoError } from '../../crypto';
import { AppError } from '../errors/app-error';
import { CommonErrorCode, commonError } from '../errors/common-errors';

const BY_STATUS: Record<number, CommonErrorCode> = {
  400: CommonErrorCode.VALIDATION_FAILED,
  401: CommonErrorCode.UNAUTHENTICATED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.NOT_FOUND,
  405: CommonErrorCode.METHOD_NOT_ALLOWED,
  413: CommonErrorCode.PAYLOAD_TOO_LARGE,
  415: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: CommonErrorCode.RATE_LIMITED,
  503: CommonErrorCode.SERVICE_UNAVAILABLE,
};

/** Fastify's own errors (body parsing, limits) by their stable `code`. */
const FASTIFY_CODES: Record<string, CommonErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: CommonErrorCode.MALFORMED_BODY,
  FST_ERR_CTP_EMPTY_JSON_BODY: CommonErrorCode.MALFORMED_BODY,
  FST_ERR_CTP_INVALID_JSON_BODY: CommonErrorCode.MALFORMED_BODY,
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: CommonErrorCode.INTERNAL_ERROR,
};

/** Network-level failures of PostgreSQL or Redis: the service is unavailable, not broken. */
const UNAVAILABLE_PATTERNS = [
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH/,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Stream isn't writeable/i,
  /Connection is closed/i,
  // node-postgres' client-side query_timeout: the database link went silent.
  /^Query read timeout$/,
];
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  driverError?: ErrorLike;
}

/** Turns anything thrown while serving a request into an `AppError` with a stable code. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HttpException) {
    // Nest re-throws Fastify's body-parser errors as an HttpException with a bare string response.
    if (error.getStatus() === 400 && typeof error.getResponse() === 'string') {
      return commonError(CommonErrorCode.MALFORMED_BODY);
    }
    return commonError(BY_STATUS[error.getStatus()] ?? statusFallback(error.getStatus()));
  }
  // A full worker-thread pool (every Argon2id thread busy, queue at its bound) is an outage.
  if (isCryptoError(error) && error.code === 'BUSY') return commonError(CommonErrorCode.SERVICE_UNAVAILABLE);
  const e = (error ?? {}) as ErrorLike;
  if (typeof e.code === 'string' && FASTIFY_CODES[e.code]) return commonError(FASTIFY_CODES[e.code]);
  if (error instanceof SyntaxError && e.statusCode === 400)
    return commonError(CommonErrorCode.MALFORMED_BODY);
  if (isUnavailable(e) || isUnavailable(e.driverError))
    return commonError(CommonErrorCode.SERVICE_UNAVAILABLE);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return commonError(BY_STATUS[e.statusCode] ?? statusFallback(e.statusCode));
  }
  return commonError(CommonErrorCode.INTERNAL_ERROR);
}

function statusFallback(status: number): CommonErrorCode {
  return status >= 500 ? CommonErrorCode.INTERNAL_ERROR : CommonErrorCode.VALIDATION_FAILED;
}

function isUnavailable(e: ErrorLike | undefined): boolean {
  if (!e) return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNO.has(e.code)))
    return true;
  return typeof e.message === 'string' && UNAVAILABLE_PATTERNS.some((p) => p.test(e.message as string));
}

/**
 * What may be logged of an unexpected error: its class, code and stack frames, never its message,
 * because driver and parser messages can quote the values that were sent (report content).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  // Only what follows the "Name: message" header: a message with line breaks (a driver quoting a
  // submitted value) must not pass for frames.
  const stack = error.stack ?? '';
  const header = String(error);
  const frames = (stack.startsWith(header) ? stack.slice(header.length) : '')
    .split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, 15)
    .map((l) => l.trim());
  const code = (error as ErrorLike).code;
  return { type: error.constructor.name, code: typeof code === 'string' ? code : undefined, frames };
}
