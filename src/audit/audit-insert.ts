/** An audit row as inserted (built and checked by buildAuditEntry). */
export interface NewAuditEntry {
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string;
}

/**
 * The one INSERT of an audit entry. Fast paths that write an entity and its audit entry in one
 * statement embed it as a CTE (or as their final statement), numbering its six parameters from
 * `first` and optionally selecting from one of their CTEs (`from`), so that the entry is written
 * only when that CTE returned a row. Values come from `auditInsertValues`, in the same order.
 */
export function auditInsertSql(first: number, from?: string): string {
  const p = (i: number) => `$${first + i}::text`;
  return (
    `INSERT INTO audit_entries (actor_type, actor_id, action, target_type, target_id, details)\n` +
    `SELECT ${[0, 1, 2, 3, 4, 5].map(p).join(', ')}${from ? ` FROM ${from}` : ''}`
  );
}

export function auditInsertValues(e: NewAuditEntry): unknown[] {
  return [e.actorType, e.actorId, e.action, e.targetType, e.targetId, e.details];
}
