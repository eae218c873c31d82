import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { NotificationsService } from '../notifications/notifications.service';
import type { ReminderCountsSource } from '../notifications/reminder-counts';
import { JobName } from '../queue/queue-names';
import { PeriodicTask, WorkerTask } from '../worker/worker-task';

export interface CaseReminderCounts {
  /** Cases in `verifying` for more than CASE_VERIFYING_STALE_DAYS. */
  verifyingStale: number;
  /** Open cases (not closed, rejected or on hold) without activity for CASE_STALE_DAYS. */
  stale: number;
}

/**
 * The timed rules of cases, a BullMQ job scheduler on the maintenance queue (one run per tick
 * across every worker). Counts only — no case id, no content — from the plain day columns
 * (`status_day`, `activity_day`); a non-zero count is recorded as a reminder in the audit log and
 * sent to the webhook endpoints (`cases_verifying_stale`, `cases_stale`, read again at send time).
 * Running twice counts the same: it changes no case.
 */
@Injectable()
@WorkerTask({
  kind: 'schedule',
  name: JobName.CASE_REMINDERS,
  everyMs: (config) => config.cases.remindersEveryMs,
})
export class CaseRemindersTask implements PeriodicTask, ReminderCountsSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async run(): Promise<CaseReminderCounts> {
    const counts = await this.count();
    if (counts.verifyingStale || counts.stale) {
      await this.audit.recordAlone({
        actor: { type: 'rule', id: JobName.CASE_REMINDERS },
        action: AuditAction.CASE_REMINDERS_RAISED,
        details: { ...counts },
      });
      await this.notifications.remindersRaised();
    }
    return counts;
  }

  async reminderCounts(): Promise<{ cases_verifying_stale: number; cases_stale: number }> {
    const counts = await this.count();
    return { cases_verifying_stale: counts.verifyingStale, cases_stale: counts.stale };
  }

  private async count(): Promise<CaseReminderCounts> {
    const [row] = await this.dataSource.query<{ verifying_stale: number; stale: number }[]>(
      `SELECT count(*) FILTER (WHERE status = 'verifying' AND status_day < today - $1::int)::int AS verifying_stale,
              count(*) FILTER (WHERE status NOT IN ('closed', 'rejected', 'on_hold') AND activity_day < today - $2::int)::int AS stale
         FROM cases, (SELECT (now() AT TIME ZONE 'UTC')::date AS today) d
        WHERE status_day < today - least($1::int, $2::int) OR activity_day < today - least($1::int, $2::int)`,
      [this.config.cases.verifyingStaleDays, this.config.cases.staleDays],
    );
    return { verifyingStale: row.verifying_stale, stale: row.stale };
  }
}
