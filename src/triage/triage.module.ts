import { Module } from '@nestjs/common';
import { QueuedReportsRepository } from './queued-reports.repository';
import { TriageIntakeProcessor } from './triage-intake.processor';

/** The triage feature; for now only the processor that confirms each report reached its queue. */
@Module({ providers: [QueuedReportsRepository, TriageIntakeProcessor] })
export class TriageModule {}
