import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuditAction } from '../audit/audit-action';
import { buildAuditEntry } from '../audit/audit-entry-builder';
import { JobPayloads, QueueName, assertContentFreePayload } from '../queue/queue-names';
import { JobProcessor, WorkerTask } from '../worker/worker-task';
import { ReportsService } from '../reports/reports.service';

export interface TriageJobResult {
  /** False for a duplicate delivery or a retry after the report was already marked. */
  marked: boolean;
}

/**
 * The minimal processor of the `triage` queue: records that a report reached its queue (sets
 * `queued_at` and writes one REPORT_QUEUED audit entry, in one statement, hence one transaction).
 * Idempotent: the `queued_at IS NULL` guard of the update decides, so a duplicate delivery changes
 * nothing. The automated triage (priority, duplicate hints, notifications) is a later issue and
 * extends this.
 */
@Injectable()
@WorkerTask({ kind: 'processor', queue: QueueName.TRIAGE, concurrency: 8 })
export class TriageIntakeProcessor implements JobProcessor {
  constructor(private readonly reports: ReportsService) {}

  async process(job: Job<JobPayloads[QueueName.TRIAGE]>): Promise<TriageJobResult> {
    assertContentFreePayload(job.data);
    const { reportId } = job.data;
    // Built (and its details checked) before anything is written, as AuditService.record does.
    const audit = buildAuditEntry({
      actor: { type: 'system' },
      action: AuditAction.REPORT_QUEUED,
      targetType: 'report',
      // No report id: its exact queueing time would date the submission for ever (the log is
      // append-only and cannot be coarsened later, as the report's own times will be).
      details: { queue: QueueName.TRIAGE },
    });
    return { marked: await this.reports.markQueued(reportId, audit) };
  }
}
