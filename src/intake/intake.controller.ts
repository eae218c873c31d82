import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/decorators';
import { FormSlugPipe } from '../forms/form-slug.pipe';
import { ApiZodResponse, UnparsedBody } from '../common/http/zod-body';
import { intakeAnswerSchema, publicFormSchema } from './intake-answers';
import { intakeReportBodySchema } from './intake-body';
import { PublicFormService } from './public-form.service';
import { PublicIntakeService } from './public-intake.service';
import { SourceAddress } from '../access/source-address';
import { SignedRequest, type SignedRequestParts } from '../channels/signed-request';
import { ClientGone } from '../common/http/client-gone';

/** The public intake: a form's public definition, and report submission in both modes. */
@ApiTags('intake')
@Controller()
export class IntakeController {
  constructor(
    private readonly publicForms: PublicFormService,
    private readonly intake: PublicIntakeService,
  ) {}

  @Public()
  @Get('forms/:slug/public')
  @ApiOperation({ summary: 'The published definition and what a browser needs to encrypt a report.' })
  @ApiZodResponse(200, publicFormSchema)
  describe(@Param('slug', FormSlugPipe) slug: string) {
    return this.publicForms.describe(slug);
  }

  @Public()
  @Post('intake/:slug/reports')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Submit a report: `{answers, language?}` (the server encrypts at once; answers 201 {receipt}) or ' +
      '`{sealed, statistics, language?}` (encrypted by the client; answers 201 {reportId, status}).',
  })
  @ApiZodResponse(201, intakeAnswerSchema)
  submit(
    @SourceAddress() address: string,
    @SignedRequest() signed: SignedRequestParts,
    @Param('slug') slug: string,
    // Unparsed here: the rate limit, proof of work and channel signature come before the body is
    // read, so an abusive client learns nothing about it; PublicIntakeService parses it with the
    // same schema.
    @UnparsedBody(intakeReportBodySchema) body: unknown,
    @ClientGone() clientGone: AbortSignal,
  ) {
    return this.intake.accept({ address, signed, clientGone }, slug, body);
  }
}
