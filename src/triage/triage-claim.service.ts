import { Inject, Injectable } from '@nestjs/common';
import { CaseAccessService } from '../keys/case-access.service';
import { Clock } from '../access/clock';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { buildAuditEntry } from '../audit/audit-entry-builder';
import { AppError, CommonErrorCode } from '../common/errors';
import { UUID } from '../common/patterns';
import { APP_CONFIG, AppConfig } from '../config';
import { wipe } from '../crypto';
import { FormsService } from '../forms/forms.service';
import { DecryptedReport, ReportContentService, decryptedReportOf } from '../reports/report-content.service';
import { ReportMessagesService, ThreadMessage } from '../reports/report-messages.service';
import { ReportsService } from '../reports/reports.service';
import { DuplicateHint, DuplicateHintsService } from './duplicate-hints.service';
import { PRIORITY_NAMES } from './triage-priority';
import { ClaimedItem, TriageRepository } from './triage.repository';
import { TriageErrorCode, triageError } from './triage.errors';
import { TeamsErrorCode, teamsError } from '../teams/teams.errors';
import { TeamsService } from '../teams/teams.service';

export interface ClaimedReport {
  report: DecryptedReport & {
    priority: 'normal' | 'raised' | 'urgent';
    messages: ThreadMessage[];
    duplicateHints: DuplicateHint[];
  };
  lease: { expiresAt: Date };
}

/**
 * The human claim: the most urgent unclaimed report under a lease that expires by itself. Two
 * statements: the claim (membership, lease limit, the lease, and everything opening the report
 * needs — its row, items and the caller's chains of slots — in one, CLAIM_STATEMENT), then, once
 * the caller's keys have opened it (no connection held meanwhile), the read's audit entry with its
 * first-read hints and the duplicate candidates (one transaction, RECORD_READ_STATEMENT). If the
 * keys do not open the report, the lease is given back and no read is audited.
 */
@Injectable()
export class TriageClaimService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly items: TriageRepository,
    private readonly reports: ReportsService,
    private readonly content: ReportContentService,
    private readonly messages: ReportMessagesService,
    private readonly forms: FormsService,
    private readonly hints: DuplicateHintsService,
    private readonly access: CaseAccessService,
    private readonly teams: TeamsService,
  ) {}

  /** The next report with its lease, or null when none waits. */
  async claim(principal: Principal): Promise<ClaimedReport | null> {
    const { leaseMs, maxLeases } = this.config.triage;
    const now = this.clock.now();
    const claimAt = (at: number) =>
      this.items.claim(principal.userId, new Date(at), new Date(at + leaseMs), maxLeases);
    let claimed = await claimAt(now);
    if (!claimed.member) {
      // A pending member hears so whether or not a report waits (TEAM_MEMBERSHIP_PENDING), a user
      // without the role TEAM_MEMBER_REQUIRED; granted between the two reads: claim again, once.
      await this.teams.assertMember(principal.userId, 'triage');
      claimed = await claimAt(now);
      if (!claimed.member) throw teamsError(TeamsErrorCode.TEAM_MEMBER_REQUIRED, { team: 'triage' });
    }
    const item = claimed.item;
    if (!item) {
      if (claimed.held >= maxLeases) throw triageError(TriageErrorCode.TRIAGE_LEASE_LIMIT, { maxLeases });
      return null;
    }
    try {
      return await this.open(principal, item);
    } catch (error) {
      // Nothing kept of a claim the caller cannot read: the lease goes back at once.
      await this.items.release(item.reportId, principal.userId, new Date(now));
      throw await this.unreadable(principal, error);
    }
  }

  /**
   * Opens a claimed report through the chains read with the claim (checked against its stored
   * public key), decrypts its answers and messages, then records the read (audit entry and
   * first-read hints, one statement) and names the readable duplicate candidates.
   */
  private async open(principal: Principal, item: ClaimedItem): Promise<ClaimedReport> {
    const { report } = item;
    // Cached per form version: no query on the hot path.
    const definition = item.hintsComputed
      ? null
      : await this.forms.definitionOf(report.formId, report.formVersion);
    const keys = await this.access.openThroughChains(principal, item.chains, report.publicKey);
    try {
      const { answers, unreadable } = this.content.openAnswers(item.reportId, keys, report.answers);
      const messages = this.messages.openThread(item.reportId, keys, report.messages);
      const audit = buildAuditEntry({
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.REPORT_CONTENT_DECRYPTED,
        targetType: 'report',
        targetId: item.reportId,
        details: { purpose: 'triage', fields: report.answers.map((a) => a.itemKey) },
      });
      const candidates = await this.items.recordRead(
        item.reportId,
        audit,
        definition ? this.hints.firstReadHints(definition, answers) : [],
        definition !== null,
      );
      return {
        report: {
          ...decryptedReportOf(item.reportId, report, { answers, unreadable }),
          priority: PRIORITY_NAMES[item.priority],
          messages,
          duplicateHints: await this.hints.readableOf(principal, candidates),
        },
        lease: { expiresAt: item.leaseExpiresAt },
      };
    } finally {
      wipe(keys.privateKey);
    }
  }

  /** No chain of slots from the caller to the claimed report: why, in the caller's terms. */
  private async unreadable(principal: Principal, error: unknown): Promise<unknown> {
    if (!(error instanceof AppError && error.code === CommonErrorCode.NOT_FOUND)) return error;
    // A pending member of the triage team hears the teams feature's code: ask for a grant.
    if ((await this.teams.membership(principal.userId, 'triage')) === 'pending')
      return teamsError(TeamsErrorCode.TEAM_MEMBERSHIP_PENDING, { team: 'triage' });
    return triageError(TriageErrorCode.TRIAGE_REPORT_UNREADABLE);
  }

  /** Extends the caller's lease of `reportId` by a full lease from now. */
  async renew(principal: Principal, reportId: string): Promise<{ expiresAt: Date }> {
    checkId(reportId);
    const now = this.clock.now();
    const expiresAt = await this.items.renew(
      reportId,
      principal.userId,
      new Date(now),
      new Date(now + this.config.triage.leaseMs),
    );
    if (!expiresAt) throw await this.whyNotHeld(principal, reportId);
    return { expiresAt };
  }

  /** Gives the lease back: the report is claimable again at once. */
  async release(principal: Principal, reportId: string): Promise<{ released: true }> {
    checkId(reportId);
    if (!(await this.items.release(reportId, principal.userId, new Date(this.clock.now()))))
      throw await this.whyNotHeld(principal, reportId);
    return { released: true };
  }

  /**
   * The error for an act on a lease the caller does not hold: 404 when the caller cannot read the
   * report (or it is not in triage), else whether it is decided already or merely not theirs.
   */
  async whyNotHeld(principal: Principal, reportId: string): Promise<AppError> {
    const [report, state] = await Promise.all([this.reports.findById(reportId), this.items.state(reportId)]);
    const readable =
      report && (await this.access.readableCaseIds(principal, [report.keyId])).has(report.keyId);
    if (!report || !state || !readable) return triageError(TriageErrorCode.TRIAGE_REPORT_NOT_FOUND);
    if (state.decision) return triageError(TriageErrorCode.TRIAGE_ALREADY_DECIDED);
    return triageError(TriageErrorCode.TRIAGE_LEASE_NOT_HELD);
  }
}

export function checkId(id: string): void {
  if (!UUID.test(id)) throw triageError(TriageErrorCode.TRIAGE_INVALID_ID);
}
