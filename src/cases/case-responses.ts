import { z } from 'zod';
import { CASE_STATUSES } from './case-status';
import { CASE_MILESTONES, CASE_NEEDS, CASE_OUTCOMES, CASE_RISKS } from './case-vocabulary';

/*
 * The answers of the case routes, for the OpenAPI document (ApiZodResponse). Strict objects: a
 * test parses live answers with them, so a field added to an answer must be added here too.
 */
const status = z.enum(CASE_STATUSES);
const month = z.string().meta({ description: 'YYYY-MM (UTC)' });
const isoTime = z.string().meta({ description: 'ISO-8601 time' });

export const caseStateSchema = z.strictObject({
  id: z.uuid(),
  status,
  heldFrom: status.nullable().meta({ description: 'The status an on_hold case returns to.' }),
  version: z.number().int().meta({ description: 'Send it with the next change.' }),
});

export const caseSummarySchema = z.strictObject({
  id: z.uuid(),
  status,
  heldFrom: status.nullable(),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  version: z.number().int(),
  region: z.string().nullable(),
  createdMonth: month,
  updatedMonth: month,
  needs: z.array(z.enum(CASE_NEEDS)),
  risks: z.array(z.enum(CASE_RISKS)),
  summary: z.string().nullable().meta({ description: 'Decrypted; null when none was written.' }),
  alias: z.string().nullable(),
  unreadable: z
    .array(z.enum(['summary', 'alias']))
    .meta({ description: 'Fields whose envelope did not open.' }),
});

export const casePageSchema = z.strictObject({
  cases: z.array(caseSummarySchema),
  nextCursor: z
    .uuid()
    .nullable()
    .meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
});

const caseReportSchema = z.strictObject({
  reportId: z.uuid(),
  formId: z.uuid(),
  formVersion: z.number().int(),
  channel: z.enum(['web', 'api', 'bot', 'partner', 'phone']),
  language: z.string().nullable(),
  receivedAt: isoTime,
  answers: z.record(z.string(), z.unknown()).meta({ description: 'Decrypted sensitive answers.' }),
  unreadable: z.array(z.string()),
  statistics: z.record(z.string(), z.unknown()),
  urgencyFlags: z.array(z.string()),
});

export const caseDetailSchema = caseSummarySchema.extend({
  milestones: z.array(z.strictObject({ milestone: z.enum(CASE_MILESTONES), month })),
  assignees: z.array(z.uuid()).meta({ description: 'Users holding a slot of the case key.' }),
  reports: z.array(caseReportSchema),
});

export const caseHistorySchema = z.array(
  z.strictObject({
    seq: z.number().int(),
    from: status.nullable(),
    to: status,
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    actorId: z.uuid().nullable(),
    month,
    at: isoTime.nullable(),
    reason: z.string().nullable(),
    unreadable: z.boolean(),
  }),
);

export const caseTimelineSchema = z.array(
  z.strictObject({
    kind: z.string().meta({ description: 'note, event, status, milestone, message, reply, referral, …' }),
    at: z.string().meta({ description: 'ISO-8601 time, or a month where only the month is kept.' }),
    actorId: z.uuid().nullable(),
    body: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Null where it did not open.' }),
  }),
);

export const caseNoteAddedSchema = z.strictObject({ seq: z.number().int() });

export const caseMilestoneAddedSchema = z.strictObject({ milestone: z.enum(CASE_MILESTONES), month });

export const caseAssigneesSchema = z.strictObject({ assignees: z.array(z.uuid()) });

/** What the retention routes of a case answer: its hold and postponement, never the reason. */
export const caseRetentionSchema = z.strictObject({
  id: z.uuid(),
  legalHold: z.boolean(),
  retainUntil: z.string().nullable().meta({ description: 'The last day a postponement keeps the case.' }),
});
