import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Nest's application logger over the process's root pino logger. Nest's `Logger` instances call
 * it with their name as the last argument (`warn(fields, 'message', 'RateLimiter')`), which becomes
 * the `context` field; an object first argument becomes the line's fields. A stack trace that
 * Nest's exception handlers pass to `error` is dropped: only the error serializer's type and code
 * reach a line. (nestjs-pino did this job, at the price of a per-request middleware and one
 * logger per process shared by every app the process creates; see `applyRequestLog`.)
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    const rest = params.slice(0, -1);
    const fields: Record<string, unknown> = typeof context === 'string' ? { context } : {};
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      const text = rest.find((p): p is string => typeof p === 'string');
      this.root[level]({ ...fields, ...(message as Record<string, unknown>) }, text);
    } else {
      this.root[level](fields, String(message));
    }
  }
}
