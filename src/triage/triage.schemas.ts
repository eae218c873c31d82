import { z } from 'zod';
import { UUID } from '../common/patterns';
import { DECISION_RULES, TRIAGE_DECISIONS } from './triage-decision';

/** Longest decision note, in characters. */
export const MAX_NOTE_CHARS = 8_000;

/** The body of `POST /triage/:reportId/decision`, checked once at the boundary (and documented). */
export const decisionBodySchema = z
  .strictObject({
    decision: z.enum(TRIAGE_DECISIONS),
    caseId: z.string().regex(UUID).optional().describe('attach_to_case: the case to attach to.'),
    duplicateOf: z
      .string()
      .regex(UUID)
      .optional()
      .describe('duplicate: the report or case this one repeats.'),
    note: z
      .string()
      .min(1)
      .max(MAX_NOTE_CHARS)
      .optional()
      .describe('Sealed to the case key (open_case, attach_to_case) or to the report key (the others).'),
  })
  .superRefine((body, ctx) => {
    const needs = DECISION_RULES[body.decision].needs;
    for (const field of ['caseId', 'duplicateOf'] as const) {
      const present = body[field] !== undefined;
      if (present !== (needs === field))
        ctx.addIssue({ code: 'custom', path: [field], message: present ? 'not expected' : 'required' });
    }
  });

export type DecisionBody = z.infer<typeof decisionBodySchema>;

// Responses (documentation only: the services build them).
const dateTime = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });
const count = z.number().int();

const ageBuckets = z.object({
  under_1h: count.meta({ description: 'Waiting under 1 hour.' }),
  '1h_to_6h': count.meta({ description: 'Waiting 1 to 6 hours.' }),
  '6h_to_24h': count.meta({ description: 'Waiting 6 to 24 hours.' }),
  over_24h: count.meta({ description: 'Waiting over 24 hours.' }),
});

export const triageQueueSchema = z.object({
  waiting: z
    .object({ urgent: ageBuckets, raised: ageBuckets, normal: ageBuckets })
    .meta({ description: 'Undecided reports by priority and time waiting.' }),
  leased: count.meta({ description: 'How many of them are claimed (under a live lease) now.' }),
  total: count,
  failedJobs: z
    .object({ triage: count, notifications: count })
    .meta({ description: 'Jobs that used up their attempts, per queue.' }),
});

export const triageLeaseSchema = z.object({
  expiresAt: dateTime.meta({ description: 'The lease ends then unless renewed (TRIAGE_LEASE_MINUTES).' }),
});

const threadMessage = z.object({
  id: z.string(),
  from: z.enum(['reporter', 'caseworker']),
  text: z.string().nullable().meta({ description: 'Null when its envelope does not open.' }),
  sentAt: dateTime,
});

const claimedReport = z.object({
  reportId: uuid,
  formId: uuid,
  formVersion: count,
  channel: z.enum(['web', 'api', 'bot', 'partner', 'phone']),
  language: z.string().nullable(),
  receivedAt: dateTime,
  priority: z.enum(['urgent', 'raised', 'normal']),
  answers: z.record(z.string(), z.unknown()).meta({ description: 'Decrypted sensitive answers.' }),
  unreadable: z.array(z.string()).meta({ description: 'Answers whose envelope did not open.' }),
  statistics: z.record(z.string(), z.unknown()),
  urgencyFlags: z.array(z.string()),
  messages: z.array(threadMessage),
  duplicateHints: z.array(z.object({ reportId: uuid.optional(), caseId: uuid.optional() })).meta({
    description:
      'Candidates sharing a contact-field bucket that the caller can read (a case instead of its reports).',
  }),
});

export const triageClaimSchema = z.object({ report: claimedReport, lease: triageLeaseSchema });

export const triageReleasedSchema = z.object({ released: z.boolean() });

export const triageDecidedSchema = z.object({
  decision: z.enum(TRIAGE_DECISIONS),
  caseId: uuid.optional().meta({ description: 'The case opened or attached to.' }),
});
