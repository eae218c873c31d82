import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { KeysModule } from '../keys/keys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ReportsModule } from '../reports/reports.module';
import { RetentionService } from './retention.service';
import { RetentionTask } from './retention.task';
import { TimeCoarseningService } from './time-coarsening.service';

/** Retention: deletion of what is past its policy, through the owners of the tables it empties. */
@Module({
  imports: [AccessModule, AuditModule, KeysModule, OutboxModule, ReportsModule],
  providers: [RetentionService, RetentionTask, TimeCoarseningService],
  exports: [RetentionService, TimeCoarseningService],
})
export class RetentionModule {}
