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
import { RecipientsService } from './recipients.service';
import { TriageJobRegistration } from './triage-job';

/** Encrypted intake: public definition, submission in both modes, operator route. */
@Module({
  imports: [FormsModule, ReportsModule, TeamsModule],
  controllers: [IntakeController, OperatorController],
  providers: [
    IntakeService,
    PublicIntakeService,
    OperatorIntakeService,
    PublicFormService,
    ReceiptService,
    RecipientsService,
    TriageJobRegistration,
  ],
  exports: [IntakeService, ReceiptService],
})
export class IntakeModule {}
