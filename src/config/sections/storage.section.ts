import { z } from 'zod';
import { booleanFlag, integer } from '../env-parsers';

export const DEV_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/corridor';
export const DEV_REDIS_URL = 'redis://127.0.0.1:6379';

/** PostgreSQL and Redis. */
const storageSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: integer(1, 200).default(20),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(100, 600_000).default(30_000),
  RUN_MIGRATIONS: booleanFlag.optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/)
    .default('corridor'),
});

export const storageSection = {
  schema: storageSchema,
  build: (env: z.infer<typeof storageSchema>, nodeEnv: string) => ({
    database: {
      url: env.DATABASE_URL ?? DEV_DATABASE_URL,
      explicitlySet: env.DATABASE_URL !== undefined,
      poolSize: env.DATABASE_POOL_SIZE,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      // Development runs pending migrations at start; production only when told to.
      runMigrations: env.RUN_MIGRATIONS ?? nodeEnv !== 'production',
    },
    redis: {
      url: env.REDIS_URL ?? DEV_REDIS_URL,
      explicitlySet: env.REDIS_URL !== undefined,
      prefix: env.REDIS_PREFIX,
    },
  }),
};
