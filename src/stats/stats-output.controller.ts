import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ZodQuery } from '../common/http/zod-body';
import { chartSeriesDimension, renderChart, SVG_CONTENT_TYPE } from './render/chart';
import { CSV_CONTENT_TYPE, csvContentDisposition, renderCsv } from './render/csv';
import { statementBreakdown, statementResponse } from './render/statement';
import type { AuditActor } from '../audit/audit-event';
import { checkDefinition } from './stats-definition';
import { STATS_ANSWER_SOURCE, type StatsAnswerSource } from './stats-answer-source';
import {
  ChartQuery,
  chartQuerySchema,
  CsvQuery,
  csvQuerySchema,
  StatementQuery,
  statementQuerySchema,
} from './stats-output.schemas';

const actorOf = (principal: Principal): AuditActor => ({ type: 'user', id: principal.userId });

/**
 * The analysts' outputs of one statistics query: CSV, SVG chart and advocacy statement. Each asks
 * the query service for the protected answer (one release, audited) and renders it; nothing here
 * sees an unprotected figure. `privacy=dp` answers from the analyst's budget, as `GET /stats` does.
 */
@ApiTags('stats')
@ApiBearerAuth()
@RequirePermission(Permission.STATS_READ)
@Controller('stats')
export class StatsOutputController {
  constructor(@Inject(STATS_ANSWER_SOURCE) private readonly stats: StatsAnswerSource) {}

  @Get('export.csv')
  @ApiProduces('text/csv')
  async csv(
    @ZodQuery(csvQuerySchema) query: CsvQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const answer = await this.stats.answerQuery(query, 'analyst', actorOf(principal));
    reply.type(CSV_CONTENT_TYPE).header('content-disposition', csvContentDisposition(answer));
    return renderCsv(answer);
  }

  @Get('chart.svg')
  @ApiProduces('image/svg+xml')
  async chart(
    @ZodQuery(chartQuerySchema) query: ChartQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // Refused before the query runs, so a chart that cannot be drawn records no release.
    chartSeriesDimension(checkDefinition(query).groupBy, query.by);
    const answer = await this.stats.answerQuery(query, 'analyst', actorOf(principal));
    const svg = renderChart(answer, { kind: query.kind, by: query.by, language: query.language });
    reply.type(SVG_CONTENT_TYPE);
    return svg;
  }

  @Get('statement')
  async statement(
    @ZodQuery(statementQuerySchema) query: StatementQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    statementBreakdown(checkDefinition(query).groupBy);
    const answer = await this.stats.answerQuery(query, 'analyst', actorOf(principal));
    return statementResponse(answer, query.language);
  }
}
