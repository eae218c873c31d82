import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { ReportsModule } from '../reports/reports.module';
import { ReporterMessageLimits } from './reporter-message-limits';
import { ReporterSessionStore } from './reporter-session.store';
import { ReporterController } from './reporter.controller';
import { ReporterService } from './reporter.service';

/** The reporter's way back with the receipt: status and messages. */
@Module({
  imports: [IntakeModule, ReportsModule],
  controllers: [ReporterController],
  providers: [ReporterService, ReporterSessionStore, ReporterMessageLimits],
})
export class ReporterModule {}
