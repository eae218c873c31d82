import { randomUUID } from 'node:crypto';
import { Logger as NestLogger } from '@nestjs/common';

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, AppModuleOptions } from '../app.module';
import { ErrorFilter } from '../common/http/error.filter';
import type { AppConfig } from '../config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { NestPinoLogger } from '../logging/nest-pino-logger';
import { applyRequestLog } from '../logging/request-log';
import { HttpMetrics } from '../metrics/http-metrics';
import { setupOpenApi } from '../openapi/openapi';
import { applyBodyBudget } from './body-budget';
import { applyHttpHardening } from './http-hardening';
import { applyPageOnlyFormBodies, applyPageViews, PAGE_ROUTES_OUTSIDE_PREFIX } from '../pages/page-http';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the API application (not yet listening); used by `main.ts` and by the tests. */
export async function createApiApp(
  config: AppConfig,
  options: AppModuleOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    logger: false,
    // A caller's X-Request-Id is kept when it is a plain token, so that traces join up; else a new one.
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const offered = req.headers['x-request-id'];
      return typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Signed channel requests are verified over the exact bytes received (`request.rawBody`).
    rawBody: true,
  });
  app.useLogger(app.get(NestPinoLogger));
  app.useGlobalFilters(new ErrorFilter());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ['health/live', 'health/ready', ...PAGE_ROUTES_OUTSIDE_PREFIX],
  });
  applyRequestLog(app.getHttpAdapter().getInstance(), app.get(ROOT_LOGGER));
  app.get(HttpMetrics).install(app.getHttpAdapter().getInstance());
  await applyHttpHardening(app, config);
  await applyPageViews(app);
  applyPageOnlyFormBodies(app.getHttpAdapter().getInstance(), new NestLogger('PageForms'));
  applyBodyBudget(
    app.getHttpAdapter().getInstance(),
    { budgetBytes: config.http.bodyBudgetBytes, bodyLimitBytes: config.http.bodyLimitBytes },
    new NestLogger('BodyBudget'),
  );
  // No enableShutdownHooks(): runUntilSignal owns SIGTERM/SIGINT and closes the app once (Nest's
  // hooks would close it a second time: "Called end on pool more than once").
  if (config.http.apiDocs) setupOpenApi(app);
  return app;
}
