import type { CaseStatus } from '../cases/case-status';
import type { ReporterStatus } from '../reporter/reporter-status';

/**
 * What the reporter of a report in a case is told, by case status: four coarse stages, never
 * the case's own status (a rejection or an on-hold reason is not for a seized phone).
 */
export const REPORTER_STATUS_BY_CASE_STATUS: Record<CaseStatus, ReporterStatus> = {
  verifying: 'in_review',
  accepted: 'in_progress',
  planning: 'in_progress',
  in_transit: 'in_progress',
  sheltered: 'in_progress',
  relocated: 'in_progress',
  on_hold: 'in_progress',
  closed: 'closed',
  rejected: 'closed',
};

export function reporterStatusOfCase(status: string): ReporterStatus {
  return REPORTER_STATUS_BY_CASE_STATUS[status as CaseStatus] ?? 'in_review';
}
