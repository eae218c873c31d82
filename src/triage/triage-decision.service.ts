import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseAccessService } from '../access/case-access.service';
import { Clock } from '../access/clock';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CaseRow, CasesService } from '../cases/cases.service';
import { sealToCase } from '../crypto';
import { KeysService } from '../keys/keys.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReportsService, ReportWithKey } from '../reports/reports.service';
import { UsersService } from '../users/users.service';
import type { DecisionBody } from './dto/triage-bodies';
import { checkId, TriageClaimService } from './triage-claim.service';
import { DECISION_RULES, noteLocation } from './triage-decision';
import { TriageRepository } from './triage.repository';
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
    const result = await this.dataSource.transaction(async (manager) => {
      const state = await this.items.state(reportId, manager, true);
      const held =
        state &&
        !state.decision &&
        state.leaseHolder === principal.userId &&
        state.leaseExpiresAt !== null &&
        state.leaseExpiresAt.getTime() > this.clock.now();
      if (!held) throw await this.claims.whyNotHeld(principal, reportId);
      const report = (await this.reports.findById(reportId, manager))!;

      let caseRow: CaseRow | null = null;
      let duplicateOf: string | undefined;
      if (body.decision === 'open_case') caseRow = await this.openCase(manager, principal, report);
      else if (body.decision === 'attach_to_case')
        caseRow = await this.attach(manager, principal, report, body.caseId!);
      else if (body.decision === 'duplicate')
        duplicateOf = await this.checkOriginal(principal, reportId, body.duplicateOf!);

      const noteKeyId = rule.noteTo === 'case' && caseRow ? caseRow.keyId : report.keyId;
      const note = body.note ? await this.sealNote(manager, reportId, noteKeyId, body.note) : null;
      await this.reports.setStatus(manager, reportId, rule.status);
      await this.items.decide(manager, reportId, body.decision, note);
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
  }

  private async openCase(
    manager: EntityManager,
    principal: Principal,
    report: ReportWithKey,
  ): Promise<CaseRow> {
    const opener = await this.users.getOrNotFound(principal.userId, manager);
    return this.withReportKey(principal, report, (reportPrivateKey) =>
      this.cases.openFromReport(
        manager,
        { reportId: report.id, reportKeyId: report.keyId, reportPrivateKey },
        {
          holderType: 'user',
          holderId: principal.userId,
          holderKeyId: null,
          publicKey: new Uint8Array(opener.publicKey),
        },
      ),
    );
  }

  private async attach(
    manager: EntityManager,
    principal: Principal,
    report: ReportWithKey,
    caseId: string,
  ): Promise<CaseRow> {
    const caseRow = await this.cases.findById(caseId, manager);
    if (!caseRow || !(await this.access.readableCaseIds(principal, [caseRow.keyId])).has(caseRow.keyId))
      throw triageError(TriageErrorCode.TRIAGE_CASE_NOT_FOUND);
    await this.withReportKey(principal, report, (reportPrivateKey) =>
      this.cases.attachReport(manager, caseRow, {
        reportId: report.id,
        reportKeyId: report.keyId,
        reportPrivateKey,
      }),
    );
    return caseRow;
  }

  /** The original of a duplicate: a case or another report the caller can read, else 404. */
  private async checkOriginal(principal: Principal, reportId: string, originalId: string): Promise<string> {
    const caseRow = await this.cases.findById(originalId);
    if (caseRow) {
      if ((await this.access.readableCaseIds(principal, [caseRow.keyId])).has(caseRow.keyId))
        return originalId;
      throw triageError(TriageErrorCode.TRIAGE_CASE_NOT_FOUND);
    }
    const original = originalId === reportId ? null : await this.reports.findById(originalId);
    if (!original || !(await this.access.readableCaseIds(principal, [original.keyId])).has(original.keyId))
      throw triageError(TriageErrorCode.TRIAGE_REPORT_NOT_FOUND);
    return originalId;
  }

  private withReportKey<T>(
    principal: Principal,
    report: ReportWithKey,
    work: (privateKey: Uint8Array) => Promise<T>,
  ) {
    return this.access.withCaseKeyPair(
      principal,
      report.keyId,
      (keys) => work(keys.privateKey),
      new Uint8Array(report.casePublicKey),
    );
  }

  private async sealNote(manager: EntityManager, reportId: string, keyId: string, text: string) {
    const publicKey = await this.keys.publicKeyOf(keyId, manager);
    if (!publicKey) throw new Error('a note for a key without its row');
    return sealToCase(publicKey, text, noteLocation(reportId));
  }
}
