import { z } from 'zod';
import { utf8Encode } from '../crypto';
import { MAX_MESSAGE_BYTES } from '../reports/report-messages.service';

/** Reports of one case a single message may go to (each gets its own copy). */
export const MAX_MESSAGE_REPORTS = 20;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const caseMessageBodySchema = z.strictObject({
  text: z
    .string()
    .max(MAX_MESSAGE_BYTES)
    .refine((t) => t.trim() !== '' && !LONE_SURROGATE.test(t) && utf8Encode(t).length <= MAX_MESSAGE_BYTES, {
      message: 'a non-blank message of at most 16 KiB',
    }),
  /** Default: the case's first report only. Each named report's reporter gets their own copy. */
  reportIds: z
    .array(z.uuid())
    .min(1)
    .max(MAX_MESSAGE_REPORTS)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'unique' })
    .optional(),
});
export type CaseMessageBody = z.output<typeof caseMessageBodySchema>;

export const caseMessageSentSchema = z.object({
  /** One message id per report written to, in the order of the reports. */
  messages: z.array(z.object({ reportId: z.uuid(), messageId: z.uuid() })),
});

const threadMessageSchema = z.object({
  id: z.uuid(),
  from: z.enum(['reporter', 'caseworker', 'operator']),
  text: z.string().nullable(),
  sentAt: z.string(),
  authorUserId: z.uuid().nullable(),
  readOn: z.string().nullable(),
});

export const caseThreadsSchema = z.object({
  /** One thread per report of the case, the first report's first; never merged across reporters. */
  threads: z.array(
    z.object({ reportId: z.uuid(), readable: z.boolean(), messages: z.array(threadMessageSchema) }),
  ),
});
export type CaseThreads = z.output<typeof caseThreadsSchema>;
