import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { ReportsModule } from '../reports/reports.module';
import { TeamsModule } from '../teams/teams.module';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';
import { OperatorController } from './operator.controller';
import { OperatorIntakeService } from './operator-intake.service';
import { PublicFormService } from './public-form.service';
import { PublicIntakeService } from './public-intake.service';
import { ReceiptService } from './receipt.service';
import { TriageJobRegistration } from './triage-job';
import { ChannelsModule } from '../channels/channels.module';
import { CryptoPoolModule } from '../crypto-pool/crypto-pool.module';
import { AbuseModule } from '../abuse/abuse.module';
import { OutboxModule } from '../outbox/outbox.module';

/** Encrypted intake: public definition, submission in both modes, operator route. */
@Module({
  imports: [
    FormsModule,
    ReportsModule,
    TeamsModule,
    ChannelsModule,
    CryptoPoolModule,
    AbuseModule,
    OutboxModule,
  ],
  controllers: [IntakeController, OperatorController],
  providers: [
    IntakeService,
    PublicIntakeService,
    OperatorIntakeService,
    PublicFormService,
    ReceiptService,
    TriageJobRegistration,
  ],
  exports: [IntakeService, ReceiptService, PublicIntakeService, PublicFormService],
})
export class IntakeModule {}
