import { z } from 'zod';
import { integer } from '../env-parsers';

/**
 * Human triage (`src/triage`): how long a claim lasts, how many one triager may hold, how coarse
 * the duplicate-hint buckets are, and which country a phone number without a country code is read
 * in (a hotline's own country: "8 928 …" and "+7 928 …" then agree).
 */
const triageSchema = z.object({
  TRIAGE_LEASE_MINUTES: integer(1, 240).default(15),
  TRIAGE_MAX_LEASES: integer(1, 50).default(3),
  TRIAGE_HINT_BITS: integer(4, 24).default(16),
  TRIAGE_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as RU')
    .default('RU'),
});

export const triageSection = {
  schema: triageSchema,
  build(env: z.infer<typeof triageSchema>) {
    return {
      leaseMs: env.TRIAGE_LEASE_MINUTES * 60_000,
      maxLeases: env.TRIAGE_MAX_LEASES,
      hintBits: env.TRIAGE_HINT_BITS,
      phoneCountry: env.TRIAGE_PHONE_COUNTRY,
    };
  },
};

export type TriageConfig = ReturnType<typeof triageSection.build>;
