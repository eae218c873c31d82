import { Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/decorators';
import { ChallengeDto, FormSlugParams } from './dto/challenge.dto';
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
  @ApiCreatedResponse({ type: ChallengeDto })
  issue(@Param() params: FormSlugParams, @SourceAddress() sourceAddress: string): Promise<ChallengeDto> {
    return this.issuer.issue(sourceAddress, params.slug);
  }
}
