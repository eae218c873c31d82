import type { DecidedReportStatus } from '../reports/report.entity';

/**
 * Retention policies as data: how long a decided report or a finished case is kept before the
 * worker deletes it. A row is never due while it is open, held, or postponed past the clock.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** What ended the work on a report or case; only these kinds ever become due. */
export type RetentionKind =
  | 'report.spam'
  | 'report.no_action'
  | 'report.duplicate'
  | 'case.closed'
  | 'case.rejected'
  | 'receipt.decided';

/** Every kind, in the order a dry run prints them. */
export const RETENTION_KINDS: readonly RetentionKind[] = [
  'report.spam',
  'report.no_action',
  'report.duplicate',
  'case.closed',
  'case.rejected',
  'receipt.decided',
];

/** A form's overrides of the defaults (days, at least 1), by kind. */
export type PolicyOverrides = Partial<Record<RetentionKind, number>>;

/** Defaults of the design (days); a form may override any of them. */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<RetentionKind, number>> = {
  'report.spam': 7,
  'report.no_action': 90,
  'report.duplicate': 90,
  'case.closed': 365,
  'case.rejected': 90,
  'receipt.decided': 90,
};

export interface RetentionSubject {
  kind: RetentionKind;
  /** When the work ended (decision or closing), milliseconds since the epoch. */
  endedAt: number;
  legalHold: boolean;
  /** A coordinator's postponement, milliseconds since the epoch, or null. */
  postponedUntil: number | null;
}

/** The policy days of a kind: the form's override where it has one, else the default. */
export function policyDays(
  kind: RetentionKind,
  overrides: Partial<Record<RetentionKind, number>> = {},
): number {
  return overrides[kind] ?? DEFAULT_RETENTION_DAYS[kind];
}

/** When the subject may be deleted, or null while a legal hold freezes it. */
export function deletableAt(
  subject: RetentionSubject,
  overrides: Partial<Record<RetentionKind, number>> = {},
): number | null {
  if (subject.legalHold) return null;
  const byPolicy = subject.endedAt + policyDays(subject.kind, overrides) * DAY_MS;
  return Math.max(byPolicy, subject.postponedUntil ?? byPolicy);
}

export function isDue(
  subject: RetentionSubject,
  now: number,
  overrides: Partial<Record<RetentionKind, number>> = {},
): boolean {
  const at = deletableAt(subject, overrides);
  return at !== null && at <= now;
}

/** The first instant of the UTC month: what a decided report keeps of its arrival time. */
export function truncateToMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The first instant of the UTC hour: the time an audit entry of an anonymous act carries. */
export function truncateToHour(ms: number): number {
  return ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
}

/** The kind of each decided report status, as data. */
export const REPORT_KIND_OF: Readonly<Record<DecidedReportStatus, RetentionKind>> = {
  spam: 'report.spam',
  no_action: 'report.no_action',
  duplicate: 'report.duplicate',
};

/** The kind of each finished case status, as data. */
export const CASE_KIND_OF = {
  closed: 'case.closed',
  rejected: 'case.rejected',
} as const satisfies Record<string, RetentionKind>;
export type FinishedCaseStatus = keyof typeof CASE_KIND_OF;
export const FINISHED_CASE_STATUSES = Object.keys(CASE_KIND_OF) as FinishedCaseStatus[];

/**
 * The cutoff of a day-granular policy: on `today` ('YYYY-MM-DD', UTC), a subject of `kind` ended on
 * a day strictly before the returned day is due. A day column says only the day of the end, so the
 * end is taken as that day's last instant: a subject is never deleted before its policy has run
 * out, and at most one day after.
 */
export function cutoffDay(
  kind: RetentionKind,
  today: string,
  overrides: Partial<Record<RetentionKind, number>> = {},
): string {
  const day = Date.parse(`${today}T00:00:00.000Z`);
  return new Date(day - policyDays(kind, overrides) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * One cutoff of a status: the default (formId null) or a form's override. The data layers join
 * these on (status, form) and fall back to the default row of the status.
 */
export interface PolicyCutoff<S extends string> {
  status: S;
  formId: string | null;
  cutoff: string;
}

/**
 * The cutoffs of `statuses` on `today`: one default row per status, then one row per form that
 * overrides the status's kind.
 */
export function policyCutoffs<S extends string>(
  kindOf: Readonly<Record<S, RetentionKind>>,
  statuses: readonly S[],
  today: string,
  overridesByForm: ReadonlyMap<string, PolicyOverrides>,
): PolicyCutoff<S>[] {
  const rows: PolicyCutoff<S>[] = statuses.map((status) => ({
    status,
    formId: null,
    cutoff: cutoffDay(kindOf[status], today),
  }));
  for (const [formId, overrides] of overridesByForm)
    for (const status of statuses)
      if (overrides[kindOf[status]] !== undefined)
        rows.push({ status, formId, cutoff: cutoffDay(kindOf[status], today, overrides) });
  return rows;
}

/**
 * Whether the receipt of a report decided on `decidedOn` has expired on `today`: the same
 * day-granular rule as deletion (the decision day counts as its last instant). A report under a
 * legal hold is frozen whole, receipt included; an undecided report's receipt never expires here
 * (a report in a case follows its case: `caseReceiptExpired`).
 */
export function receiptExpired(
  report: { decidedOn: string | null; legalHold: boolean },
  today: string,
  overrides: PolicyOverrides = {},
): boolean {
  if (!report.decidedOn || report.legalHold) return false;
  return report.decidedOn < cutoffDay('receipt.decided', today, overrides);
}

/**
 * Whether the receipt of a report in a case has expired on `today`: the reporter follows the case
 * through the receipt while it is worked on; from the day the case closed or was rejected
 * (`statusDay`), the receipt lasts `receipt.decided` days, as a decided report's does. An open
 * case (reopened included) or a hold on the case or the report keeps it.
 */
export function caseReceiptExpired(
  caseEnd: { status: string; statusDay: string; legalHold: boolean },
  today: string,
  overrides: PolicyOverrides = {},
): boolean {
  if (caseEnd.legalHold || !(FINISHED_CASE_STATUSES as readonly string[]).includes(caseEnd.status))
    return false;
  return caseEnd.statusDay < cutoffDay('receipt.decided', today, overrides);
}
