import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
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
  AcknowledgementBody,
  acknowledgementBodySchema,
  acknowledgedSchema,
  ReferralBody,
  referralBodySchema,
  referralCreatedSchema,
  referralListSchema,
} from './referral.schemas';
import { ReferralsErrorCode, referralsError } from './referrals.errors';
import { ReferralsService } from './referrals.service';

const invalid = (fields: string[]) => referralsError(ReferralsErrorCode.REFERRAL_INVALID, { fields });
const NOT_READABLE =
  'NOT_FOUND: no such case (or referral of it), or the caller holds no chain of key slots to it.';

/** Referrals of a case to partner organisations (docs/referrals.md). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id/referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({
    summary: 'Refer the case: the consented fields sealed to the partner’s public key, with a deadline.',
  })
  @ApiZodResponse(201, referralCreatedSchema)
  @ApiBadRequestResponse({ description: 'REFERRAL_INVALID (details.fields)' })
  @ApiUnprocessableEntityResponse({ description: 'REFERRAL_CONSENT_REQUIRED, REFERRAL_PARTNER_UNKNOWN' })
  @ApiConflictResponse({ description: 'REFERRAL_PARTNER_RETIRED' })
  @ApiNotFoundResponse({ description: NOT_READABLE })
  refer(
    @CurrentPrincipal() principal: Principal,
    @Param('id') caseId: string,
    @ZodBody(referralBodySchema, invalid) body: ReferralBody,
  ) {
    return this.referrals.refer(principal, caseId, body);
  }

  @Get()
  @RequirePermission(Permission.CASES_READ)
  @ApiOperation({ summary: 'The referrals of the case: consent, fields, acknowledgement, package.' })
  @ApiZodResponse(200, referralListSchema)
  @ApiNotFoundResponse({ description: NOT_READABLE })
  list(@CurrentPrincipal() principal: Principal, @Param('id') caseId: string) {
    return this.referrals.list(principal, caseId);
  }

  @Post(':referralId/acknowledgement')
  @HttpCode(200)
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'Record that the partner acknowledged the referral (once).' })
  @ApiZodResponse(200, acknowledgedSchema)
  @ApiConflictResponse({ description: 'REFERRAL_ALREADY_ACKNOWLEDGED' })
  @ApiNotFoundResponse({ description: NOT_READABLE })
  acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param('id') caseId: string,
    @Param('referralId') referralId: string,
    @ZodBody(acknowledgementBodySchema, invalid) body: AcknowledgementBody,
  ) {
    return this.referrals.acknowledge(principal, caseId, referralId, body);
  }
}
