import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import { PostponeBody, postponeBodySchema } from '../cases/case-schemas';
import { FormSlugPipe } from '../forms/form-slug.pipe';
import {
  FormRetentionBody,
  formRetentionBodySchema,
  formRetentionSchema,
  reportHoldSchema,
  reportRetentionSchema,
} from './form-retention.schemas';
import { FormRetentionService } from './form-retention.service';
import { ReportHoldsService } from './report-holds.service';
import { RetentionErrorCode, retentionError } from './retention.errors';

const invalid = (fields: string[]) =>
  retentionError(RetentionErrorCode.RETENTION_INVALID_REQUEST, { fields });

/** Retention policies per form (admins) and legal holds on reports (docs/retention.md). */
@ApiTags('retention')
@ApiBearerAuth()
@Controller()
export class RetentionController {
  constructor(
    private readonly forms: FormRetentionService,
    private readonly holds: ReportHoldsService,
  ) {}

  @Get('forms/:slug/retention')
  @RequirePermission(Permission.FORMS_MANAGE)
  @ApiOperation({ summary: 'The retention policies of a form: days per kind, defaults and overrides.' })
  @ApiZodResponse(200, formRetentionSchema)
  @ApiResponse({ status: 404, description: 'FORM_NOT_FOUND' })
  get(@Param('slug', FormSlugPipe) slug: string) {
    return this.forms.get(slug);
  }

  @Put('forms/:slug/retention')
  @RequirePermission(Permission.FORMS_MANAGE)
  @ApiOperation({ summary: 'Override (or, with null, reset) retention days per kind for one form.' })
  @ApiZodResponse(200, formRetentionSchema)
  @ApiResponse({ status: 404, description: 'FORM_NOT_FOUND' })
  @ApiResponse({ status: 422, description: 'RETENTION_DAYS_TOO_LONG' })
  set(
    @CurrentPrincipal() principal: Principal,
    @Param('slug', FormSlugPipe) slug: string,
    @ZodBody(formRetentionBodySchema, invalid) body: FormRetentionBody,
  ) {
    return this.forms.set(principal, slug, body);
  }

  @Put('reports/:id/legal-hold')
  @RequirePermission(Permission.RETENTION_HOLD)
  @ApiOperation({ summary: 'Put a report under a legal hold: never deleted, its receipt never expired.' })
  @ApiZodResponse(200, reportHoldSchema)
  @ApiResponse({
    status: 404,
    description: 'NOT_FOUND: no such report, or one the caller holds no chain of key slots to.',
  })
  hold(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.holds.setLegalHold(principal, id, true);
  }

  @Delete('reports/:id/legal-hold')
  @RequirePermission(Permission.RETENTION_HOLD)
  @ApiOperation({ summary: 'Lift a report’s legal hold: its policy applies again.' })
  @ApiZodResponse(200, reportHoldSchema)
  @ApiResponse({
    status: 404,
    description: 'NOT_FOUND: no such report, or one the caller holds no chain of key slots to.',
  })
  release(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.holds.setLegalHold(principal, id, false);
  }

  @Post('reports/:id/retention/postpone')
  @HttpCode(200)
  @RequirePermission(Permission.RETENTION_HOLD)
  @ApiOperation({
    summary:
      'Keep a decided report (in no case) through a day past its policy; the reason sealed to the report key.',
  })
  @ApiZodResponse(200, reportRetentionSchema)
  @ApiResponse({
    status: 404,
    description: 'NOT_FOUND: no such report, or one the caller holds no chain of key slots to.',
  })
  @ApiResponse({
    status: 409,
    description: 'RETENTION_REPORT_NOT_POSTPONABLE: undecided, or in a case (postpone the case).',
  })
  @ApiResponse({ status: 422, description: 'RETENTION_POSTPONE_OUT_OF_RANGE' })
  postpone(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(postponeBodySchema, invalid) body: PostponeBody,
  ) {
    return this.holds.postpone(principal, id, body);
  }
}
