import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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
  partnerSchema,
} from './partner.schemas';
import { PartnersErrorCode, partnersError } from './partners.errors';
import { PartnersService } from './partners.service';

const invalid = (fields: string[]) => partnersError(PartnersErrorCode.PARTNER_INVALID, { fields });

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
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such partner, or a malformed id.' })
  detail(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.partners.detail(principal, id);
  }
}
