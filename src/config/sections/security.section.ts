import { z } from 'zod';
import { integer } from '../env-parsers';

/**
 * Sign-in, session and abuse-limit settings. Later features add their own fields here; each has a
 * default that is safe for production.
 */
const securitySchema = z.object({
  SESSION_IDLE_MINUTES: integer(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: integer(1, 7 * 24).default(12),
});

export const securitySection = {
  schema: securitySchema,
  build: (env: z.infer<typeof securitySchema>) => ({
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
  }),
};
