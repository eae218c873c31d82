import type { ReportStatus } from '../reports/report.entity';

export const TRIAGE_DECISIONS = ['open_case', 'attach_to_case', 'duplicate', 'spam', 'no_action'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

/**
 * What each decision does, as data: the report status it sets (the reporter sees its coarse
 * stage), whether it names a case or the original of a duplicate, which key a note is sealed
 * to (the new or named case's, or the report's own). Every decision ends triage's use of the
 * report's exact times (they ordered the queue): they keep only their month (docs/retention.md).
 */
export const DECISION_RULES: Readonly<
  Record<
    TriageDecision,
    {
      status: ReportStatus;
      needs: 'caseId' | 'duplicateOf' | null;
      noteTo: 'case' | 'report';
    }
  >
> = {
  open_case: { status: 'case_opened', needs: null, noteTo: 'case' },
  attach_to_case: { status: 'attached', needs: 'caseId', noteTo: 'case' },
  duplicate: { status: 'duplicate', needs: 'duplicateOf', noteTo: 'report' },
  spam: { status: 'spam', needs: null, noteTo: 'report' },
  no_action: { status: 'no_action', needs: null, noteTo: 'report' },
};

/** Where a decision note lives, bound into its envelope. */
export function noteLocation(reportId: string) {
  return { purpose: 'triage-note', table: 'triage_items', column: 'note', rowId: reportId };
}
