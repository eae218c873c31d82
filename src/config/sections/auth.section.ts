import { z } from 'zod';
import { booleanFlag, integer } from '../env-parsers';

/**
 * Caseworker sign-in: password rules, Argon2id cost, throttling and lockout. Defaults are the
 * production ones; under NODE_ENV=test the KDF is cheap and there is no response-time floor, so
 * that test suites can create and sign in many users quickly.
 */
const authSchema = z.object({
  AUTH_REQUIRE_TOTP: booleanFlag.default(true),
  PASSWORD_MIN_LENGTH: integer(8, 128).default(12),
  PASSWORD_KDF_OPS: integer(1, 10).optional(),
  PASSWORD_KDF_MEM_MB: integer(8, 1024).optional(),
  LOGIN_MAX_ATTEMPTS: integer(1, 100).default(5),
  LOGIN_LOCKOUT_BASE_SECONDS: integer(1, 86_400).default(60),
  LOGIN_LOCKOUT_MAX_SECONDS: integer(1, 7 * 86_400).default(86_400),
  LOGIN_THROTTLE_WINDOW_SECONDS: integer(10, 86_400).default(900),
  LOGIN_THROTTLE_PER_USERNAME: integer(1, 1_000_000).default(20),
  LOGIN_THROTTLE_PER_ADDRESS: integer(1, 1_000_000).default(100),
  LOGIN_MIN_RESPONSE_MS: integer(0, 10_000).optional(),
  /** Argon2id worker threads per process (password and receipt derivations); default CPUs − 1. */
  CRYPTO_POOL_SIZE: integer(1, 64).optional(),
  /** Nice value of those threads: requests get the CPU before derivations when both want it. */
  CRYPTO_POOL_NICE: integer(0, 19).default(10),
});

export const authSection = {
  schema: authSchema,
  build: (env: z.infer<typeof authSchema>, nodeEnv: string) => {
    const isTest = nodeEnv === 'test';
    return {
      requireTotp: env.AUTH_REQUIRE_TOTP,
      passwordMinLength: env.PASSWORD_MIN_LENGTH,
      passwordKdf: {
        opsLimit: env.PASSWORD_KDF_OPS ?? (isTest ? 1 : 3),
        memLimitBytes: (env.PASSWORD_KDF_MEM_MB ?? (isTest ? 8 : 64)) * 1024 * 1024,
      },
      maxFailedAttempts: env.LOGIN_MAX_ATTEMPTS,
      lockoutBaseMs: env.LOGIN_LOCKOUT_BASE_SECONDS * 1000,
      lockoutMaxMs: env.LOGIN_LOCKOUT_MAX_SECONDS * 1000,
      throttleWindowMs: env.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
      throttlePerUsername: env.LOGIN_THROTTLE_PER_USERNAME,
      throttlePerAddress: env.LOGIN_THROTTLE_PER_ADDRESS,
      // Every sign-in answer, success or failure, takes at least this long (timing equality).
      loginMinResponseMs: env.LOGIN_MIN_RESPONSE_MS ?? (isTest ? 0 : 500),
      cryptoPoolSize: env.CRYPTO_POOL_SIZE,
      cryptoPoolNiceness: env.CRYPTO_POOL_NICE,
    };
  },
};
