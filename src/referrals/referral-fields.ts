import type { CaseDetailView } from '../cases/case-reading.service';

/*
 * What a referral may share, as data: each field the person can consent to, and where its value
 * comes from in the decrypted case. `answer:<key>` shares one answer (sensitive or statistical) of
 * the report the case was opened from (its first report), by the form's field key. Nothing outside
 * this table can be put in a package.
 */
type FieldReader = (c: CaseDetailView) => unknown;

export const REFERRAL_CASE_FIELDS: Readonly<Record<string, FieldReader>> = Object.freeze({
  alias: (c) => c.alias,
  summary: (c) => c.summary,
  region: (c) => c.region,
  needs: (c) => c.needs,
  risks: (c) => c.risks,
  milestones: (c) => c.milestones,
});

/** `answer:<form field key>`: a key as forms define them. */
export const ANSWER_FIELD = /^answer:([a-z][a-z0-9_]{0,62})$/;

export const MAX_REFERRAL_FIELDS = 64;

export function isReferralField(name: string): boolean {
  return Object.hasOwn(REFERRAL_CASE_FIELDS, name) || ANSWER_FIELD.test(name);
}

/** An answer of the report, sensitive (decrypted) or statistical (plain); null when it has none. */
function answerOf(report: CaseDetailView['reports'][number] | undefined, key: string): unknown {
  if (!report) return null;
  if (Object.hasOwn(report.answers, key)) return report.answers[key];
  return Object.hasOwn(report.statistics, key) ? report.statistics[key] : null;
}

/** The consented fields and their values, in the order given; null where the case holds none. */
export function referralFieldValues(c: CaseDetailView, fields: readonly string[]): Record<string, unknown> {
  const first = c.reports[0];
  return Object.fromEntries(
    fields.map((field) => {
      const answerKey = ANSWER_FIELD.exec(field)?.[1];
      const value = answerKey ? answerOf(first, answerKey) : REFERRAL_CASE_FIELDS[field](c);
      return [field, value ?? null];
    }),
  );
}
