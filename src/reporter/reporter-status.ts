import type { ReportStatus } from '../reports/report.entity';

/** What a reporter is told: four coarse stages, never a decision (spam, duplicate) or a case detail. */
export type ReporterStatus = 'received' | 'in_review' | 'in_progress' | 'closed';

const BY_REPORT_STATUS: Record<ReportStatus, ReporterStatus> = {
  received: 'received',
  in_triage: 'in_review',
  case_opened: 'in_progress',
  attached: 'in_progress',
  duplicate: 'closed',
  spam: 'closed',
  no_action: 'closed',
  closed: 'closed',
};

export function reporterStatus(status: ReportStatus): ReporterStatus {
  return BY_REPORT_STATUS[status] ?? 'received';
}
