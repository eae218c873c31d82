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
