import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-event';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config';
import { protectTable } from './disclosure/protect';
import type { StatsAnswer, StatsAudience, StatsCell } from './stats-answer';
import { atomsOf } from './stats-atoms';
import { checkDefinition, type StatsDefinition, type StatsQueryInput } from './stats-definition';
import { ledgerCells, planLedger } from './stats-ledger';
import { StatsLedgerRepository, type StoredRelease } from './stats-ledger.repository';
import { StatsRepository } from './stats.repository';
import { buildTable } from './stats-table';
import { MULTI_VALUED, STATS_LIMITS } from './stats-vocabulary';

/** The audiences whose earlier releases a new release of `audience` is checked against. */
const VISIBLE_RELEASES: Readonly<Record<StatsAudience, readonly StatsAudience[]>> = {
  // An analyst also sees every public figure; the public sees only public figures.
  analyst: ['analyst', 'public'],
  public: ['public'],
};

/**
 * Statistics with disclosure control (docs/design.md, "Statistics"). `answer` is the one way to a
 * figure, for every output (JSON, CSV, chart, statement, public figures, the CLI): it counts the
 * finest atoms over plain columns, derives the cells and margins, protects them with
 * `protectTable` against this table and the earlier releases it overlaps, records the release in
 * the ledger and audits the query (definition and cell counts, never a figure) — all in one
 * transaction holding the subject's ledger lock.
 */
@Injectable()
export class StatsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reads: StatsRepository,
    private readonly ledger: StatsLedgerRepository,
    private readonly audit: AuditService,
  ) {}

  /** Checks the query's rules (each with its own code) and answers it. */
  answerQuery(input: StatsQueryInput, audience: StatsAudience, actor: AuditActor): Promise<StatsAnswer> {
    return this.answer(checkDefinition(input, audience), audience, actor);
  }

  async answer(
    definition: StatsDefinition,
    audience: StatsAudience,
    actor: AuditActor,
  ): Promise<StatsAnswer> {
    const threshold = audience === 'public' ? this.config.stats.publicThreshold : this.config.stats.threshold;
    const params = {
      threshold,
      roundingBase: this.config.stats.roundingBase,
      timeLimitMs: this.config.stats.solverTimeLimitMs,
    };
    return this.ledger.serialised(definition.subject, async (manager) => {
      const earlier = await this.ledger.overlapping(
        manager,
        definition.subject,
        VISIBLE_RELEASES[audience],
        definition.from,
        definition.to,
        STATS_LIMITS.ledgerReleases,
      );
      const plan = planLedger(definition, earlier);
      const rows = await this.reads.atoms(definition.subject, plan.basis, plan.from, plan.to);
      const table = buildTable(definition, atomsOf(rows, plan.basis));
      const multiValued = definition.groupBy.some((d) => MULTI_VALUED.has(d));
      const ledger = ledgerCells(plan, table.atoms, table.cells, threshold, multiValued);
      const result = await protectTable(table.cells, table.equations, ledger, params);
      const release: StoredRelease = {
        id: randomUUID(),
        ...definition,
        audience,
        method: result.method,
        threshold,
        roundingBase: params.roundingBase,
        cells: result.cells.map((cell, i) => ({
          values: table.specs[i].values,
          suppressed: cell.suppressed,
          reason: cell.suppressed ? cell.reason : null,
          published: cell.suppressed ? null : cell.value,
        })),
      };
      await this.ledger.record(manager, release);
      const cells: StatsCell[] = release.cells.map((cell) =>
        cell.suppressed
          ? { values: cell.values, suppressed: true, reason: cell.reason! }
          : { values: cell.values, suppressed: false, count: cell.published! },
      );
      await this.audit.record(manager, {
        actor,
        action: AuditAction.STATS_QUERIED,
        targetType: 'stats_release',
        targetId: release.id,
        details: {
          subject: definition.subject,
          groupBy: [...definition.groupBy],
          from: definition.from,
          to: definition.to,
          public: audience === 'public',
          cells: cells.length,
          suppressed: cells.filter((c) => c.suppressed).length,
        },
      });
      return {
        subject: definition.subject,
        groupBy: definition.groupBy,
        from: definition.from,
        to: definition.to,
        cells,
        protection: {
          audience,
          threshold,
          roundingBase: params.roundingBase,
          method: result.method,
          releaseId: release.id,
        },
      };
    });
  }
}
