import { Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import {
  CreateFormBody,
  PublishFormVersionBody,
  createFormSchema,
  formDetailSchema,
  formSummarySchema,
  publishFormVersionSchema,
} from './form.schemas';
import { FormSlugPipe } from './form-slug.pipe';
import { FormsService } from './forms.service';

/** Form administration (admin). Every change is a new, audited version. */
@ApiTags('forms')
@ApiBearerAuth()
@RequirePermission(Permission.FORMS_MANAGE)
@Controller('forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @Post()
  @ApiZodResponse(201, formDetailSchema)
  create(@CurrentPrincipal() principal: Principal, @ZodBody(createFormSchema) body: CreateFormBody) {
    return this.forms.create({ type: 'user', id: principal.userId }, body);
  }

  @Put(':slug')
  @ApiZodResponse(200, formDetailSchema, 'The form with its new current version.')
  publish(
    @CurrentPrincipal() principal: Principal,
    @Param('slug', FormSlugPipe) slug: string,
    @ZodBody(publishFormVersionSchema) body: PublishFormVersionBody,
  ) {
    return this.forms.publishVersion({ type: 'user', id: principal.userId }, slug, body);
  }

  @Get()
  @ApiZodResponse(200, z.array(formSummarySchema))
  list() {
    return this.forms.list();
  }

  @Get(':slug')
  @ApiZodResponse(200, formDetailSchema)
  get(@Param('slug', FormSlugPipe) slug: string) {
    return this.forms.get(slug);
  }
}
