import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';
import { OperatorController } from './operator.controller';
import { OperatorIntakeService } from './operator-intake.service';
import { PublicFormService } from './public-form.service';
import { PublicIntakeService } from './public-intake.service';
import { ReceiptService } from './receipt.service';
import { RecipientsService } from './recipients.service';
import { ReportContentService } from './report-content.service';
import { ReportMessagesService } from './report-messages.service';
import { ReportsRepository } from './reports.repository';

/** Encrypted intake: public definition, submission in both modes, operator route, report content. */
@Module({
  imports: [FormsModule],
  controllers: [IntakeController, OperatorController],
  providers: [
    IntakeService,
    PublicIntakeService,
    OperatorIntakeService,
    PublicFormService,
    ReceiptService,
    RecipientsService,
    ReportsRepository,
    ReportContentService,
    ReportMessagesService,
  ],
  exports: [IntakeService, ReceiptService, ReportsRepository, ReportContentService, ReportMessagesService],
})
export class IntakeModule {}
