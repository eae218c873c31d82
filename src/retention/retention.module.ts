import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { KeysModule } from '../keys/keys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CasesModule } from '../cases/cases.module';
import { FormsModule } from '../forms/forms.module';
import { ReportsModule } from '../reports/reports.module';
import { CaseRetentionRun } from './case-retention.run';
import { FormRetentionRepository } from './form-retention.repository';
import { FormRetentionService } from './form-retention.service';
import { ReceiptExpiry } from './receipt-expiry';
import { ReportHoldsService } from './report-holds.service';
import { RetentionController } from './retention.controller';
import { RetentionReminders } from './retention-reminders';
import { RetentionService } from './retention.service';
import { RetentionTask } from './retention.task';
import { TimeCoarseningService } from './time-coarsening.service';

/**
 * Retention: deletion of what is past its policy, through the owners of the tables it empties;
 * per-form policies, legal holds on reports, receipt expiry (docs/retention.md).
 */
@Module({
  imports: [AccessModule, AuditModule, CasesModule, FormsModule, KeysModule, OutboxModule, ReportsModule],
  controllers: [RetentionController],
  providers: [
    RetentionService,
    RetentionTask,
    CaseRetentionRun,
    FormRetentionRepository,
    FormRetentionService,
    ReceiptExpiry,
    ReportHoldsService,
    RetentionReminders,
    TimeCoarseningService,
  ],
  exports: [RetentionService, ReceiptExpiry, TimeCoarseningService],
})
export class RetentionModule {}
