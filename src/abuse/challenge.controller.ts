import { Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/decorators';
import { ApiZodResponse, ZodParams } from '../common/http/zod-body';
import { Challenge, FormSlugParams, challengeSchema, formSlugParamsSchema } from './challenge.schemas';
import { ChallengeIssuer } from './challenge-issuer.service';
import { SourceAddress } from '../access/source-address';

@ApiTags('intake')
@Controller('intake/:slug/challenge')
export class ChallengeController {
  constructor(private readonly issuer: ChallengeIssuer) {}

  @Public()
  @Post()
  @ApiOperation({
    summary: 'A proof-of-work challenge for one submission to this form (404 POW_DISABLED when off).',
  })
  @ApiZodResponse(201, challengeSchema)
  issue(
    @ZodParams(formSlugParamsSchema) params: FormSlugParams,
    @SourceAddress() sourceAddress: string,
  ): Promise<Challenge> {
    return this.issuer.issue(sourceAddress, params.slug);
  }
}
