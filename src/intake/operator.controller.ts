import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, UnparsedBody } from '../common/http/zod-body';
import { operatorAnswerSchema } from './intake-answers';
import { operatorBodySchema } from './intake-body';
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
  @ApiZodResponse(201, operatorAnswerSchema)
  submit(
    @CurrentPrincipal() principal: Principal,
    // Unparsed here: the size limits answer an oversized body with their own code before its shape
    // is checked; OperatorIntakeService parses it with the same schema.
    @UnparsedBody(operatorBodySchema) body: unknown,
  ) {
    return this.operatorIntake.submit(principal, body);
  }
}
