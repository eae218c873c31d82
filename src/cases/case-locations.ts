import type { ContentLocation } from '../crypto';

/*
 * Where each piece of sealed case content lives, as bound into its envelope's associated data
 * (SECURITY.md, "Case content"): an envelope copied to another case, row, column or purpose does not
 * open. Every one is sealed to the case's public key.
 */

/** The summary or the alias of a case: `cases.summary` / `cases.alias`, row = the case id. */
export function caseFieldLocation(caseId: string, column: 'summary' | 'alias'): ContentLocation {
  return { purpose: `case-${column}`, table: 'cases', column, rowId: caseId };
}

/** A note or an event of the case's own timeline: `case_entries.body`, row = `<case id>:<seq>`. */
export function caseEntryLocation(caseId: string, seq: number, kind: 'note' | 'event'): ContentLocation {
  return { purpose: `case-${kind}`, table: 'case_entries', column: 'body', rowId: `${caseId}:${seq}` };
}

/** The sealed part of a status change: `case_history.reason`, row = `<case id>:<seq>`. */
export function caseHistoryLocation(caseId: string, seq: number): ContentLocation {
  return { purpose: 'case-history', table: 'case_history', column: 'reason', rowId: `${caseId}:${seq}` };
}

/** The details of a milestone: `case_milestones.details`, row = `<case id>:<milestone>`. */
export function caseMilestoneLocation(caseId: string, milestone: string): ContentLocation {
  return {
    purpose: 'case-milestone',
    table: 'case_milestones',
    column: 'details',
    rowId: `${caseId}:${milestone}`,
  };
}

/** Why a case's deletion was postponed: `cases.retain_reason`, row = the case id. */
export function caseRetainReasonLocation(caseId: string): ContentLocation {
  return { purpose: 'case-retain-reason', table: 'cases', column: 'retain_reason', rowId: caseId };
}
