import { Logger } from '@nestjs/common';
import { loggableError } from '../../src/common/http/error-mapping';
import { buildRootLogger } from '../../src/logging/logger-options';
import { NestPinoLogger } from '../../src/logging/nest-pino-logger';
import { LogCapture } from '../support/log-capture';

describe('NestPinoLogger', () => {
  const capture = () => {
    const lines = new LogCapture();
    return {
      lines,
      logger: new NestPinoLogger(buildRootLogger({ logLevel: 'info', nodeEnv: 'test' }, lines)),
    };
  };
  afterEach(() => Logger.overrideLogger(false));

  it("turns a Nest Logger's name into the context and an object argument into fields", () => {
    const { lines, logger } = capture();
    Logger.overrideLogger(logger);
    new Logger('RateLimiter').warn({ code: 'REDIS_UNAVAILABLE' }, 'falling back');
    new Logger('Main').log('listening');
    expect(lines.entries()).toEqual([
      expect.objectContaining({
        level: 40,
        context: 'RateLimiter',
        code: 'REDIS_UNAVAILABLE',
        msg: 'falling back',
      }),
      expect.objectContaining({ level: 30, context: 'Main', msg: 'listening' }),
    ]);
  });

  it('logs an error by its type and code only: no message detail from a stack, no stack', () => {
    const { lines, logger } = capture();
    const failure = Object.assign(new TypeError('bad input canary-5a1b'), { code: 'E_CANARY' });
    logger.error(
      'Unhandled',
      `Error: detail canary-9c2d\n    at somewhere (file.ts:1:1)`,
      'ExceptionsHandler',
    );
    logger.error({ err: failure }, 'query failed', 'Db');
    logger.error(failure, 'Db');
    logger.warn({ err: failure });
    logger.error('no context', 'Error: x canary-0e1f\n    at y (z.ts:1:1)');
    logger.error('no context either', 'a driver message quoting canary-77aa');
    const [first, second, third, fourth, fifth] = lines.entries();
    expect(first).toMatchObject({ level: 50, context: 'ExceptionsHandler', msg: 'Unhandled' });
    expect(second).toMatchObject({
      context: 'Db',
      err: { type: 'TypeError', code: 'E_CANARY' },
      msg: 'query failed',
    });
    expect(third).toMatchObject({
      context: 'Db',
      err: { type: 'TypeError', code: 'E_CANARY' },
      msg: 'TypeError',
    });
    expect(fourth).toMatchObject({ err: { type: 'TypeError' }, msg: 'event' });
    expect(fifth).toMatchObject({ msg: 'no context' });
    expect(fifth.context).toBeUndefined();
    expect(lines.entries()[5]).toMatchObject({ msg: 'no context either' });
    expect(lines.entries()[5].context).toBeUndefined();
    expect(lines.text).not.toMatch(/canary|at somewhere|at y/);
  });

  it('writes nothing below its level', () => {
    const { lines, logger } = capture();
    logger.debug('not shown', 'X');
    logger.verbose('not shown', 'X');
    expect(lines.lines).toEqual([]);
  });

  it("logs an unexpected error's stack frames, and nothing of a message that imitates them", () => {
    const { lines, logger } = capture();
    const hostile = new Error('invalid input syntax: "x\n    at canary-frame (secret.ts:1:1)"');
    logger.error({ err: loggableError(hostile) }, 'request failed', 'ErrorFilter');
    const [entry] = lines.entries() as { err: { type: string; frames: string[] } }[];
    expect(entry.err.type).toBe('Error');
    expect(entry.err.frames.length).toBeGreaterThan(0);
    expect(entry.err.frames.every((f) => f.startsWith('at '))).toBe(true);
    expect(lines.text).not.toMatch(/canary|secret\.ts|invalid input/);
  });
});
