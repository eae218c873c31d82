import { Module, OnModuleInit } from '@nestjs/common';
import { CaseTimelineSources } from '../cases/case-timeline-sources';
import { CasesModule } from '../cases/cases.module';
import { KeysModule } from '../keys/keys.module';
import { ReporterModule } from '../reporter/reporter.module';
import { ReporterStatusSources } from '../reporter/reporter-status-sources';
import { ReportsModule } from '../reports/reports.module';
import { CaseMessagesController } from './case-messages.controller';
import { CaseMessagesService } from './case-messages.service';

/**
 * Messages from a case to its reporters: the reports' own threads, written and read through the
 * case key; the replies join the case timeline, and the reporter's status follows the case's.
 */
@Module({
  imports: [CasesModule, KeysModule, ReportsModule, ReporterModule],
  controllers: [CaseMessagesController],
  providers: [CaseMessagesService],
  exports: [CaseMessagesService],
})
export class CaseMessagesModule implements OnModuleInit {
  constructor(
    private readonly messages: CaseMessagesService,
    private readonly timeline: CaseTimelineSources,
    private readonly reporterStatus: ReporterStatusSources,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this.messages);
    this.reporterStatus.register(this.messages);
  }
}
