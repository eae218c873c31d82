import { z } from 'zod';
import { integer } from '../env-parsers';

/**
 * The audit log's sealer and signed checkpoints. A checkpoint is signed when this many entries
 * were sealed since the last one, or when this many seconds passed and something new was sealed.
 */
const auditSchema = z.object({
  AUDIT_CHECKPOINT_EVERY_ENTRIES: integer(1, 10_000_000).default(1000),
  AUDIT_CHECKPOINT_EVERY_SECONDS: integer(1, 7 * 24 * 3600).default(300),
  /** Optional: each new checkpoint is POSTed here (best effort), so that a copy lives off the server. */
  AUDIT_WITNESS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUDIT_WITNESS_TIMEOUT_MS: integer(100, 60_000).default(5000),
  /** How often the worker's sealer looks for new entries; entries are sealed within about this long. */
  AUDIT_SEAL_INTERVAL_MS: integer(10, 60_000).default(200),
  AUDIT_SEAL_BATCH: integer(1, 50_000).default(2000),
});

export const auditSection = {
  schema: auditSchema,
  build: (env: z.infer<typeof auditSchema>) => ({
    checkpointEveryEntries: env.AUDIT_CHECKPOINT_EVERY_ENTRIES,
    checkpointEverySeconds: env.AUDIT_CHECKPOINT_EVERY_SECONDS,
    witnessUrl: env.AUDIT_WITNESS_URL ?? null,
    witnessTimeoutMs: env.AUDIT_WITNESS_TIMEOUT_MS,
    sealIntervalMs: env.AUDIT_SEAL_INTERVAL_MS,
    sealBatch: env.AUDIT_SEAL_BATCH,
  }),
};

export type AuditConfig = ReturnType<typeof auditSection.build>;
