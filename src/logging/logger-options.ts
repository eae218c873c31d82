import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config';

/**
 * The process's root logger: pino, JSON, one line an event. Its serializers are the whole of what
 * a logged `req`, `res` or `err` can show (a request id, method and path without the query string;
 * a status; an error's type, code and the frames `loggableError` extracted), so that an object handed to a log call whole cannot carry
 * an address, a header or a body into a line.
 */
export function buildRootLogger(
  config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>,
  stream?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    base: { service: 'corridor' },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    serializers: {
      req: (req: { id?: string; method?: string; path?: string }) => ({
        id: req?.id,
        method: req?.method,
        path: req?.path,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res?.statusCode }),
      err: (err: { type?: string; name?: string; code?: string; frames?: unknown }) => ({
        type: err?.type ?? err?.name,
        code: err?.code,
        // Stack frames only as `loggableError` extracted them (never an error's own stack, whose
        // first line is its message).
        frames: Array.isArray(err?.frames) ? err.frames : undefined,
      }),
    },
    // Belt and braces: should a header object slip into a log line, these paths are removed.
    redact: {
      paths: ['req.headers', 'req.remoteAddress', 'req.remotePort', 'res.headers', 'headers', 'body'],
      remove: true,
    },
  };
  return stream ? pino(options, stream) : pino(options);
}
