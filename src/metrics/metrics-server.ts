import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, CommonErrorCode, commonError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config';
import { HealthController } from '../health/health.controller';
import { MetricsRegistry } from './metrics-registry';

/**
 * The metrics port (`METRICS_PORT` on `METRICS_HOST`, 127.0.0.1 by default; no server when unset),
 * kept off the API port so that a load balancer never exposes it. Besides `GET /metrics` it answers
 * `/health/live` and `/health/ready` with the API's own checks: the worker role has no other HTTP
 * port, and its readiness includes its queue consumers.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsServer');
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.config.metrics;
    if (port === undefined) return;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.logger.log({ port: this.port() }, 'metrics listening');
  }

  /** The port listened on (useful with METRICS_PORT=0); undefined when metrics are off. */
  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET') return send(res, 405, 'application/json', '{"error":"method not allowed"}');
    try {
      if (path === '/metrics') return send(res, 200, this.metrics.contentType(), await this.metrics.text());
      if (path === '/health/live') return send(res, 200, 'application/json', '{"status":"ok"}');
      if (path === '/health/ready') return await this.ready(res);
      return send(res, 404, 'application/json', '{"error":"not found"}');
    } catch (error) {
      this.logger.warn({ error: (error as Error).name }, 'metrics request failed');
      return send(res, 500, 'application/json', '{"error":"internal error"}');
    }
  }

  private async ready(res: ServerResponse): Promise<void> {
    const health = this.moduleRef.get(HealthController, { strict: false });
    try {
      send(res, 200, 'application/json', JSON.stringify(await health.ready()));
    } catch (error) {
      // The same body as the API's /health/ready: which check is down, never why.
      const { code, message, details } =
        error instanceof AppError ? error : commonError(CommonErrorCode.SERVICE_UNAVAILABLE);
      send(res, 503, 'application/json', JSON.stringify({ error: { code, message, details } }));
    }
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
