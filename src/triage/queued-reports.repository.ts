import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NewAuditEntry } from '../audit/audit-entry.repository';
import { preparedStatement, runPrepared } from '../database/prepared-statement';

/*
 * Marks a report as having reached its queue and writes its audit entry in ONE prepared statement
 * (one transaction, one round trip, planned once per connection): the audit row is inserted only
 * from the row the UPDATE marked, so a duplicate delivery writes neither.
 */
const MARK_QUEUED = preparedStatement(
  'corridor_mark_report_queued',
  `WITH marked AS (
     UPDATE reports SET queued_at = now() WHERE id = $1 AND queued_at IS NULL RETURNING id
   ), audit AS (
     INSERT INTO audit_entries (actor_type, actor_id, action, target_type, target_id, details)
     SELECT $2::text, $3::text, $4::text, $5::text, $6::text, $7::text FROM marked
   )
   SELECT id FROM marked`,
);

/** The one write of the minimal triage processor: marking a report as having reached its queue. */
@Injectable()
export class QueuedReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Sets `queued_at` once, with `audit`; true only for the call that set it. */
  async markQueued(reportId: string, audit: NewAuditEntry): Promise<boolean> {
    const rows = await runPrepared<{ id: string }>(this.dataSource, MARK_QUEUED, [
      reportId,
      audit.actorType,
      audit.actorId,
      audit.action,
      audit.targetType,
      audit.targetId,
      audit.details,
    ]);
    return rows.length === 1;
  }
}
