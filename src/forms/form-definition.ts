import { z } from 'zod';

/*
 * A form definition: the questions of one form version, with labels per language and, per field,
 * whether its answer is `sensitive` (encrypted to the case) or `statistical` (kept plain). Only
 * fixed-choice, month and yes/no fields may be statistical: free text in a plain column would
 * leak exactly what the encryption protects.
 */

export const FIELD_TYPES = [
  'text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'month',
  'boolean',
  'phone',
  'email',
  'handle',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The types whose answers come from a fixed set and may therefore be stored plain. */
export const STATISTICAL_TYPES: ReadonlySet<FieldType> = new Set([
  'single_choice',
  'multiple_choice',
  'month',
  'boolean',
]);
export const CHOICE_TYPES: ReadonlySet<FieldType> = new Set(['single_choice', 'multiple_choice']);

/**
 * The plain report columns a statistical field may feed (what analysts group by). Each at most
 * once per form, and only from a field of a matching type.
 */
export const STATISTIC_COLUMNS = {
  incident_month: ['month'],
  region: ['single_choice'],
  category: ['single_choice', 'multiple_choice'],
} as const satisfies Record<string, readonly FieldType[]>;
export type StatisticColumn = keyof typeof STATISTIC_COLUMNS;

export const REQUIRED_LANGUAGES = ['en', 'ru'] as const;

export const DEFINITION_LIMITS = Object.freeze({
  maxFields: 60,
  maxChoices: 100,
  maxLabelChars: 500,
  maxHelpChars: 2000,
  maxLanguages: 12,
});

/** Largest answer, in UTF-8 bytes of its JSON encoding, per field type. */
export const ANSWER_MAX_BYTES: Record<FieldType, number> = {
  text: 10 * 1024,
  long_text: 64 * 1024,
  single_choice: 256,
  multiple_choice: 8 * 1024,
  month: 16,
  boolean: 8,
  phone: 128,
  email: 512,
  handle: 512,
};

const KEY = /^[a-z][a-z0-9_]{0,47}$/;
const CHOICE_VALUE = /^[a-z0-9_]{1,48}$/;
const LANGUAGE = /^[a-z]{2}$/;

const localised = (max: number) =>
  z
    .record(z.string().regex(LANGUAGE), z.string().trim().min(1).max(max))
    .refine((labels) => Object.keys(labels).length <= DEFINITION_LIMITS.maxLanguages, 'too many languages');

const choiceSchema = z.strictObject({
  value: z.string().regex(CHOICE_VALUE),
  label: localised(DEFINITION_LIMITS.maxLabelChars),
});

const fieldSchema = z.strictObject({
  key: z.string().regex(KEY),
  type: z.enum(FIELD_TYPES),
  label: localised(DEFINITION_LIMITS.maxLabelChars),
  help: localised(DEFINITION_LIMITS.maxHelpChars).optional(),
  required: z.boolean().default(false),
  classification: z.enum(['sensitive', 'statistical']),
  statistic: z.enum(Object.keys(STATISTIC_COLUMNS) as [StatisticColumn, ...StatisticColumn[]]).optional(),
  choices: z.array(choiceSchema).min(1).max(DEFINITION_LIMITS.maxChoices).optional(),
  /** Answers that mark the report urgent (choice values, or true/false for a yes/no field). */
  urgentAnswers: z
    .array(z.union([z.string().regex(CHOICE_VALUE), z.boolean()]))
    .max(DEFINITION_LIMITS.maxChoices)
    .optional(),
  /**
   * How much an urgent answer here weighs in the triage priority (default 100): the weights of a
   * report's urgent answers add up; 100 or more is urgent, less than that raised.
   */
  urgencyWeight: z.number().int().min(1).max(100).optional(),
});

const definitionObject = z.strictObject({
  title: localised(DEFINITION_LIMITS.maxLabelChars),
  description: localised(DEFINITION_LIMITS.maxHelpChars).optional(),
  languages: z.array(z.string().regex(LANGUAGE)).min(1).max(DEFINITION_LIMITS.maxLanguages),
  fields: z.array(fieldSchema).min(1).max(DEFINITION_LIMITS.maxFields),
});

export type FormDefinition = z.infer<typeof definitionObject>;
export type FormField = FormDefinition['fields'][number];

/** Every rule that spans fields: uniqueness, coverage of languages, what may be statistical. */
function checkDefinition(def: FormDefinition, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const languages = new Set(def.languages);
  if (languages.size !== def.languages.length) issue(['languages'], 'languages must be unique');
  for (const lang of REQUIRED_LANGUAGES)
    if (!languages.has(lang)) issue(['languages'], `must include ${lang}`);
  const covers = (labels: Record<string, string> | undefined, path: (string | number)[]) => {
    if (!labels) return;
    for (const lang of languages) if (!labels[lang]) issue(path, `missing the ${lang} text`);
  };
  covers(def.title, ['title']);
  covers(def.description, ['description']);

  const keys = new Set<string>();
  const statistics = new Set<string>();
  def.fields.forEach((field, i) => {
    const at = (...rest: (string | number)[]) => ['fields', i, ...rest];
    if (keys.has(field.key)) issue(at('key'), 'field keys must be unique');
    keys.add(field.key);
    covers(field.label, at('label'));
    covers(field.help, at('help'));

    const isChoice = CHOICE_TYPES.has(field.type);
    if (isChoice && !field.choices) issue(at('choices'), 'a choice field needs choices');
    if (!isChoice && field.choices) issue(at('choices'), 'only choice fields have choices');
    const values = new Set<string>();
    field.choices?.forEach((choice, j) => {
      if (values.has(choice.value)) issue(at('choices', j, 'value'), 'choice values must be unique');
      values.add(choice.value);
      covers(choice.label, at('choices', j, 'label'));
    });

    const statistical = field.classification === 'statistical';
    if (statistical && !STATISTICAL_TYPES.has(field.type)) {
      issue(at('classification'), 'only choice, month and yes/no fields may be statistical');
    }
    if (field.statistic) {
      if (!statistical) issue(at('statistic'), 'only a statistical field feeds a statistic');
      const allowed: readonly FieldType[] = STATISTIC_COLUMNS[field.statistic];
      if (!allowed.includes(field.type))
        issue(at('statistic'), `${field.statistic} needs a ${allowed.join(' or ')} field`);
      if (statistics.has(field.statistic)) issue(at('statistic'), 'each statistic may be fed by one field');
      statistics.add(field.statistic);
    }

    if (field.urgencyWeight !== undefined && !field.urgentAnswers?.length)
      issue(at('urgencyWeight'), 'an urgency weight needs urgency answers');
    if (field.urgentAnswers?.length) {
      // Urgency must be computable in sealed mode, where the server sees only statistical answers.
      if (!statistical) issue(at('urgentAnswers'), 'urgency answers need a statistical field');
      for (const [j, answer] of field.urgentAnswers.entries()) {
        const ok =
          field.type === 'boolean'
            ? typeof answer === 'boolean'
            : isChoice && typeof answer === 'string' && values.has(answer);
        if (!ok) issue(at('urgentAnswers', j), 'an urgency answer must be one of the field’s answers');
      }
    }
  });
}

export const formDefinitionSchema = definitionObject.superRefine(checkDefinition);

/** A validation problem of a definition: where, and which rule (never a submitted value). */
export interface DefinitionIssue {
  path: string;
  message: string;
}

export function parseFormDefinition(
  input: unknown,
): { ok: true; definition: FormDefinition } | { ok: false; issues: DefinitionIssue[] } {
  const parsed = formDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}
