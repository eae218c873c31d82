import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The one write of the minimal triage processor: marking a report as having reached its queue. */
@Injectable()
export class QueuedReportsRepository {
  /**
   * Sets `queued_at` once; true only for the call that set it, so a duplicate or retried job does
   * nothing the second time. (A CTE so that the driver returns the RETURNING rows as a SELECT.)
   */
  async markQueued(manager: EntityManager, reportId: string): Promise<boolean> {
    const rows: { id: string }[] = await manager.query(
      `WITH marked AS (
         UPDATE reports SET queued_at = now() WHERE id = $1 AND queued_at IS NULL RETURNING id
       ) SELECT id FROM marked`,
      [reportId],
    );
    return rows.length === 1;
  }
}
