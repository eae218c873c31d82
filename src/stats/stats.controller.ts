import { Controller, Get } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Public, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodQuery } from '../common/http/zod-body';
import { publicFiguresSchema, statsAnswerSchema, type StatsQuery, statsQuerySchema } from './stats.schemas';
import { StatsErrorCode, statsError } from './stats.errors';
import { StatsPublicService } from './stats-public.service';
import { StatsService } from './stats.service';
import { publishedAnswer } from './stats-answer';

const invalid = (fields: string[]) => statsError(StatsErrorCode.STATS_QUERY_INVALID, { fields });

/** Anonymised statistics (docs/api.md "Statistics"): protected counts, never a small one. */
@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly publicFigures: StatsPublicService,
  ) {}

  @Get()
  @ApiBearerAuth()
  @RequirePermission(Permission.STATS_READ)
  @ApiOperation({
    summary:
      'Counts of a subject by up to three dimensions over whole months, with primary and secondary ' +
      'suppression, rounding and the release ledger (a release; audited).',
  })
  @ApiZodResponse(200, statsAnswerSchema)
  @ApiBadRequestResponse({
    description:
      'STATS_QUERY_INVALID, STATS_UNKNOWN_DIMENSION, STATS_DIMENSION_NOT_FOR_SUBJECT, STATS_TOO_MANY_DIMENSIONS, ' +
      'STATS_RANGE_INVALID, STATS_RANGE_TOO_LONG, STATS_TABLE_TOO_LARGE',
  })
  query(@CurrentPrincipal() principal: Principal, @ZodQuery(statsQuerySchema, invalid) query: StatsQuery) {
    return this.stats
      .answerQuery(query, 'analyst', { type: 'user', id: principal.userId })
      .then(publishedAnswer);
  }

  @Get('public')
  @Public()
  @ApiOperation({
    summary: 'The public figures: the configured tables by quarter, public threshold (no auth; cached).',
  })
  @ApiZodResponse(200, publicFiguresSchema)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: public figures are not enabled (STATS_PUBLIC_ENABLED).' })
  figures() {
    return this.publicFigures.figures();
  }
}
