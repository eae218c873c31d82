import { ANSWER_MAX_BYTES, CHOICE_TYPES, FormDefinition, FormField } from '../forms/form-definition';
import type { AnswerValue, StatisticValue } from '../reports/report.entity';

export type { AnswerValue } from '../reports/report.entity';
import { IntakeErrorCode, intakeError } from './intake.errors';

/** A sensitive answer, ready to be sealed (its JSON encoding is what the envelope holds). */
export interface SensitiveAnswer {
  key: string;
  value: AnswerValue;
}

/** What the plain columns of a report get from its statistical answers. */
export interface ReportStatistics {
  statistics: Record<string, StatisticValue>;
  incidentMonth: string | null;
  region: string | null;
  categories: string[];
  urgencyFlags: string[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{2,40}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Control characters other than tab and newlines have no place in a typed answer.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The encoding sealed into an answer envelope, in both modes: UTF-8 JSON of the value. */
export function encodeAnswer(value: AnswerValue): string {
  return JSON.stringify(value);
}

export function answerBytes(value: AnswerValue): number {
  return Buffer.byteLength(encodeAnswer(value), 'utf8');
}

function isAbsent(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function isText(value: unknown): value is string {
  // A lone surrogate cannot be encoded as UTF-8: it would not come back as it was sent.
  return typeof value === 'string' && !LONE_SURROGATE.test(value);
}

/** Whether `value` is a well-typed answer to `field` (size is checked separately). */
export function isValidAnswer(field: FormField, value: unknown): value is AnswerValue {
  switch (field.type) {
    case 'text':
    case 'long_text':
      return isText(value);
    case 'handle':
      return isText(value) && value.length <= 256 && !CONTROL.test(value) && !/[\r\n]/.test(value);
    case 'phone':
      return isText(value) && PHONE.test(value);
    case 'email':
      return isText(value) && value.length <= 254 && EMAIL.test(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'month': {
      const m = typeof value === 'string' ? MONTH.exec(value) : null;
      if (!m) return false;
      const year = Number(m[1]);
      return year >= 1900 && year <= new Date().getUTCFullYear() + 1;
    }
    case 'single_choice':
      return typeof value === 'string' && choiceValues(field).has(value);
    case 'multiple_choice': {
      if (!Array.isArray(value) || value.length > (field.choices?.length ?? 0)) return false;
      const allowed = choiceValues(field);
      return (
        value.every((v) => typeof v === 'string' && allowed.has(v)) && new Set(value).size === value.length
      );
    }
  }
}

const choiceCache = new WeakMap<FormField, Set<string>>();
function choiceValues(field: FormField): Set<string> {
  let values = choiceCache.get(field);
  if (!values) {
    values = new Set((field.choices ?? []).map((c) => c.value));
    choiceCache.set(field, values);
  }
  return values;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks `answers` against the fields `expected` and returns the present answers. Throws, in this
 * order: unknown keys or wrong types (INVALID_ANSWERS), over-size (TOO_LARGE), missing required
 * answers (MISSING_REQUIRED).
 */
function checkAnswers(fields: FormField[], answers: unknown): Map<string, AnswerValue> {
  if (!isPlainObject(answers)) throw intakeError(IntakeErrorCode.INTAKE_INVALID_ANSWERS, { fields: [] });
  const byKey = new Map(fields.map((f) => [f.key, f]));
  // Unknown keys are counted, not named: a key is something the caller typed.
  const unknown = Object.keys(answers).filter((k) => !byKey.has(k)).length;
  const invalid: string[] = [];
  const tooLarge: string[] = [];
  const missing: string[] = [];
  const present = new Map<string, AnswerValue>();
  for (const field of fields) {
    const value = Object.prototype.hasOwnProperty.call(answers, field.key) ? answers[field.key] : undefined;
    if (isAbsent(value)) {
      if (field.required) missing.push(field.key);
    } else if (!isValidAnswer(field, value)) {
      invalid.push(field.key);
    } else if (answerBytes(value) > ANSWER_MAX_BYTES[field.type]) {
      tooLarge.push(field.key);
    } else {
      present.set(field.key, value);
    }
  }
  if (unknown || invalid.length) {
    throw intakeError(IntakeErrorCode.INTAKE_INVALID_ANSWERS, { fields: invalid, unknownFields: unknown });
  }
  if (tooLarge.length) throw intakeError(IntakeErrorCode.INTAKE_TOO_LARGE, { fields: tooLarge });
  if (missing.length) throw intakeError(IntakeErrorCode.INTAKE_MISSING_REQUIRED, { fields: missing });
  return present;
}

/** Plaintext mode: every answer of the form, split into what is sealed and what stays plain. */
export function checkPlaintextAnswers(
  definition: FormDefinition,
  answers: unknown,
): { sensitive: SensitiveAnswer[]; statistics: ReportStatistics } {
  const present = checkAnswers(definition.fields, answers);
  const sensitive: SensitiveAnswer[] = [];
  const statistical = new Map<string, AnswerValue>();
  for (const field of definition.fields) {
    const value = present.get(field.key);
    if (value === undefined) continue;
    if (field.classification === 'sensitive') sensitive.push({ key: field.key, value });
    else statistical.set(field.key, value);
  }
  return { sensitive, statistics: deriveStatistics(definition, statistical) };
}

/**
 * Sealed mode: the plain `statistics` are checked like plaintext answers against the statistical
 * fields only (a sensitive key there would store content in the clear, so it is refused), and the
 * sealed answers must cover every required sensitive field and name only sensitive fields.
 */
export function checkSealedAnswers(
  definition: FormDefinition,
  statistics: unknown,
  sealedKeys: string[],
): { sensitiveFields: FormField[]; statistics: ReportStatistics } {
  const statisticalFields = definition.fields.filter((f) => f.classification === 'statistical');
  const sensitiveFields = definition.fields.filter((f) => f.classification === 'sensitive');
  const present = checkAnswers(statisticalFields, statistics ?? {});
  const sensitiveByKey = new Map(sensitiveFields.map((f) => [f.key, f]));
  const unknown = sealedKeys.filter((k) => !sensitiveByKey.has(k)).length;
  if (unknown)
    throw intakeError(IntakeErrorCode.INTAKE_INVALID_ANSWERS, { fields: [], unknownFields: unknown });
  const sealed = new Set(sealedKeys);
  const missing = sensitiveFields.filter((f) => f.required && !sealed.has(f.key)).map((f) => f.key);
  if (missing.length) throw intakeError(IntakeErrorCode.INTAKE_MISSING_REQUIRED, { fields: missing });
  return {
    sensitiveFields: sealedKeys.map((k) => sensitiveByKey.get(k)!),
    statistics: deriveStatistics(definition, present),
  };
}

/** The plain columns and urgency flags from validated statistical answers. */
export function deriveStatistics(
  definition: FormDefinition,
  values: Map<string, AnswerValue>,
): ReportStatistics {
  const out: ReportStatistics = {
    statistics: {},
    incidentMonth: null,
    region: null,
    categories: [],
    urgencyFlags: [],
  };
  for (const field of definition.fields) {
    const value = values.get(field.key);
    if (value === undefined || field.classification !== 'statistical') continue;
    out.statistics[field.key] = value;
    if (field.statistic === 'incident_month') out.incidentMonth = value as string;
    if (field.statistic === 'region') out.region = value as string;
    if (field.statistic === 'category')
      out.categories = Array.isArray(value) ? [...value] : [value as string];
    const urgent = field.urgentAnswers ?? [];
    const hit = CHOICE_TYPES.has(field.type)
      ? (Array.isArray(value) ? value : [value]).some((v) => urgent.includes(v as string))
      : urgent.includes(value as boolean);
    if (hit) out.urgencyFlags.push(field.key);
  }
  return out;
}
