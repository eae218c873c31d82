import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReportItem } from './report-item.entity';
import { ReportReceipt } from './report-receipt.entity';
import { Report } from './report.entity';
import { ReportContentService } from './report-content.service';
import { ReportMessagesService } from './report-messages.service';
import { PENDING_COUNTS } from '../notifications/pending-counts';
import { ReportsPendingCounts } from './reports-pending-counts';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ReportRetentionRepository } from './report-retention.repository';
import { ReportRetentionService } from './report-retention.service';
import { ReportTimesRepository } from './report-times.repository';
import { ReportTimesService } from './report-times.service';
import { AuditModule } from '../audit/audit.module';

/** Reports, their items (answers, messages) and receipt lookups: the one writer of those tables. */
@Module({
  imports: [TypeOrmModule.forFeature([Report, ReportItem, ReportReceipt]), AuditModule],
  providers: [
    ReportsRepository,
    ReportsService,
    ReportContentService,
    ReportMessagesService,
    ReportRetentionRepository,
    ReportRetentionService,
    ReportTimesRepository,
    ReportTimesService,
    { provide: PENDING_COUNTS, useClass: ReportsPendingCounts },
  ],
  exports: [
    ReportsService,
    ReportContentService,
    ReportMessagesService,
    ReportRetentionService,
    ReportTimesService,
    PENDING_COUNTS,
  ],
})
export class ReportsModule {}
