import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { JobName } from '../queue/queue-names';
import { PeriodicTask, WorkerTask } from '../worker/worker-task';
import { ReferralsRepository } from './referrals.repository';

/**
 * The overdue rule of referrals, a BullMQ job scheduler on the maintenance queue at the cases'
 * reminder interval (CASE_REMINDERS_EVERY_MINUTES): referrals past their acknowledgement day and
 * not acknowledged are counted — no case, partner or referral id, no content — and a non-zero
 * count is recorded as a reminder in the audit log. Running twice counts the same.
 */
@Injectable()
@WorkerTask({
  kind: 'schedule',
  name: JobName.REFERRAL_REMINDERS,
  everyMs: (config) => config.cases.remindersEveryMs,
})
export class ReferralRemindersTask implements PeriodicTask {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly audit: AuditService,
  ) {}

  async run(): Promise<{ overdue: number }> {
    const overdue = await this.referrals.countOverdue();
    if (overdue)
      await this.audit.recordAlone({
        actor: { type: 'rule', id: JobName.REFERRAL_REMINDERS },
        action: AuditAction.REFERRAL_REMINDERS_RAISED,
        details: { overdue },
      });
    return { overdue };
  }
}
