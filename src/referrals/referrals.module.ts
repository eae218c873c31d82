import { Module, OnModuleInit } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { CaseTimelineSources } from '../cases/case-timeline-sources';
import { CasesModule } from '../cases/cases.module';
import { KeysModule } from '../keys/keys.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReminderSources } from '../notifications/reminder-counts';
import { PartnersModule } from '../partners/partners.module';
import { ReferralRemindersTask } from './referral-reminders.task';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

/**
 * Referrals of cases to partner organisations: consent recorded, the consented fields sealed to the
 * partner's key, acknowledgement deadlines and their content-free reminder; entries in the case
 * timeline.
 */
@Module({
  imports: [CasesModule, KeysModule, PartnersModule, AuditModule, AccessModule, NotificationsModule],
  controllers: [ReferralsController],
  providers: [ReferralsRepository, ReferralsService, ReferralRemindersTask],
})
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly timeline: CaseTimelineSources,
    private readonly reminderSources: ReminderSources,
    private readonly reminders: ReferralRemindersTask,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this.referrals);
    this.reminderSources.register(this.reminders);
  }
}
