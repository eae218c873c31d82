import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { TriageIntakeProcessor } from './triage-intake.processor';

/** The triage feature; for now only the processor that confirms each report reached its queue. */
@Module({ imports: [ReportsModule], providers: [TriageIntakeProcessor] })
export class TriageModule {}
