import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import {
  CaseMessageBody,
  caseMessageBodySchema,
  caseMessageSentSchema,
  caseThreadsSchema,
} from './case-message.schemas';
import { CaseMessageErrorCode, caseMessageError } from './case-messages.errors';
import { CaseMessagesService } from './case-messages.service';

const NOT_READABLE = 'NOT_FOUND: no such case, or the caller holds no chain of key slots to it.';

/** Messages with the reporters of a case's reports (see docs/case-messages.md). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id/messages')
export class CaseMessagesController {
  constructor(private readonly messages: CaseMessagesService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'A message to the reporter of the first report (or of the named reports).' })
  @ApiZodResponse(201, caseMessageSentSchema)
  @ApiBadRequestResponse({ description: 'CASE_MESSAGE_INVALID: a blank or oversized text, bad report ids.' })
  @ApiUnprocessableEntityResponse({ description: 'CASE_MESSAGE_REPORT_NOT_IN_CASE' })
  @ApiNotFoundResponse({ description: NOT_READABLE })
  send(
    @CurrentPrincipal() principal: Principal,
    @Param('id') caseId: string,
    @ZodBody(caseMessageBodySchema, () => caseMessageError(CaseMessageErrorCode.CASE_MESSAGE_INVALID))
    body: CaseMessageBody,
  ) {
    return this.messages.send(principal, caseId, body);
  }

  @Get()
  @RequirePermission(Permission.CASES_READ)
  @ApiOperation({ summary: 'The message thread of each report of the case, side by side.' })
  @ApiZodResponse(200, caseThreadsSchema)
  @ApiNotFoundResponse({ description: NOT_READABLE })
  threads(@CurrentPrincipal() principal: Principal, @Param('id') caseId: string) {
    return this.messages.threads(principal, caseId);
  }
}
