import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, utcDay } from '../access/clock';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { caseRetainReasonLocation } from './case-locations';
import {
  CaseCutoff,
  CaseRetentionRepository,
  CaseStanding,
  DeletedCaseRows,
  DueCase,
} from './case-retention.repository';
import type { PostponeBody } from './case-schemas';
import { sealJson } from './case-sealing';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesErrorCode, casesError } from './cases.errors';

export type {
  CaseCutoff,
  CaseStanding,
  DeletedCaseRows,
  DueCase,
  FinishedStatus,
} from './case-retention.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CaseRetentionState {
  id: string;
  legalHold: boolean;
  retainUntil: string | null;
}

/**
 * The cases feature's side of retention: a coordinator's postponement and legal hold of a case
 * (through the caller's chain of key slots, like every case change), and, for the retention
 * feature's run, which finished cases are past a cutoff it computed and their deletion in its
 * transaction. No policy here.
 */
@Injectable()
export class CaseRetentionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: CaseRetentionRepository,
    private readonly workflow: CaseWorkflowService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Keeps the case through `until` (after today, at most RETENTION_MAX_DAYS ahead), whatever its
   * policy says; the reason sealed to the case key, the audit entry holding the day only. A new
   * postponement replaces the last one (it may shorten it).
   */
  postpone(principal: Principal, caseId: string, body: PostponeBody): Promise<CaseRetentionState> {
    const now = this.clock.now();
    const today = utcDay(now);
    const latest = utcDay(now + this.config.retention.maxDays * DAY_MS);
    return this.workflow.change(principal, caseId, async (manager, c) => {
      if (body.until <= today || body.until > latest)
        throw casesError(CasesErrorCode.CASE_POSTPONE_OUT_OF_RANGE, { latest });
      const reason = sealJson(
        c.publicKey,
        { reason: body.reason, until: body.until },
        caseRetainReasonLocation(c.id),
      );
      await this.repository.setPostponement(manager, c.id, body.until, reason);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.RETENTION_POSTPONED,
        targetType: 'case',
        targetId: c.id,
        details: { until: body.until },
      });
      return this.stateOf(manager, c.id);
    });
  }

  /** Sets (`hold`) or clears a legal hold: a held case is never deleted. Idempotent; audited each time. */
  setLegalHold(principal: Principal, caseId: string, hold: boolean): Promise<CaseRetentionState> {
    return this.workflow.change(principal, caseId, async (manager, c) => {
      await this.repository.setLegalHold(manager, c.id, hold);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: hold ? AuditAction.RETENTION_LEGAL_HOLD_SET : AuditAction.RETENTION_LEGAL_HOLD_CLEARED,
        targetType: 'case',
        targetId: c.id,
        details: {},
      });
      return this.stateOf(manager, c.id);
    });
  }

  lockDue(manager: EntityManager, cutoffs: CaseCutoff[], today: string, limit: number): Promise<DueCase[]> {
    return this.repository.lockDue(manager, cutoffs, today, limit);
  }

  standing(cutoffs: CaseCutoff[], today: string): Promise<CaseStanding[]> {
    return this.repository.standing(cutoffs, today);
  }

  deleteCases(manager: EntityManager, ids: string[]): Promise<DeletedCaseRows> {
    return this.repository.deleteCases(manager, ids);
  }

  private async stateOf(manager: EntityManager, id: string): Promise<CaseRetentionState> {
    return { id, ...(await this.repository.retentionOf(manager, id)) };
  }
}
