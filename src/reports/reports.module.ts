import { Module } from '@nestjs/common';
import { ReportContentService } from './report-content.service';
import { ReportMessagesService } from './report-messages.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Reports, their items (answers, messages) and receipt lookups: the one writer of those tables. */
@Module({
  providers: [ReportsRepository, ReportsService, ReportContentService, ReportMessagesService],
  exports: [ReportsService, ReportContentService, ReportMessagesService],
})
export class ReportsModule {}
