import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
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
  PartnerBody,
  partnerBodySchema,
  partnerDetailSchema,
  partnerListSchema,
  PartnerRetirement,
  partnerRetirementSchema,
  partnerSchema,
  PartnerUpdate,
  partnerUpdateSchema,
} from './partner.schemas';
import { PartnersErrorCode, partnersError } from './partners.errors';
import { PartnersService } from './partners.service';

const invalid = (fields: string[]) => partnersError(PartnersErrorCode.PARTNER_INVALID, { fields });
const NOT_FOUND = 'NOT_FOUND: no such partner, or a malformed id.';

/** Partner organisations cases are referred to (docs/referrals.md). */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.PARTNERS_MANAGE)
  @ApiOperation({ summary: 'Register a partner: name and public key plain, contact sealed to the team key.' })
  @ApiZodResponse(201, partnerSchema)
  @ApiUnprocessableEntityResponse({ description: 'PARTNER_KEY_INVALID' })
  @ApiConflictResponse({ description: 'PARTNER_NAME_TAKEN' })
  register(@CurrentPrincipal() principal: Principal, @ZodBody(partnerBodySchema, invalid) body: PartnerBody) {
    return this.partners.register(principal, body);
  }

  @Get()
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'Every partner (names and public keys, no contact): whom a case can go to.' })
  @ApiZodResponse(200, partnerListSchema)
  list() {
    return this.partners.list();
  }

  @Get(':id')
  @RequirePermission(Permission.PARTNERS_MANAGE)
  @ApiOperation({ summary: 'A partner with its contact, decrypted through the team key (audited).' })
  @ApiZodResponse(200, partnerDetailSchema)
  @ApiNotFoundResponse({ description: NOT_FOUND })
  detail(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.partners.detail(principal, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.PARTNERS_MANAGE)
  @ApiOperation({
    summary: 'Edit a partner: name, contact (sealed anew), or a new public key under a new key id (audited).',
  })
  @ApiZodResponse(200, partnerSchema)
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({ description: 'PARTNER_KEY_INVALID' })
  @ApiConflictResponse({ description: 'PARTNER_NAME_TAKEN, PARTNER_RETIRED' })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(partnerUpdateSchema, invalid) body: PartnerUpdate,
  ) {
    return this.partners.update(principal, id, body);
  }

  @Post(':id/retirement')
  @HttpCode(200)
  @RequirePermission(Permission.PARTNERS_MANAGE)
  @ApiOperation({
    summary: 'Retire a partner: no new referral goes to it; it and its referrals stay readable (audited).',
  })
  @ApiZodResponse(200, partnerSchema)
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'PARTNER_RETIRED (retired already)' })
  retire(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(partnerRetirementSchema, invalid) _body: PartnerRetirement,
  ) {
    return this.partners.retire(principal, id);
  }
}
