import { z } from 'zod';
import { booleanFlag, commaList, integer, trustProxy } from '../env-parsers';

/** Process, HTTP and logging settings. */
const coreSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: commaList(z.url()).default([]),
  BODY_LIMIT_BYTES: integer(1024, 16 * 1024 * 1024).default(1024 * 1024),
  /** Request bodies held in memory at once by one process (see src/bootstrap/body-budget.ts). */
  BODY_BUDGET_BYTES: integer(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  TRUST_PROXY: trustProxy.default(false),
  API_DOCS: booleanFlag.default(true),
  SHUTDOWN_TIMEOUT_MS: integer(1000, 120_000).default(15_000),
  AUTO_INIT: booleanFlag.default(true),
  /** Prometheus metrics on a port of their own (src/metrics); no metrics server when unset or empty. */
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), integer(0, 65535).optional()),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

export const coreSection = {
  schema: coreSchema,
  build: (env: z.infer<typeof coreSchema>) => ({
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    http: {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.CORS_ORIGINS,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      // At least one body of the largest size always fits.
      bodyBudgetBytes: Math.max(env.BODY_BUDGET_BYTES, env.BODY_LIMIT_BYTES),
      trustProxy: env.TRUST_PROXY,
      apiDocs: env.API_DOCS,
    },
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    // Development only: `npm start` runs `init` by itself on a machine that has no secrets yet.
    autoInit: env.AUTO_INIT && env.NODE_ENV === 'development',
  }),
};
