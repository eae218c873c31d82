import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxJobKinds } from '../outbox/outbox-job-kind';
import { JobName, QueueName } from '../queue/queue-names';

/**
 * Intake's outbox job kind: every new report gets a triage job. It names no job id: the job gets a
 * random one and is removed once done, so that Redis keeps no report id of a processed report
 * (docs/retention.md); a duplicate delivery is harmless (the processor's `queued_at IS NULL`
 * guard). Overdue: a report still `received`, never marked queued by the triage processor, that
 * arrived more than $1 seconds ago.
 */
export const TRIAGE_JOB_KIND = {
  queue: QueueName.TRIAGE,
  jobName: JobName.REPORT_RECEIVED,
  overdueSql: `SELECT r.id, r.received_at AS since FROM reports r
     WHERE r.status = 'received' AND r.queued_at IS NULL AND r.received_at < now() - make_interval(secs => $1)`,
} as const;

@Injectable()
export class TriageJobRegistration implements OnModuleInit {
  constructor(private readonly kinds: OutboxJobKinds) {}

  onModuleInit(): void {
    this.kinds.register(TRIAGE_JOB_KIND);
  }
}
