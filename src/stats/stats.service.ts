import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-event';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config';
import { protectTable } from './disclosure/protect';
import { addNoise } from './privacy/add-noise';
import { PrivacyBudgetService } from './privacy/privacy-budget.service';
import type { StatsAnswer, StatsAudience, StatsCell } from './stats-answer';
import { atomsOf } from './stats-atoms';
import { checkDefinition, type StatsDefinition, type StatsQueryInput } from './stats-definition';
import type { StatsAnswerSource } from './stats-answer-source';
import { statsError, StatsErrorCode } from './stats.errors';
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
export class StatsService implements StatsAnswerSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reads: StatsRepository,
    private readonly ledger: StatsLedgerRepository,
    private readonly audit: AuditService,
    private readonly privacyBudget: PrivacyBudgetService,
  ) {
    // The rounding coin's key, derived from a server secret under its own label: figures round
    // the same way on every node and rerun, and nobody without the server's secrets can tell which
    // true counts round to a published one.
    this.roundingKey = createHmac('sha256', config.secrets.blindIndexKey)
      .update('corridor/stats-rounding/v1')
      .digest();
  }

  private readonly roundingKey: Uint8Array;

  /** Checks the query's rules (each with its own code) and answers it, suppressed or noised. */
  answerQuery(input: StatsQueryInput, audience: StatsAudience, actor: AuditActor): Promise<StatsAnswer> {
    const definition = checkDefinition(input, audience);
    if (input.privacy !== 'dp') return this.answer(definition, audience, actor);
    if (audience !== 'analyst' || actor.type !== 'user')
      throw statsError(StatsErrorCode.STATS_QUERY_INVALID, { fields: ['privacy'] });
    return this.noised(definition, actor.id);
  }

  /**
   * An analyst's free query under differential privacy: ε is debited from their budget first, in
   * the transaction that also audits the answer (no figure leaves without its debit committed),
   * then every cell of the table — zeros of empty combinations and margins included, or the
   * sensitivity would be understated — gets discrete Laplace noise of scale Δ/ε, clipped at zero
   * and rounded. No suppression: the noise is the protection. The answer is not a ledger release:
   * its figures are not exact, so the ledger's subtraction checks have nothing to subtract (its
   * cost is the budget); it is audited with its release id.
   */
  private async noised(definition: StatsDefinition, userId: string): Promise<StatsAnswer> {
    const roundingBase = this.config.stats.roundingBase;
    return this.ledger.serialised(definition.subject, async (manager) => {
      const budget = await this.privacyBudget.spend(userId, undefined, manager);
      const plan = planLedger(definition, []); // this query's own atoms, no earlier release
      const rows = await this.reads.atoms(definition.subject, plan.basis, plan.from, plan.to);
      const table = buildTable(definition, atomsOf(rows, plan.basis));
      const raw = table.cells.map((cell, i) => ({ values: table.specs[i].values, count: cell.value }));
      const { cells, noise } = addNoise(raw, this.privacyBudget.epsilonPerQuery, undefined, { roundingBase });
      const releaseId = randomUUID();
      await this.audit.record(manager, {
        actor: { type: 'user', id: userId },
        action: AuditAction.STATS_QUERIED,
        targetType: 'stats_release',
        targetId: releaseId,
        details: {
          subject: definition.subject,
          groupBy: [...definition.groupBy],
          from: definition.from,
          to: definition.to,
          cells: cells.length,
          suppressed: 0,
          privacy: 'dp',
        },
      });
      return {
        subject: definition.subject,
        groupBy: definition.groupBy,
        from: definition.from,
        to: definition.to,
        cells,
        protection: {
          audience: 'analyst',
          threshold: 0,
          roundingBase,
          method: 'noise',
          releaseId,
          noise: { ...noise, remainingBudget: budget.remainingBudget },
        },
      };
    });
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
      roundingKey: this.roundingKey,
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
