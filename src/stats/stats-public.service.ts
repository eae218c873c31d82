import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../access/clock';
import { APP_CONFIG, type AppConfig } from '../config';
import { CommonErrorCode, commonError } from '../common/errors';
import {
  publishedAnswer,
  type PublishedStatsAnswer,
  type StatsDimension,
  type StatsSubject,
} from './stats-answer';
import { addMonths, quarterStart, utcMonth } from './stats-months';
import { checkDefinition } from './stats-definition';
import { StatsService } from './stats.service';

export interface PublicFigures {
  /** The months covered: the last STATS_PUBLIC_QUARTERS complete quarters. */
  readonly from: string;
  readonly to: string;
  readonly tables: readonly PublishedStatsAnswer[];
}

/**
 * The public figures (`GET /stats/public`): the configured tables (STATS_PUBLIC_TABLES), by
 * quarter only, over the last complete quarters, protected for the public audience (its higher
 * threshold; checked against earlier public releases only). Answered from memory for
 * STATS_PUBLIC_CACHE_SECONDS: the figures change slowly, and each computation is a release in the
 * ledger and an audit entry. Nothing exists here when STATS_PUBLIC_ENABLED is off (404).
 */
@Injectable()
export class StatsPublicService implements OnModuleInit {
  private cached: { until: number; figures: Promise<PublicFigures> } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly stats: StatsService,
    private readonly clock: Clock,
  ) {}

  /** A configured table the rules refuse (`cases:category`) stops the start, not a later request. */
  onModuleInit(): void {
    if (!this.config.stats.publicEnabled) return;
    for (const definition of this.definitions('2000-01', '2000-12')) checkDefinition(definition, 'public');
  }

  figures(): Promise<PublicFigures> {
    if (!this.config.stats.publicEnabled) throw commonError(CommonErrorCode.NOT_FOUND);
    const now = this.clock.now();
    if (this.cached && this.cached.until > now) return this.cached.figures;
    const figures = this.compute(now);
    this.cached = { until: now + this.config.stats.publicCacheSeconds * 1000, figures };
    figures.catch(() => (this.cached = undefined));
    return figures;
  }

  private async compute(now: number): Promise<PublicFigures> {
    const to = addMonths(quarterStart(utcMonth(new Date(now))), -1);
    const from = addMonths(to, 1 - 3 * this.config.stats.publicQuarters);
    const tables: PublishedStatsAnswer[] = [];
    for (const definition of this.definitions(from, to))
      tables.push(publishedAnswer(await this.stats.answerQuery(definition, 'public', { type: 'system' })));
    return { from, to, tables };
  }

  private definitions(from: string, to: string) {
    return this.config.stats.publicTables.map((table) => ({
      subject: table.subject as StatsSubject,
      groupBy: ['quarter', ...(table.dimension ? [table.dimension] : [])] as StatsDimension[],
      from,
      to,
    }));
  }
}
