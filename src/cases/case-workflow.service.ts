import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { buildAuditEntry } from '../audit/audit-entry-builder';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { CaseAccessService } from '../keys/case-access.service';
import {
  caseEntryLocation,
  caseFieldLocation,
  caseHistoryLocation,
  caseMilestoneLocation,
} from './case-locations';
import type { MilestoneBody, TransitionBody, UpdateBody } from './case-schemas';
import { sealJson } from './case-sealing';
import type { CaseStatus } from './case-status';
import { mayMake, transitionRule } from './case-transitions';
import { CasesErrorCode, casesError } from './cases.errors';
import { CaseTransitionRepository } from './case-transition.repository';
import { LockedCase, CasesRepository } from './cases.repository';

/** What a change answers: the case's status and its new version (for the next change). */
export interface CaseState {
  id: string;
  status: CaseStatus;
  heldFrom: CaseStatus | null;
  version: number;
}

/**
 * The changes of a case by the people working it: status moves (the table in case-transitions.ts),
 * summary, alias, needs and risks, notes, milestones. Each is ONE transaction on the locked case
 * row: the change, its history or timeline entry, its audit entry — or nothing. Writing needs only
 * the case's public key (write without read); who may write is who reaches the case key by a chain
 * of slots, else 404 as for a missing case.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly transitions: CaseTransitionRepository,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A status move in two statements and no held lock: the case's state and the caller's chain to
   * its key read together (with the number its history entry takes), the rules checked on that,
   * then one statement that writes the status, the history entry and the audit entry only if the
   * version is still the one checked — else CASE_VERSION_STALE, as for a stale version sent
   * (case-transition.repository.ts says why that is as safe as the row lock).
   */
  async transition(principal: Principal, caseId: string, body: TransitionBody): Promise<CaseState> {
    const c = await this.transitions.state(caseId, this.access.chainHolderFor(principal, caseId));
    // Missing, or no chain of slots to its key: the same 404.
    if (!c) throw commonError(CommonErrorCode.NOT_FOUND);
    if (c.version !== body.version) throw casesError(CasesErrorCode.CASE_VERSION_STALE);
    const rule = transitionRule(c.status, body.to, c.heldFrom);
    if (!rule) throw casesError(CasesErrorCode.CASE_TRANSITION_NOT_ALLOWED);
    if (!mayMake(rule, principal.roles)) throw casesError(CasesErrorCode.CASE_TRANSITION_ROLE_REQUIRED);
    if (rule.reasonRequired && !body.reason) throw casesError(CasesErrorCode.CASE_REASON_REQUIRED);
    if (rule.outcomeRequired && !body.outcome) throw casesError(CasesErrorCode.CASE_OUTCOME_REQUIRED);
    if (!rule.outcomeRequired && body.outcome) throw casesError(CasesErrorCode.CASE_OUTCOME_NOT_ALLOWED);
    const heldFrom = body.to === 'on_hold' ? c.status : null;
    const outcome = body.outcome ?? null;
    const seq = c.nextHistorySeq;
    // The exact time travels sealed with the reason: plain, a status change keeps its month only.
    const reason = sealJson(
      c.publicKey,
      { at: new Date().toISOString(), reason: body.reason ?? null },
      caseHistoryLocation(c.id, seq),
    );
    const audit = buildAuditEntry({
      actor: { type: 'user', id: principal.userId },
      action: AuditAction.CASE_TRANSITIONED,
      targetType: 'case',
      targetId: c.id,
      details: { from: c.status, to: body.to, ...(outcome ? { outcome } : {}), reason: !!body.reason },
    });
    const moved = await this.transitions.write(
      {
        caseId: c.id,
        version: c.version,
        from: c.status,
        to: body.to,
        heldFrom,
        outcome,
        seq,
        actorId: principal.userId,
        reason,
      },
      audit,
    );
    if (!moved) throw casesError(CasesErrorCode.CASE_VERSION_STALE);
    return { id: c.id, status: body.to, heldFrom, version: c.version + 1 };
  }

  /** Summary and alias (sealed), needs and risks (plain), against the case's version. */
  async update(principal: Principal, caseId: string, body: UpdateBody): Promise<CaseState> {
    return this.change(principal, caseId, async (manager, c) => {
      if (c.version !== body.version) throw casesError(CasesErrorCode.CASE_VERSION_STALE);
      const seal = (column: 'summary' | 'alias', value: string | null | undefined) =>
        value === undefined || value === null
          ? value
          : sealJson(c.publicKey, value, caseFieldLocation(c.id, column));
      await this.cases.setContent(manager, c.id, {
        summary: seal('summary', body.summary),
        alias: seal('alias', body.alias),
      });
      if (body.needs || body.risks) {
        const current = (await this.cases.plainFieldsOf(c.id, manager))!;
        await this.cases.replaceNeedsAndRisks(
          manager,
          c.id,
          [...new Set(body.needs ?? current.needs)],
          [...new Set(body.risks ?? current.risks)],
        );
      }
      const fields = (['summary', 'alias', 'needs', 'risks'] as const).filter((f) => body[f] !== undefined);
      await this.addEntry(manager, c, principal.userId, 'event', { event: 'details_changed', fields });
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.CASE_UPDATED,
        targetType: 'case',
        targetId: c.id,
        details: { fields: [...fields] },
      });
      return { id: c.id, status: c.status, heldFrom: c.heldFrom, version: c.version + 1 };
    });
  }

  async addNote(principal: Principal, caseId: string, text: string): Promise<{ seq: number }> {
    return this.change(principal, caseId, async (manager, c) => {
      const seq = await this.addEntry(manager, c, principal.userId, 'note', { text });
      await this.cases.markActivity(manager, c.id);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.CASE_NOTE_ADDED,
        targetType: 'case',
        targetId: c.id,
        details: { seq },
      });
      return { seq };
    });
  }

  /** A milestone reached: its month plain (statistics), its details sealed. Each once per case. */
  async addMilestone(principal: Principal, caseId: string, body: MilestoneBody) {
    return this.change(principal, caseId, async (manager, c) => {
      const details = sealJson(
        c.publicKey,
        { at: new Date().toISOString(), details: body.details ?? null },
        caseMilestoneLocation(c.id, body.milestone),
      );
      const added = await this.cases.insertMilestone(manager, {
        caseId: c.id,
        milestone: body.milestone,
        month: body.month,
        details,
      });
      if (!added) throw casesError(CasesErrorCode.CASE_MILESTONE_EXISTS);
      await this.cases.markActivity(manager, c.id);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.CASE_MILESTONE_RECORDED,
        targetType: 'case',
        targetId: c.id,
        details: { milestone: body.milestone },
      });
      return { milestone: body.milestone, month: body.month };
    });
  }

  /**
   * An entry of the case's own timeline (a note, an event), sealed with its exact time to its row;
   * the caller holds the case row's lock. Exported for the assignee changes, which add events.
   */
  async addEntry(
    manager: EntityManager,
    c: LockedCase,
    actorId: string | null,
    kind: 'note' | 'event',
    body: Record<string, unknown>,
  ): Promise<number> {
    const seq = await this.cases.nextSeq(manager, 'case_entries', c.id);
    await this.cases.insertEntry(manager, {
      caseId: c.id,
      seq,
      kind,
      actorId,
      body: sealJson(
        c.publicKey,
        { at: new Date().toISOString(), ...body },
        caseEntryLocation(c.id, seq, kind),
      ),
    });
    return seq;
  }

  /** The access check (a chain of slots, else 404), then `work` on the locked row in one transaction. */
  async change<T>(
    principal: Principal,
    caseId: string,
    work: (manager: EntityManager, c: LockedCase) => Promise<T>,
  ): Promise<T> {
    await this.access.assertReadable(principal, caseId);
    return this.dataSource.transaction(async (manager) => {
      const c = await this.cases.lockCase(manager, caseId);
      if (!c) throw commonError(CommonErrorCode.NOT_FOUND);
      return work(manager, c);
    });
  }
}
