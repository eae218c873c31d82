import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { AbuseErrorCode, abuseError } from './abuse.errors';

/** More parts than any honest form submission has (fields × choices × envelope parts). */
const MAX_NODES = 10_000;

/**
 * Shape limits of a parsed request body, checked before any per-field validation walks it: nesting
 * depth, number of parts, and the UTF-8 size of each string (a field). The whole body is already
 * capped by Fastify's `BODY_LIMIT_BYTES`. Errors name the limit, never the value.
 */
@Injectable()
export class SizeLimits {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get maxFieldBytes(): number {
    return this.config.intakeLimits.sizeLimits.maxFieldBytes;
  }

  assertBodyWithinLimits(body: unknown, maxFieldBytes = this.maxFieldBytes): void {
    const { maxJsonDepth } = this.config.intakeLimits.sizeLimits;
    // Iterative walk: a hostile body nested thousands deep must not exhaust the stack.
    const stack: [unknown, number][] = [[body, 0]];
    let nodes = 0;
    while (stack.length) {
      const [value, depth] = stack.pop()!;
      if (++nodes > MAX_NODES) throw abuseError(AbuseErrorCode.BODY_TOO_COMPLEX, { maxParts: MAX_NODES });
      if (typeof value === 'string') {
        if (value.length > maxFieldBytes || Buffer.byteLength(value, 'utf8') > maxFieldBytes)
          throw abuseError(AbuseErrorCode.FIELD_TOO_LARGE, { maxFieldBytes });
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      if (depth >= maxJsonDepth)
        throw abuseError(AbuseErrorCode.BODY_TOO_COMPLEX, { maxDepth: maxJsonDepth });
      if (Array.isArray(value)) for (const child of value) stack.push([child, depth + 1]);
      else
        for (const [key, child] of Object.entries(value as Record<string, unknown>))
          stack.push([key, depth + 1], [child, depth + 1]);
    }
  }
}
