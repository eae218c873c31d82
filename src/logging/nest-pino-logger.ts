import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Nest's application logger over the process's root pino logger. Nest's `Logger` instances call
 * it with their name as the last argument (`warn(fields, 'message', 'RateLimiter')`), which becomes
 * the `context` field; an object first argument becomes the line's fields. Of an error, only the
 * serializer's type and code and its name reach a line: not its message, not a stack that Nest's
 * exception handlers pass to `error`. (nestjs-pino did this job, at the price of a per-request middleware and one
 * logger per process shared by every app the process creates; see `applyRequestLog`.)
 */
/** What a Nest Logger's name looks like; any other last argument is not taken for one. */
const CONTEXT_NAME = /^[A-Za-z][\w.:-]{0,63}$/;

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
    // Nest's Logger instances append their name; a stack or a message passed last is not one.
    const last = params[params.length - 1];
    const hasContext = typeof last === 'string' && CONTEXT_NAME.test(last);
    const fields: Record<string, unknown> = hasContext ? { context: last } : {};
    const text = (hasContext ? params.slice(0, -1) : params).find((p): p is string => typeof p === 'string');
    if (message instanceof Error) {
      // The error's name, never its message: a driver's message can quote the values it refused.
      this.root[level]({ ...fields, err: message }, message.name);
    } else if (message !== null && typeof message === 'object') {
      // An explicit message always, or pino would take the text of an `err` field.
      this.root[level]({ ...fields, ...(message as Record<string, unknown>) }, text ?? 'event');
    } else {
      this.root[level](fields, String(message));
    }
  }
}
