import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { KeysModule } from '../keys/keys.module';
import { FormsModule } from '../forms/forms.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsModule } from '../reports/reports.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { DuplicateHintsService } from './duplicate-hints.service';
import { TriageClaimService } from './triage-claim.service';
import { TriageController } from './triage.controller';
import { TriageDecisionService } from './triage-decision.service';
import { TriageIntakeProcessor } from './triage-intake.processor';
import { TriageQueueService } from './triage-queue.service';
import { TriageRepository } from './triage.repository';

/**
 * Triage: the automated processor of the `triage` queue (priority, the human queue, notifications)
 * and the human claim — queue counts, leases, decrypted reads, decisions.
 */
@Module({
  imports: [
    ReportsModule,
    FormsModule,
    NotificationsModule,
    CasesModule,
    UsersModule,
    TeamsModule,
    KeysModule,
    AccessModule,
    AuditModule,
  ],
  controllers: [TriageController],
  providers: [
    TriageRepository,
    TriageIntakeProcessor,
    TriageQueueService,
    TriageClaimService,
    TriageDecisionService,
    DuplicateHintsService,
  ],
  exports: [DuplicateHintsService, TriageQueueService],
})
export class TriageModule {}
