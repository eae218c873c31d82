import { z } from 'zod';
import { UUID } from '../common/patterns';
import { CASE_STATUSES } from './case-status';
import { CASE_MILESTONES, CASE_NEEDS, CASE_OUTCOMES, CASE_RISKS } from './case-vocabulary';

/** Text a person wrote: well-formed UTF-16 (a lone surrogate cannot be encoded), bounded. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), 'not well-formed text');

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const version = z.number().int().min(1).max(2_147_483_647);

export const SUMMARY_MAX = 2_000;
export const ALIAS_MAX = 120;
export const NOTE_MAX = 20_000;
export const REASON_MAX = 4_000;

export const transitionBodySchema = z.strictObject({
  to: z.enum(CASE_STATUSES),
  reason: text(REASON_MAX).optional(),
  outcome: z.enum(CASE_OUTCOMES).optional(),
  version,
});
export type TransitionBody = z.output<typeof transitionBodySchema>;

export const updateBodySchema = z
  .strictObject({
    version,
    summary: text(SUMMARY_MAX).nullable().optional(),
    alias: text(ALIAS_MAX).nullable().optional(),
    needs: z.array(z.enum(CASE_NEEDS)).max(CASE_NEEDS.length).optional(),
    risks: z.array(z.enum(CASE_RISKS)).max(CASE_RISKS.length).optional(),
  })
  .refine((b) => Object.keys(b).length > 1, { message: 'nothing to change', path: ['body'] });
export type UpdateBody = z.output<typeof updateBodySchema>;

export const noteBodySchema = z.strictObject({ text: text(NOTE_MAX) });
export type NoteBody = z.output<typeof noteBodySchema>;

export const milestoneBodySchema = z.strictObject({
  milestone: z.enum(CASE_MILESTONES),
  /** The month it happened, as statistics count it (YYYY-MM). */
  month: z.string().regex(MONTH),
  details: text(REASON_MAX).optional(),
});
export type MilestoneBody = z.output<typeof milestoneBodySchema>;

export const assigneeBodySchema = z.strictObject({ userId: z.string().regex(UUID) });
export type AssigneeBody = z.output<typeof assigneeBodySchema>;

/** A comma-separated list of values of a fixed list, e.g. `needs=shelter,medical`. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(400)
    .transform((s) => s.split(',').filter((v) => v.length > 0))
    .pipe(z.array(z.enum(values)).min(1).max(values.length));

export const CASE_PAGE_DEFAULT = 50;
export const CASE_PAGE_MAX = 100;

export const listQuerySchema = z.strictObject({
  status: listOf(CASE_STATUSES).optional(),
  needs: listOf(CASE_NEEDS).optional(),
  risks: listOf(CASE_RISKS).optional(),
  assignee: z.literal('me').optional(),
  updatedMonth: z.string().regex(MONTH).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(CASE_PAGE_MAX).default(CASE_PAGE_DEFAULT),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** A calendar day 'YYYY-MM-DD' (UTC) that exists. */
const DAY = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
  .refine((d) => new Date(`${d}T00:00:00.000Z`).toISOString().startsWith(d), 'not a calendar day');

/** A coordinator's postponement of a case's deletion: kept through `until`, and why (sealed). */
export const postponeBodySchema = z.strictObject({
  until: DAY.meta({ description: 'The last day the case is kept (UTC), after today.' }),
  reason: text(REASON_MAX),
});
export type PostponeBody = z.output<typeof postponeBodySchema>;
