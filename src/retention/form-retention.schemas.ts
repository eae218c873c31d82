import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS, RETENTION_KINDS, type RetentionKind } from './retention-policy';

/** The widest bound the schema states; RETENTION_MAX_DAYS (the service checks it) may be lower. */
const DAYS = z.number().int().min(1).max(36_500);

/**
 * An admin's overrides of one form's policies: per kind, days (at least 1, at most
 * RETENTION_MAX_DAYS), or null to return the kind to the default. Kinds left out stay as they are.
 */
export const formRetentionBodySchema = z.strictObject({
  days: z
    .partialRecord(z.enum(RETENTION_KINDS as [RetentionKind, ...RetentionKind[]]), DAYS.nullable())
    .refine((d) => Object.keys(d).length > 0, 'nothing to change')
    .meta({
      description: `Days per kind; null returns a kind to its default (${JSON.stringify(DEFAULT_RETENTION_DAYS)}).`,
    }),
});
export type FormRetentionBody = z.output<typeof formRetentionBodySchema>;

const kindRow = z.strictObject({
  kind: z.enum(RETENTION_KINDS as [RetentionKind, ...RetentionKind[]]),
  days: z.number().int().meta({ description: 'What applies to the form: its override, else the default.' }),
  defaultDays: z.number().int(),
  overridden: z.boolean(),
});
export const formRetentionSchema = z.strictObject({
  slug: z.string(),
  maxDays: z.number().int().meta({ description: 'RETENTION_MAX_DAYS: the longest an override may be.' }),
  policies: z.array(kindRow),
});
export type FormRetention = z.output<typeof formRetentionSchema>;

/** A legal hold on a report answers its id and the hold. */
export const reportHoldSchema = z.strictObject({ id: z.uuid(), legalHold: z.boolean() });

/** What the postponement of a report answers: its id and the last day it is kept (never the reason). */
export const reportRetentionSchema = z.strictObject({
  id: z.uuid(),
  retainUntil: z.string().meta({ description: 'The last day the postponement keeps the report (UTC).' }),
});
export type ReportRetentionState = z.output<typeof reportRetentionSchema>;
