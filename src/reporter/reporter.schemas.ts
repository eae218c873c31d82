import { z } from 'zod';
import { utf8Encode } from '../crypto';
import { MAX_MESSAGE_BYTES } from '../reports/report-messages.service';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Parsed by ReporterService inside its one generic failure (never a field-level answer). */
export const openReporterSessionSchema = z.object({
  receipt: z
    .string()
    .max(64)
    .meta({ example: '4821 0937 5512 8064', description: 'The receipt given at submission.' }),
});

/** Parsed by ReporterService after the session check: no session, no feedback on the body. */
export const reporterMessageBodySchema = z.object({
  text: z
    .string()
    .max(MAX_MESSAGE_BYTES)
    // One check, in this order: utf8Encode refuses a lone surrogate (zod runs every refinement).
    .refine(
      (text) =>
        text.trim() !== '' && !LONE_SURROGATE.test(text) && utf8Encode(text).length <= MAX_MESSAGE_BYTES,
      'empty, a lone surrogate or too long',
    )
    .meta({ description: `At most ${MAX_MESSAGE_BYTES} bytes of UTF-8.` }),
});

export const reporterSessionSchema = z.object({
  token: z
    .string()
    .meta({ description: 'Send as `Authorization: Bearer <token>` to the other reporter routes.' }),
  expiresAt: z.string().meta({ format: 'date-time' }),
});

export const reporterReportSchema = z.object({
  status: z.enum(['received', 'in_review', 'in_progress', 'closed']),
  submittedMonth: z.string().meta({ example: '2026-11' }),
  messages: z.array(
    z.object({
      from: z.enum(['reporter', 'caseworker']),
      text: z.string().nullable(),
      sentOn: z.string().meta({ example: '2026-11-21', description: 'The day only.' }),
    }),
  ),
});

export const reporterMessageAddedSchema = z.object({ sent: z.boolean() });
