import { Controller, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import { caseRetentionSchema } from './case-responses';
import { CaseRetentionService } from './case-retention.service';
import { PostponeBody, postponeBodySchema } from './case-schemas';
import { CasesErrorCode, casesError } from './cases.errors';

const invalid = (fields: string[]) => casesError(CasesErrorCode.CASE_INVALID_REQUEST, { fields });
const NOT_READABLE =
  'NOT_FOUND: no such case, a malformed id, or one the caller holds no chain of key slots to.';

/**
 * Retention of a case (docs/retention.md): a postponement of its deletion and a legal hold. Like
 * every case route, a case the caller cannot read answers 404 NOT_FOUND.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseRetentionController {
  constructor(private readonly retention: CaseRetentionService) {}

  @Post(':id/retention/postpone')
  @HttpCode(200)
  @RequirePermission(Permission.RETENTION_HOLD)
  @ApiOperation({
    summary: 'Keep the case through a day past its policy; the reason sealed to the case key.',
  })
  @ApiZodResponse(200, caseRetentionSchema)
  @ApiResponse({ status: 404, description: NOT_READABLE })
  @ApiResponse({ status: 422, description: 'CASE_POSTPONE_OUT_OF_RANGE' })
  postpone(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(postponeBodySchema, invalid) body: PostponeBody,
  ) {
    return this.retention.postpone(principal, id, body);
  }

  @Put(':id/legal-hold')
  @RequirePermission(Permission.RETENTION_HOLD)
  @ApiOperation({ summary: 'Put the case under a legal hold: never deleted while it lasts.' })
  @ApiZodResponse(200, caseRetentionSchema)
  @ApiResponse({ status: 404, description: NOT_READABLE })
  hold(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.retention.setLegalHold(principal, id, true);
  }

  @Delete(':id/legal-hold')
  @RequirePermission(Permission.RETENTION_HOLD)
  @ApiOperation({ summary: 'Lift the legal hold: the case’s policy (and postponement) apply again.' })
  @ApiZodResponse(200, caseRetentionSchema)
  @ApiResponse({ status: 404, description: NOT_READABLE })
  release(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.retention.setLegalHold(principal, id, false);
  }
}
