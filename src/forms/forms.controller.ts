import { Body, Controller, Get, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import { CreateFormDto, FormDetailDto, FormSummaryDto, PublishFormVersionDto } from './dto/form.dto';
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
  @ApiCreatedResponse({ type: FormDetailDto })
  create(@Req() req: FastifyRequest, @Body() body: CreateFormDto) {
    return this.forms.create({ type: 'user', id: req.principal!.userId }, body);
  }

  @Put(':slug')
  @ApiOkResponse({ type: FormDetailDto, description: 'The form with its new current version.' })
  publish(
    @Req() req: FastifyRequest,
    @Param('slug', FormSlugPipe) slug: string,
    @Body() body: PublishFormVersionDto,
  ) {
    return this.forms.publishVersion({ type: 'user', id: req.principal!.userId }, slug, body);
  }

  @Get()
  @ApiOkResponse({ type: [FormSummaryDto] })
  list() {
    return this.forms.list();
  }

  @Get(':slug')
  @ApiOkResponse({ type: FormDetailDto })
  get(@Param('slug', FormSlugPipe) slug: string) {
    return this.forms.get(slug);
  }
}
