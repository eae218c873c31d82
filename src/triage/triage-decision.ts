import type { ReportStatus } from '../reports/report.entity';

export const TRIAGE_DECISIONS = ['open_case', 'attach_to_case', 'duplicate', 'spam', 'no_action'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

/**
 * What each decision does, as data: the report status it sets (the reporter sees its coarse
 * stage), whether it names a case or the original of a duplicate, which key a note is sealed
 * to (the new or named case's, or the report's own), and whether it ends the work on the report
 * (its exact times are then coarsened; a case still orders its reports by arrival).
 */
export const DECISION_RULES: Readonly<
  Record<
    TriageDecision,
    {
      status: ReportStatus;
      needs: 'caseId' | 'duplicateOf' | null;
      noteTo: 'case' | 'report';
      /** Ends the work on the report: its exact times keep only their month (docs/retention.md). */
      coarsen: boolean;
    }
  >
> = {
  open_case: { status: 'case_opened', needs: null, noteTo: 'case', coarsen: false },
  attach_to_case: { status: 'attached', needs: 'caseId', noteTo: 'case', coarsen: false },
  duplicate: { status: 'duplicate', needs: 'duplicateOf', noteTo: 'report', coarsen: true },
  spam: { status: 'spam', needs: null, noteTo: 'report', coarsen: true },
  no_action: { status: 'no_action', needs: null, noteTo: 'report', coarsen: true },
};

/** Where a decision note lives, bound into its envelope. */
export function noteLocation(reportId: string) {
  return { purpose: 'triage-note', table: 'triage_items', column: 'note', rowId: reportId };
}
