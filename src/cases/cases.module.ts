import { Module, OnModuleInit } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { KeysModule } from '../keys/keys.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReminderSources } from '../notifications/reminder-counts';
import { ReportsModule } from '../reports/reports.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { CaseAssigneesService } from './case-assignees.service';
import { CASE_TEAM_HOLDERS } from './case-key-holders';
import { CaseListService } from './case-list.service';
import { CaseReadingService } from './case-reading.service';
import { CaseReadsRepository } from './case-reads.repository';
import { CaseRemindersTask } from './case-reminders.task';
import { CaseRetentionController } from './case-retention.controller';
import { CaseRetentionRepository } from './case-retention.repository';
import { CaseRetentionService } from './case-retention.service';
import { CaseTimelineSources } from './case-timeline-sources';
import { CaseTransitionRepository } from './case-transition.repository';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { CoordinationTeamHolders } from './coordination-team-holders';

/**
 * Evacuation cases (docs/cases.md): opened and joined by triage decisions, then worked by
 * coordinators and caseworkers — status machine, assignees as key slots, sealed summary, notes and
 * timeline, milestones, needs and risks, lists. Every new case is sealed to the coordination team key.
 */
@Module({
  imports: [
    TeamsModule,
    KeysModule,
    ReportsModule,
    UsersModule,
    AuditModule,
    AccessModule,
    NotificationsModule,
  ],
  controllers: [CasesController, CaseRetentionController],
  providers: [
    CasesRepository,
    CaseReadsRepository,
    CaseTransitionRepository,
    CasesService,
    CaseWorkflowService,
    CaseAssigneesService,
    CaseReadingService,
    CaseListService,
    CaseRemindersTask,
    CaseRetentionRepository,
    CaseRetentionService,
    CaseTimelineSources,
    { provide: CASE_TEAM_HOLDERS, useClass: CoordinationTeamHolders },
  ],
  exports: [CasesService, CaseTimelineSources, CaseReadingService, CaseRetentionService],
})
export class CasesModule implements OnModuleInit {
  constructor(
    private readonly reminderSources: ReminderSources,
    private readonly reminders: CaseRemindersTask,
  ) {}

  onModuleInit(): void {
    this.reminderSources.register(this.reminders);
  }
}
