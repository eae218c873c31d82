import { z } from 'zod';
import { FORM_SLUG } from '../common/patterns';

const DEFINITION_DESCRIPTION =
  'Form definition: {title, description?, languages (must include en and ru), fields: [{key, type ' +
  '(text|long_text|single_choice|multiple_choice|month|boolean|phone|email|handle), label, help?, required, ' +
  'classification (sensitive|statistical; only choice, month and boolean fields may be statistical), ' +
  'statistic? (incident_month|region|category), choices?: [{value, label}], urgentAnswers?, urgencyWeight? (1–100, default 100)}]}. Labels are ' +
  'objects keyed by language.';

/** The definition is checked in full by parseFormDefinition (its problems are FORM_INVALID_DEFINITION). */
const definition = z.record(z.string(), z.unknown()).meta({ description: DEFINITION_DESCRIPTION });
const formStatus = z.enum(['open', 'closed']);

export const createFormSchema = z.strictObject({
  slug: z.string().regex(FORM_SLUG).meta({ example: 'report' }),
  status: formStatus.optional().meta({ default: 'open' }),
  definition,
});
export type CreateFormBody = z.output<typeof createFormSchema>;

export const publishFormVersionSchema = z.strictObject({
  status: formStatus.optional().meta({ description: 'Unchanged when absent.' }),
  definition,
});
export type PublishFormVersionBody = z.output<typeof publishFormVersionSchema>;

const dateTime = z.string().meta({ format: 'date-time' });

export const formSummarySchema = z.object({
  slug: z.string(),
  status: formStatus,
  currentVersion: z.number().int(),
  title: z.record(z.string(), z.string()),
  updatedAt: dateTime,
});

export const formDetailSchema = formSummarySchema.extend({
  definition,
  versions: z.array(z.object({ version: z.number().int(), createdAt: dateTime })),
});
