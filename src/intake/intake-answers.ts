import { z } from 'zod';

/*
 * The answers of the intake routes, as zod schemas that document them in OpenAPI (the services
 * build these objects themselves; nothing parses them).
 */

const recipientSchema = z.object({
  keyId: z.string().describe('The triage team key id (a UUID), or "recovery".'),
  publicKey: z.string().describe('base64url X25519 public key.'),
});

export const publicFormSchema = z.object({
  slug: z.string(),
  version: z.number().int(),
  definition: z.record(z.string(), z.unknown()),
  recipients: z
    .array(recipientSchema)
    .describe('The triage team key and the recovery key: seal one slot to each.'),
  receiptKdf: z.object({
    algorithm: z.literal('argon2id'),
    salt: z.string().describe('base64url per-install receipt salt (16 bytes).'),
    opsLimit: z.number().int(),
    memLimitBytes: z.number().int(),
  }),
  answerEnvelope: z.object({
    version: z.number().int(),
    purpose: z.string(),
    table: z.string(),
    column: z.string(),
    rowId: z.string().describe('{reportId}:{fieldKey}'),
  }),
  proofOfWork: z.record(z.string(), z.unknown()).nullable(),
});
export type PublicForm = z.infer<typeof publicFormSchema>;

export const intakeAnswerSchema = z.object({
  receipt: z
    .string()
    .optional()
    .describe('Plaintext mode: the receipt, shown once. 16 digits in groups of four.'),
  reportId: z.string().optional().describe('Sealed mode: the report id the client chose.'),
  status: z.literal('received').optional(),
});

export const operatorAnswerSchema = z.object({
  receipt: z.string().describe('The receipt to read to the caller, shown once.'),
});
