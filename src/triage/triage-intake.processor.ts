import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuditAction } from '../audit/audit-action';
import { buildAuditEntry } from '../audit/audit-entry-builder';
import { FormsService } from '../forms/forms.service';
import { NotificationsService } from '../notifications/notifications.service';
import { JobPayloads, QueueName, assertContentFreePayload } from '../queue/queue-names';
import { ReportsService } from '../reports/reports.service';
import { JobProcessor, WorkerTask } from '../worker/worker-task';
import { triagePriority } from './triage-priority';
import { TriageRepository } from './triage.repository';

/**
 * Jobs at once per worker process. The jobs wait on the database, not on the CPU, and their reads
 * and writes are coalesced into set-based statements (StatementBatcher): measured in one process on
 * the 2-core development machine (shared, load 11), 8 at once triaged 458 reports/s, 32 1,466/s,
 * 64 2,758/s, Node CPU per report falling from 0.71 to 0.08 ms.
 */
export const TRIAGE_PROCESSOR_CONCURRENCY = 64;

export interface TriageJobResult {
  /** False for a duplicate delivery or a retry after the report was already marked. */
  marked: boolean;
  /** False when the report already had its triage item (a duplicate delivery, a retry). */
  queued: boolean;
}

/**
 * The automated triage of the `triage` queue: computes a report's priority from the form's urgency
 * weights (the definition is cached per version), then in ONE statement records that it reached its
 * queue (`queued_at` and one REPORT_QUEUED audit entry) and puts it in the human queue (a triage
 * item waiting since the report's arrival) — two round trips per report, shared by the jobs running
 at the same time (TRIAGE_PROCESSOR_CONCURRENCY) — then tells the webhook
 * endpoints that the counts changed.
 *
 * Idempotent: each write is guarded (`queued_at IS NULL`, `ON CONFLICT DO NOTHING`) and all of
 * them commit together, so a duplicate delivery, a retry or a worker killed mid-job changes
 * nothing twice;
 * the priority is a pure function of the stored report and its form version. A report deleted
 * before its job ran (retention, lockdown) is skipped.
 */
@Injectable()
@WorkerTask({ kind: 'processor', queue: QueueName.TRIAGE, concurrency: TRIAGE_PROCESSOR_CONCURRENCY })
export class TriageIntakeProcessor implements JobProcessor {
  constructor(
    private readonly reports: ReportsService,
    private readonly forms: FormsService,
    private readonly items: TriageRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async process(job: Job<JobPayloads[QueueName.TRIAGE]>): Promise<TriageJobResult> {
    assertContentFreePayload(job.data);
    const { reportId } = job.data;
    const report = await this.reports.queueFacts(reportId);
    if (!report) return { marked: false, queued: false };
    const definition = await this.forms.definitionOf(report.formId, report.formVersion);
    const priority = triagePriority(definition, report.urgencyFlags);
    // Built (and its details checked) before anything is written, as AuditService.record does.
    const audit = buildAuditEntry({
      actor: { type: 'system' },
      action: AuditAction.REPORT_QUEUED,
      targetType: 'report',
      // No report id: its exact queueing time would date the submission for ever (the log is
      // append-only and cannot be coarsened later, as the report's own times will be).
      details: { queue: QueueName.TRIAGE },
    });
    const { marked, queued } = await this.items.queue(reportId, priority, report.receivedAt, audit);
    if (queued) await this.notifications.pendingChanged();
    return { marked, queued };
  }
}
