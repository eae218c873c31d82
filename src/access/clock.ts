import { Injectable } from '@nestjs/common';

/**
 * The time, as one injectable provider: lockouts and session expiry read it, so that tests can
 * move time forward (`jest.spyOn(app.get(Clock), 'now')`) instead of sleeping.
 */
@Injectable()
export class Clock {
  /** Milliseconds since the epoch. */
  now(): number {
    return Date.now();
  }
}

/** The UTC day of `ms` as 'YYYY-MM-DD' (what day columns store). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
