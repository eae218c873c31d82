import { FORM_SLUG } from '../common/patterns';
import { z } from 'zod';
import { IntakeErrorCode, intakeError } from './intake.errors';

/*
 * The two shapes of `POST /intake/:slug/reports`. Parsed with zod because answers are dynamic
 * (their rules come from the form). Only the shape is checked here; what the strings hold
 * (base64url keys and envelopes, answers) is checked against the form and the crypto formats in
 * IntakeService, each failure with its own code.
 */
const B64URL = /^[A-Za-z0-9_-]*$/;
const b64 = (maxChars: number) => z.string().max(maxChars).regex(B64URL);

export const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Longest envelope string accepted before decoding (a 128 KiB bucket in base64url, with room). */
export const MAX_ENVELOPE_CHARS = 180_000;
const MAX_FIELDS = 100;
const MAX_SLOTS = 500;

const proofSchema = z.strictObject({
  challenge: z.string().min(1).max(512),
  nonce: z.string().min(1).max(128),
});
export type ProofOfWork = z.infer<typeof proofSchema>;

const language = z.string().regex(/^[a-z]{2}$/);

export const plaintextBodySchema = z.strictObject({
  answers: z
    .record(z.string().max(64), z.unknown())
    .refine((a) => Object.keys(a).length <= MAX_FIELDS)
    .describe('Field key → answer. The server seals the sensitive answers at once.'),
  language: language.optional(),
  proof: proofSchema.optional(),
});

export const sealedBodySchema = z.strictObject({
  sealed: z.strictObject({
    reportId: z
      .string()
      .regex(REPORT_ID)
      .describe('Chosen by the client (UUID v4, lower case); bound into every envelope.'),
    casePublicKey: b64(64).describe('base64url X25519 case public key (32 bytes).'),
    answers: z
      .record(z.string().max(64), b64(MAX_ENVELOPE_CHARS))
      .refine((a) => Object.keys(a).length <= MAX_FIELDS)
      .describe(
        'Sensitive field key → base64url envelope of the UTF-8 JSON of the answer, sealed to the case with ' +
          'location {purpose: "report-answer", table: "report_items", column: "envelope", rowId: "<reportId>:<fieldKey>"}.',
      ),
    slots: z
      .array(
        z.strictObject({
          keyId: z
            .string()
            .regex(
              /^(?:[0-9a-f]{16}|recovery|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
            ),
          sealedKey: b64(256).describe(
            'base64url key slot (113 bytes): the case private key sealed to the recipient.',
          ),
        }),
      )
      .min(1)
      .max(MAX_SLOTS)
      .describe(
        'One per current recipient of the public form definition (or `recovery`), no more, no fewer.',
      ),
    reporterSlot: b64(128).describe('base64url reporter slot (73 bytes), sealed under the receipt slot key.'),
    receiptLookupValue: b64(64).describe(
      'base64url receipt lookup value (32 bytes); never the receipt or the slot key.',
    ),
  }),
  statistics: z
    .record(z.string().max(64), z.unknown())
    .optional()
    .describe('The statistical answers, in the clear, checked against the form.'),
  language: language.optional(),
  proof: proofSchema.optional(),
});

/** What OpenAPI shows for `POST /intake/:slug/reports`: one of the two modes. */
export const intakeReportBodySchema = z.union([plaintextBodySchema, sealedBodySchema]);

export type PlaintextBody = z.infer<typeof plaintextBodySchema>;
export type SealedBody = z.infer<typeof sealedBodySchema>;
export type IntakeBody = { mode: 'plaintext'; body: PlaintextBody } | { mode: 'sealed'; body: SealedBody };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tells the modes apart by the presence of `sealed`, then checks that mode's shape. */
export function parseIntakeBody(input: unknown): IntakeBody {
  if (!isObject(input)) throw intakeError(IntakeErrorCode.INTAKE_MALFORMED);
  if ('sealed' in input) {
    const parsed = sealedBodySchema.safeParse(input);
    if (!parsed.success) throw intakeError(IntakeErrorCode.INTAKE_MALFORMED);
    return { mode: 'sealed', body: parsed.data };
  }
  const parsed = plaintextBodySchema.safeParse(input);
  if (!parsed.success) throw intakeError(IntakeErrorCode.INTAKE_MALFORMED);
  return { mode: 'plaintext', body: parsed.data };
}

export const operatorBodySchema = plaintextBodySchema.omit({ proof: true }).extend({
  form: z.string().regex(FORM_SLUG).optional().describe('The form slug; the default form when absent.'),
});
export type OperatorBody = z.infer<typeof operatorBodySchema>;

/** Operator submissions: plaintext only, no proof of work; `form` defaults to the default form. */
export function parseOperatorBody(input: unknown): OperatorBody {
  const parsed = operatorBodySchema.safeParse(input);
  if (!parsed.success) throw intakeError(IntakeErrorCode.INTAKE_MALFORMED);
  return parsed.data;
}

/** The proof of work, read leniently before the body is validated (the abuse checks come first). */
export function proofOf(input: unknown): ProofOfWork | undefined {
  if (!isObject(input)) return undefined;
  const parsed = proofSchema.safeParse(input.proof);
  return parsed.success ? parsed.data : undefined;
}
