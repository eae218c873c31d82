import { Controller, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../access/decorators';
import { ChallengeDto, FormSlugParams } from './dto/challenge.dto';
import { ChallengeIssuer } from './challenge-issuer.service';

@ApiTags('intake')
@Controller('intake/:slug/challenge')
export class ChallengeController {
  constructor(private readonly issuer: ChallengeIssuer) {}

  @Public()
  @Post()
  @ApiOperation({
    summary: 'A proof-of-work challenge for one submission to this form (404 POW_DISABLED when off).',
  })
  @ApiCreatedResponse({ type: ChallengeDto })
  issue(@Param() params: FormSlugParams, @Req() request: FastifyRequest): Promise<ChallengeDto> {
    return this.issuer.issue(request, params.slug);
  }
}
