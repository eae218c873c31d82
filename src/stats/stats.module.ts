import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { PrivacyBudgetModule } from './privacy/privacy-budget.module';
import { STATS_ANSWER_SOURCE } from './stats-answer-source';
import { StatsLedgerRepository } from './stats-ledger.repository';
import { StatsOutputController } from './stats-output.controller';
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
  imports: [AuditModule, AccessModule, PrivacyBudgetModule],
  controllers: [StatsController, StatsOutputController],
  providers: [
    StatsReadSource,
    StatsRepository,
    StatsLedgerRepository,
    StatsService,
    StatsPublicService,
    { provide: STATS_ANSWER_SOURCE, useExisting: StatsService },
  ],
  exports: [StatsService],
})
export class StatsModule {}
