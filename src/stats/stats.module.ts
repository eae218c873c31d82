import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { StatsLedgerRepository } from './stats-ledger.repository';
import { StatsPublicService } from './stats-public.service';
import { StatsReadSource } from './stats-read-source';
import { StatsController } from './stats.controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/**
 * Anonymised statistics (docs/design.md "Statistics"): reads plain columns of reports and cases
 * through its own read-only connections, writes only its release ledger.
 */
@Module({
  imports: [AuditModule, AccessModule],
  controllers: [StatsController],
  providers: [StatsReadSource, StatsRepository, StatsLedgerRepository, StatsService, StatsPublicService],
  exports: [StatsService],
})
export class StatsModule {}
