import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { ReportsModule } from '../reports/reports.module';
import { ReporterMessageLimits } from './reporter-message-limits';
import { ReporterSessionStore } from './reporter-session.store';
import { ReporterStatusSources } from './reporter-status-sources';
import { ReporterController } from './reporter.controller';
import { ReporterService } from './reporter.service';
import { AbuseModule } from '../abuse/abuse.module';
import { AuditModule } from '../audit/audit.module';
import { KeysModule } from '../keys/keys.module';
import { RetentionModule } from '../retention/retention.module';

/** The reporter's way back with the receipt: status and messages. */
@Module({
  imports: [IntakeModule, ReportsModule, AbuseModule, AuditModule, KeysModule, RetentionModule],
  controllers: [ReporterController],
  providers: [ReporterService, ReporterSessionStore, ReporterMessageLimits, ReporterStatusSources],
  exports: [ReporterStatusSources, ReporterService],
})
export class ReporterModule {}
