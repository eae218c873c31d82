import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config';

/**
 * Pino, JSON, one line a request. What a request log holds is chosen field by field rather than
 * redacted after the fact: method, path (never the query string: on public routes it can carry a
 * receipt or a search), status, time and request id. Never an address, a user agent, a header, a
 * cookie or a body.
 */
export function buildLoggerParams(
  config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>,
  stream?: DestinationStream,
): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        base: { service: 'corridor' },
        messageKey: 'msg',
        timestamp: () => `,"time":"${new Date().toISOString()}"`,
        quietReqLogger: true,
        // Health probes every few seconds would drown the log.
        autoLogging: {
          ignore: (req: IncomingMessage & { originalUrl?: string }) =>
            /^\/health\//.test(req.originalUrl ?? req.url ?? ''),
        },
        serializers: {
          req: (req: { id?: string; method?: string; url?: string }) => ({
            id: req.id,
            method: req.method,
            path: (req.url ?? '').split('?')[0],
          }),
          res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          err: (err: { type?: string; code?: string }) => ({ type: err?.type, code: err?.code }),
        },
        // Belt and braces: should a header object slip into a log line, these paths are removed.
        redact: {
          paths: ['req.headers', 'req.remoteAddress', 'req.remotePort', 'res.headers', 'headers', 'body'],
          remove: true,
        },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        customSuccessMessage: () => 'request completed',
        customErrorMessage: () => 'request failed',
      },
      stream as DestinationStream,
    ],
  } as Params;
}
