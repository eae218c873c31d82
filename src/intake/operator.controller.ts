import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { OperatorReportAnswerDto, OperatorReportBodyDto } from './dto/intake.dto';
import { OperatorIntakeService } from './operator-intake.service';

/** A hotline operator types up a call: plaintext intake on the default form, channel `phone`. */
@ApiTags('intake')
@ApiBearerAuth()
@Controller('operator/reports')
export class OperatorController {
  constructor(private readonly operatorIntake: OperatorIntakeService) {}

  @RequirePermission(Permission.REPORTS_SUBMIT_FOR_CALLER)
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Type up a call; answers the receipt to read to the caller (shown once).' })
  @ApiBody({ type: OperatorReportBodyDto })
  @ApiCreatedResponse({ type: OperatorReportAnswerDto })
  submit(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.operatorIntake.submit(principal, body);
  }
}
