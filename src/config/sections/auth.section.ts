import { z } from 'zod';
import { booleanFlag, integer } from '../env-parsers';

/**
 * Caseworker sign-in: password rules, Argon2id cost, throttling and lockout. Defaults are the
 * production ones; the test harness (test/support/worker-env.ts) sets a cheap KDF and no
 * response-time floor through the same variables, so that suites create and sign in many users
 * quickly. Nothing here depends on NODE_ENV=test.
 */
const authSchema = z.object({
  AUTH_REQUIRE_TOTP: booleanFlag.default(true),
  PASSWORD_MIN_LENGTH: integer(8, 128).default(12),
  PASSWORD_KDF_OPS: integer(1, 10).default(3),
  PASSWORD_KDF_MEM_MB: integer(8, 1024).default(64),
  LOGIN_MAX_ATTEMPTS: integer(1, 100).default(5),
  LOGIN_LOCKOUT_BASE_SECONDS: integer(1, 86_400).default(60),
  LOGIN_LOCKOUT_MAX_SECONDS: integer(1, 7 * 86_400).default(86_400),
  LOGIN_THROTTLE_WINDOW_SECONDS: integer(10, 86_400).default(900),
  LOGIN_THROTTLE_PER_USERNAME: integer(1, 1_000_000).default(20),
  LOGIN_THROTTLE_PER_ADDRESS: integer(1, 1_000_000).default(100),
  LOGIN_MIN_RESPONSE_MS: integer(0, 10_000).default(500),
  /** Argon2id worker threads per process (password and receipt derivations); default CPUs − 1. */
  CRYPTO_POOL_SIZE: integer(1, 64).optional(),
  /** Nice value of those threads: requests get the CPU before derivations when both want it. */
  CRYPTO_POOL_NICE: integer(0, 19).default(10),
});

export const authSection = {
  schema: authSchema,
  build: (env: z.infer<typeof authSchema>) => {
    return {
      requireTotp: env.AUTH_REQUIRE_TOTP,
      passwordMinLength: env.PASSWORD_MIN_LENGTH,
      passwordKdf: {
        opsLimit: env.PASSWORD_KDF_OPS,
        memLimitBytes: env.PASSWORD_KDF_MEM_MB * 1024 * 1024,
      },
      maxFailedAttempts: env.LOGIN_MAX_ATTEMPTS,
      lockoutBaseMs: env.LOGIN_LOCKOUT_BASE_SECONDS * 1000,
      lockoutMaxMs: env.LOGIN_LOCKOUT_MAX_SECONDS * 1000,
      throttleWindowMs: env.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
      throttlePerUsername: env.LOGIN_THROTTLE_PER_USERNAME,
      throttlePerAddress: env.LOGIN_THROTTLE_PER_ADDRESS,
      // Every sign-in answer, success or failure, takes at least this long (timing equality).
      loginMinResponseMs: env.LOGIN_MIN_RESPONSE_MS,
      cryptoPoolSize: env.CRYPTO_POOL_SIZE,
      cryptoPoolNiceness: env.CRYPTO_POOL_NICE,
    };
  },
};
