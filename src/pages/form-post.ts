import { ANSWER_MAX_BYTES, FormDefinition, FormField } from '../forms/form-definition';
import { AnswerValue, answerBytes, isValidAnswer } from '../intake/form-answers';

/** Why one answer of a posted form was refused (shown next to its field, never logged). */
export type FieldProblem = 'required' | 'invalid' | 'tooLong';

/** What the form shows again after a refused post: each field's raw text or chosen values. */
export type KeptAnswers = Record<string, string | string[]>;

export interface PostedForm {
  answers: Record<string, AnswerValue>;
  kept: KeptAnswers;
  problems: { key: string; problem: FieldProblem }[];
}

const YES = 'yes';
const NO = 'no';
/** Longest raw text read from one field before it is refused as too long (the cap of any type). */
const MAX_RAW_CHARS = 70_000;

function strings(raw: unknown): string[] | null {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.length <= 100 && raw.every((v) => typeof v === 'string')) return raw;
  return null;
}

/** A posted value of one field as the answer the intake expects, or a marker it is unusable. */
function answerOf(field: FormField, raw: unknown): AnswerValue | undefined | 'invalid' {
  const values = strings(raw);
  if (values === null) return 'invalid';
  if (field.type === 'multiple_choice') return values.length ? values : undefined;
  if (values.length > 1) return 'invalid';
  const text = values[0];
  if (text === undefined || text.trim() === '') return undefined;
  if (field.type === 'boolean') return text === YES ? true : text === NO ? false : 'invalid';
  // Browsers send a textarea's line ends as CRLF; the typed text had LF.
  if (field.type === 'long_text' || field.type === 'text') return text.replace(/\r\n/g, '\n');
  return text.trim();
}

/**
 * Reads a plain HTML form post against the definition: the answers for the intake, what to show
 * again, and one problem per refused field. Unknown keys are ignored; nothing is logged.
 */
export function readPostedForm(definition: FormDefinition, body: Record<string, unknown>): PostedForm {
  const answers: Record<string, AnswerValue> = {};
  const kept: KeptAnswers = {};
  const problems: PostedForm['problems'] = [];
  for (const field of definition.fields) {
    const raw = Object.prototype.hasOwnProperty.call(body, field.key) ? body[field.key] : undefined;
    const shown = strings(raw);
    if (shown && shown.every((s) => s.length <= MAX_RAW_CHARS))
      kept[field.key] = field.type === 'multiple_choice' ? shown : (shown[0] ?? '');
    const value = answerOf(field, raw);
    if (value === undefined) {
      if (field.required) problems.push({ key: field.key, problem: 'required' });
    } else if (value === 'invalid' || !isValidAnswer(field, value)) {
      problems.push({ key: field.key, problem: 'invalid' });
    } else if (answerBytes(value) > ANSWER_MAX_BYTES[field.type]) {
      problems.push({ key: field.key, problem: 'tooLong' });
    } else {
      answers[field.key] = value;
    }
  }
  return { answers, kept, problems };
}

export const BOOLEAN_VALUES = { yes: YES, no: NO } as const;
