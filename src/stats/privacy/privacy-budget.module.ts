import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { PrivacyBudgetRepository } from './privacy-budget.repository';
import { PrivacyBudgetService } from './privacy-budget.service';

/**
 * The analysts' differential-privacy budgets (part of the stats feature; StatsModule imports it).
 * The noise itself is the pure `addNoise` of ./add-noise, which needs no module.
 */
@Module({
  imports: [AccessModule],
  providers: [PrivacyBudgetRepository, PrivacyBudgetService],
  exports: [PrivacyBudgetService],
})
export class PrivacyBudgetModule {}
