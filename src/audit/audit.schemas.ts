import { z } from 'zod';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './audit-log.service';

export const auditPageQuerySchema = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    // Sequence numbers are bigint; beyond the safe integers PostgreSQL would refuse the value (a 500).
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .meta({ description: 'Return entries with a sequence number above this.', default: 0 }),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional().meta({ default: AUDIT_PAGE_DEFAULT }),
});
export type AuditPageQuery = z.output<typeof auditPageQuerySchema>;

const auditEntrySchema = z.object({
  seq: z.number().int().meta({ description: 'Position in the hash chain, from 1, without gaps.' }),
  occurredAt: z.string().meta({ description: 'UTC, millisecond precision (the exact text that is hashed).' }),
  actor: z.object({
    type: z.enum(['user', 'system', 'reporter', 'intake', 'rule']),
    id: z.string().nullable().meta({
      description:
        'User id or rule name; null for system, intake and reporter (entries before 2026-11-21 may hold a report id for reporter).',
    }),
  }),
  action: z
    .string()
    .meta({ description: 'A value of the AuditAction enum, e.g. `report.content_decrypted`.' }),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z
    .record(z.string(), z.unknown())
    .meta({ description: "Ids, counts and fixed-choice values in the action's fixed shape; never content." }),
  prevHash: z.string().meta({ description: 'Hex hash of the previous entry (64 zeros for seq 1).' }),
  hash: z.string().meta({ description: 'Hex BLAKE2b-256(prevHash ‖ canonical entry).' }),
});

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextAfter: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'The `after` of the next page; null at the end.' }),
});

const auditCheckpointSchema = z.object({
  seq: z.number().int(),
  hash: z.string().meta({ description: 'Hex chain hash at seq.' }),
  signedAt: z.string(),
  keyId: z.string().meta({ description: 'base64url BLAKE2b-128 of the Ed25519 public key that signed it.' }),
});

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int().meta({ description: 'Sealed entries checked.' }),
  unsealed: z.number().int().meta({ description: 'Entries committed but not yet sealed (not covered).' }),
  checkpoints: z.number().int().meta({ description: 'Signed checkpoints checked.' }),
  lastCheckpoint: auditCheckpointSchema.nullable(),
  firstBadSeq: z
    .number()
    .int()
    .optional()
    .meta({ description: 'The first sequence number found modified, missing or out of place.' }),
  problem: z
    .enum([
      'hash_mismatch',
      'prev_hash_mismatch',
      'missing_entry',
      'checkpoint_mismatch',
      'checkpoint_signature',
      'checkpoint_beyond_head',
    ])
    .optional(),
});
