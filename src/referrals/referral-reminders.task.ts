import { Injectable } from '@nestjs/common';
import { Clock, utcDay } from '../access/clock';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { ReminderCountsSource } from '../notifications/reminder-counts';
import { JobName } from '../queue/queue-names';
import { PeriodicTask, WorkerTask } from '../worker/worker-task';
import { ReferralsRepository } from './referrals.repository';

/**
 * The overdue rule of referrals, a BullMQ job scheduler on the maintenance queue at its own
 * interval (REFERRAL_ACK_REMINDER_EVERY_MINUTES, apart from the cases' rule): referrals past their
 * acknowledgement day (UTC, by the injectable clock) and not acknowledged are counted — no case,
 * partner or referral id, no content. A non-zero count is recorded as a reminder in the audit log
 * and sent to the webhook endpoints (`referrals_overdue`, read again at send time). Running twice
 * counts the same and changes nothing.
 */
@Injectable()
@WorkerTask({
  kind: 'schedule',
  name: JobName.REFERRAL_REMINDERS,
  everyMs: (config) => config.cases.referralAckRemindersEveryMs,
})
export class ReferralRemindersTask implements PeriodicTask, ReminderCountsSource {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<{ overdue: number }> {
    const overdue = await this.countOverdue();
    if (overdue) {
      await this.audit.recordAlone({
        actor: { type: 'rule', id: JobName.REFERRAL_REMINDERS },
        action: AuditAction.REFERRAL_REMINDERS_RAISED,
        details: { overdue },
      });
      await this.notifications.remindersRaised();
    }
    return { overdue };
  }

  async reminderCounts(): Promise<{ referrals_overdue: number }> {
    return { referrals_overdue: await this.countOverdue() };
  }

  private countOverdue(): Promise<number> {
    return this.referrals.countOverdue(utcDay(this.clock.now()));
  }
}
