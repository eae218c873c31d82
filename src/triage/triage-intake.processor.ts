import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { JobPayloads, QueueName, assertContentFreePayload } from '../queue/queue-names';
import { JobProcessor, QueueProcessor } from '../worker/job-processor';
import { QueuedReportsRepository } from './queued-reports.repository';

export interface TriageJobResult {
  /** False for a duplicate delivery or a retry after the report was already marked. */
  marked: boolean;
}

/**
 * The minimal processor of the `triage` queue: records that a report reached its queue (sets
 * `queued_at` and writes one REPORT_QUEUED audit entry, in one transaction). Idempotent: the
 * `queued_at IS NULL` guard of the update decides, so a duplicate delivery changes nothing. The
 * automated triage (priority, duplicate hints, notifications) is a later issue and extends this.
 */
@Injectable()
@QueueProcessor({ queue: QueueName.TRIAGE, concurrency: 8 })
export class TriageIntakeProcessor implements JobProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: QueuedReportsRepository,
    private readonly audit: AuditService,
  ) {}

  async process(job: Job<JobPayloads[QueueName.TRIAGE]>): Promise<TriageJobResult> {
    assertContentFreePayload(job.data);
    const { reportId } = job.data;
    return this.dataSource.transaction(async (manager) => {
      const marked = await this.reports.markQueued(manager, reportId);
      if (marked)
        await this.audit.record(manager, {
          actor: { type: 'system' },
          action: AuditAction.REPORT_QUEUED,
          targetType: 'report',
          targetId: reportId,
          details: { queue: QueueName.TRIAGE },
        });
      return { marked };
    });
  }
}
