/*
 * SQL fragments of the reports feature that fast paths of other features embed in their own
 * one-statement writes (as the audit feature's auditInsertSql), so that the reports table keeps one
 * definition of each write while a job or a decision costs one round trip.
 */

/**
 * The once-only mark that reports reached their triage queue, as the body of a CTE over the uuid
 * array `idsSql`: it returns a report's id only to the statement that set its `queued_at`, so a
 * duplicate delivery marks nothing.
 * The reports feature's definition, embedded by automated triage in its one statement (mark, audit
 * entry, triage item: TriageRepository.queue) so that the three commit together.
 */
export function markQueuedSql(idsSql: string): string {
  return `UPDATE reports SET queued_at = now() WHERE id = ANY (${idsSql}) AND queued_at IS NULL RETURNING id`;
}

/** What automated triage reads of a report: its form version and urgency, and when it arrived. */
export interface ReportQueueFacts {
  formId: string;
  formVersion: number;
  urgencyFlags: string[];
  receivedAt: Date;
}
