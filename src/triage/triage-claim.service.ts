import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseAccessService } from '../keys/case-access.service';
import { Clock } from '../access/clock';
import type { Principal } from '../access/principal';
import { AppError, CommonErrorCode } from '../common/errors';
import { UUID } from '../common/patterns';
import { APP_CONFIG, AppConfig } from '../config';
import { FormsService } from '../forms/forms.service';
import { DecryptedReport, ReportContentService } from '../reports/report-content.service';
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
 * The human claim: the most urgent unclaimed report under a lease that expires by itself. The
 * claim is one short transaction (so that no connection is held while keys are opened); if the
 * caller's keys then do not open the report (a pending team member), the lease is given back and
 * no read is audited. The read, the first-read hints and its audit entry commit together.
 */
@Injectable()
export class TriageClaimService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    // A pending member hears so whether or not a report waits (TEAM_MEMBERSHIP_PENDING).
    await this.teams.assertMember(principal.userId, 'triage');
    const now = this.clock.now();
    const item = await this.dataSource.transaction(async (manager) => {
      await this.items.lockClaimer(manager, principal.userId);
      const claimed = await this.items.claim(
        manager,
        principal.userId,
        new Date(now),
        new Date(now + leaseMs),
        maxLeases,
      );
      if (!claimed.item && claimed.held >= maxLeases)
        throw triageError(TriageErrorCode.TRIAGE_LEASE_LIMIT, { maxLeases });
      return claimed.item;
    });
    if (!item) return null;
    try {
      return await this.open(principal, item);
    } catch (error) {
      // Nothing kept of a claim the caller cannot read: the lease goes back at once.
      await this.items.release(item.reportId, principal.userId, new Date(now));
      throw await this.unreadable(principal, error);
    }
  }

  /**
   * Opens a claimed report through the caller's chain of slots (no database connection held
   * meanwhile), then reads its answers, stores first-read hints and audits the read in one
   * transaction.
   */
  private async open(principal: Principal, item: ClaimedItem): Promise<ClaimedReport> {
    const report = await this.reports.findById(item.reportId);
    if (!report) throw new Error('a triage item without its report');
    // Read before the transaction: nothing in it may wait for a second pooled connection.
    const definition = item.hintsComputed
      ? null
      : await this.forms.definitionOf(report.formId, report.formVersion);
    return this.access.withCaseKeyPair(
      principal,
      report.keyId,
      async (keys) => {
        const read = await this.dataSource.transaction(async (manager) => {
          const answers = await this.content.readAnswers(
            { type: 'user', id: principal.userId },
            item.reportId,
            keys,
            'triage',
            manager,
          );
          if (definition)
            await this.hints.recordAtFirstRead(manager, item.reportId, definition, answers.answers);
          return answers;
        });
        return {
          report: {
            ...read,
            priority: PRIORITY_NAMES[item.priority],
            messages: await this.messages.thread(item.reportId, keys),
            duplicateHints: await this.hints.readableCandidates(principal, item.reportId),
          },
          lease: { expiresAt: item.leaseExpiresAt },
        };
      },
      new Uint8Array(report.casePublicKey),
    );
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
