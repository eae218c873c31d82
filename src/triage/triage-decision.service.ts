import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseAccessService } from '../keys/case-access.service';
import { Clock, utcDay } from '../access/clock';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CaseRow, CasesService, ReportKeyToSeal } from '../cases/cases.service';
import { sealToCase, wipe } from '../crypto';
import { KeysService } from '../keys/keys.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReportsService } from '../reports/reports.service';
import { UsersService } from '../users/users.service';
import type { DecisionBody } from './triage.schemas';
import { checkId, TriageClaimService } from './triage-claim.service';
import { DECISION_RULES, noteLocation } from './triage-decision';
import { TriageItemState, TriageRepository } from './triage.repository';
import { TriageErrorCode, triageError } from './triage.errors';

/**
 * A triage decision by the lease holder, in ONE transaction: the item row-locked and checked
 * (held, not expired, not decided), the decision's own work (a case opened, the report's key
 * sealed to a case), the reporter-facing status, the sealed note, the audit entry, the end of the
 * lease. Any refusal leaves everything as it was.
 */
@Injectable()
export class TriageDecisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly items: TriageRepository,
    private readonly claims: TriageClaimService,
    private readonly reports: ReportsService,
    private readonly cases: CasesService,
    private readonly keys: KeysService,
    private readonly users: UsersService,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async decide(
    principal: Principal,
    reportId: string,
    body: DecisionBody,
  ): Promise<{ decision: string; caseId?: string }> {
    checkId(reportId);
    const rule = DECISION_RULES[body.decision];
    // Everything that reads through other connections (access checks, key chains) comes first, so
    // that the transaction below never waits for a second pooled connection; the lease is checked
    // again under the row lock there.
    if (!this.holds(principal, await this.items.state(reportId)))
      throw await this.claims.whyNotHeld(principal, reportId);
    const report = await this.reports.findById(reportId);
    if (!report) throw await this.claims.whyNotHeld(principal, reportId);
    const attachTo =
      body.decision === 'attach_to_case' ? await this.readableCase(principal, body.caseId!) : null;
    if (body.decision === 'duplicate') await this.checkOriginal(principal, reportId, body.duplicateOf!);
    const needsKey = body.decision === 'open_case' || body.decision === 'attach_to_case';
    const reportKeys = needsKey
      ? await this.access.openCaseKeyPair(principal, report.keyId, new Uint8Array(report.casePublicKey))
      : null;
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        const state = await this.items.state(reportId, manager, true);
        if (!this.holds(principal, state))
          throw triageError(
            state?.decision ? TriageErrorCode.TRIAGE_ALREADY_DECIDED : TriageErrorCode.TRIAGE_LEASE_NOT_HELD,
          );
        const sealed = reportKeys
          ? {
              reportId,
              reportKeyId: report.keyId,
              reportPrivateKey: reportKeys.privateKey,
              region: report.region,
            }
          : null;
        let caseRow: CaseRow | null = null;
        if (body.decision === 'open_case') caseRow = await this.openCase(manager, principal, sealed!);
        else if (attachTo) {
          caseRow = attachTo;
          await this.cases.attachReport(manager, caseRow, sealed!);
        }
        const duplicateOf = body.decision === 'duplicate' ? body.duplicateOf : undefined;

        const noteKeyId = rule.noteTo === 'case' && caseRow ? caseRow.keyId : report.keyId;
        const note = body.note ? await this.sealNote(manager, reportId, noteKeyId, body.note) : null;
        await this.reports.setStatus(manager, reportId, rule.status, utcDay(this.clock.now()));
        await this.items.decide(manager, reportId, body.decision, note);
        await this.keys.coarsenSlotTimes(manager, report.keyId);
        await this.audit.record(manager, {
          actor: { type: 'user', id: principal.userId },
          action: AuditAction.TRIAGE_DECIDED,
          targetType: 'report',
          targetId: reportId,
          details: {
            decision: body.decision,
            ...(caseRow ? { caseId: caseRow.id } : {}),
            ...(duplicateOf ? { duplicateOf } : {}),
            note: note !== null,
          },
        });
        return { decision: body.decision, ...(caseRow ? { caseId: caseRow.id } : {}) };
      });
      await this.notifications.pendingChanged();
      return result;
    } finally {
      if (reportKeys) wipe(reportKeys.privateKey);
    }
  }

  /**
   * A decision that needs no key, no named id and no note (`spam`, `no_action`): one statement,
   * the lease checked in it; when it finds no live lease of the caller, the same error as below.
   */
  /** Whether `principal` holds a live lease of the item. */
  private holds(principal: Principal, state: TriageItemState | null): boolean {
    return (
      !!state &&
      !state.decision &&
      state.leaseHolder === principal.userId &&
      state.leaseExpiresAt !== null &&
      state.leaseExpiresAt.getTime() > this.clock.now()
    );
  }

  private async openCase(
    manager: EntityManager,
    principal: Principal,
    report: ReportKeyToSeal,
  ): Promise<CaseRow> {
    const opener = await this.users.getOrNotFound(principal.userId, manager);
    return this.cases.openFromReport(manager, report, {
      holderType: 'user',
      holderId: principal.userId,
      holderKeyId: null,
      publicKey: new Uint8Array(opener.publicKey),
    });
  }

  /** A case the caller can read, else 404 TRIAGE_CASE_NOT_FOUND. */
  private async readableCase(principal: Principal, caseId: string): Promise<CaseRow> {
    const caseRow = await this.cases.findById(caseId);
    if (!caseRow || !(await this.access.readableCaseIds(principal, [caseRow.keyId])).has(caseRow.keyId))
      throw triageError(TriageErrorCode.TRIAGE_CASE_NOT_FOUND);
    return caseRow;
  }

  /** The original of a duplicate: a case or another report the caller can read, else 404. */
  private async checkOriginal(principal: Principal, reportId: string, originalId: string): Promise<void> {
    if (await this.cases.findById(originalId)) {
      await this.readableCase(principal, originalId);
      return;
    }
    const original = originalId === reportId ? null : await this.reports.findById(originalId);
    if (!original || !(await this.access.readableCaseIds(principal, [original.keyId])).has(original.keyId))
      throw triageError(TriageErrorCode.TRIAGE_REPORT_NOT_FOUND);
  }

  private async sealNote(manager: EntityManager, reportId: string, keyId: string, text: string) {
    const publicKey = await this.keys.publicKeyOf(keyId, manager);
    if (!publicKey) throw new Error('a note for a key without its row');
    return sealToCase(publicKey, text, noteLocation(reportId));
  }
}
