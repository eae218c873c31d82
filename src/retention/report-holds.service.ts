import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, utcDay } from '../access/clock';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import type { PostponeBody } from '../cases/case-schemas';
import { APP_CONFIG, AppConfig } from '../config';
import { type ContentLocation, sealToCase } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { KeysService } from '../keys/keys.service';
import { ReportRetentionService } from '../reports/report-retention.service';
import type { ReportRetentionState } from './form-retention.schemas';
import { DAY_MS } from './retention-policy';
import { RetentionErrorCode, retentionError } from './retention.errors';

/** Why a report's deletion was postponed: `reports.retain_reason`, row = the report id. */
export function reportRetainReasonLocation(reportId: string): ContentLocation {
  return { purpose: 'report-retain-reason', table: 'reports', column: 'retain_reason', rowId: reportId };
}

/**
 * A legal hold on a report (a report's key id is its id), and the postponement of a decided
 * report's deletion: set or cleared by whoever reaches the report by a chain of key slots and
 * holds RETENTION_HOLD — triagers for decided reports (the triage team key holds them). A held
 * report is never deleted, nor its receipt expired, and a case holding it is held too. A
 * postponed report is kept through its day. Anyone else gets 404, as for a report that does not
 * exist.
 */
@Injectable()
export class ReportHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keys: KeysService,
    private readonly access: CaseAccessService,
    private readonly reports: ReportRetentionService,
    private readonly audit: AuditService,
  ) {}

  async setLegalHold(
    principal: Principal,
    reportId: string,
    hold: boolean,
  ): Promise<{ id: string; legalHold: boolean }> {
    await this.access.assertReadable(principal, reportId);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.reports.setLegalHold(manager, reportId, hold)))
        throw commonError(CommonErrorCode.NOT_FOUND);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: hold ? AuditAction.RETENTION_LEGAL_HOLD_SET : AuditAction.RETENTION_LEGAL_HOLD_CLEARED,
        targetType: 'report',
        targetId: reportId,
        details: {},
      });
    });
    return { id: reportId, legalHold: hold };
  }

  /**
   * Keeps a decided report that is in no case through `until` (after today, at most
   * RETENTION_MAX_DAYS ahead), whatever its policy says; the reason sealed to the report key (bound
   * to `reports.retain_reason` of this report), the audit entry holding the day only. A new
   * postponement replaces the last one (it may shorten it). The receipt's own expiry is not
   * postponed (a legal hold freezes it). An undecided report (never deleted) or one in a case (it
   * goes with its case) answers 409 RETENTION_REPORT_NOT_POSTPONABLE.
   */
  async postpone(principal: Principal, reportId: string, body: PostponeBody): Promise<ReportRetentionState> {
    await this.access.assertReadable(principal, reportId);
    const now = this.clock.now();
    const today = utcDay(now);
    const latest = utcDay(now + this.config.retention.maxDays * DAY_MS);
    await this.dataSource.transaction(async (manager) => {
      const report = await this.reports.lockForPostponement(manager, reportId);
      if (!report) throw commonError(CommonErrorCode.NOT_FOUND);
      if (!report.decidedOn || report.inCase)
        throw retentionError(RetentionErrorCode.RETENTION_REPORT_NOT_POSTPONABLE);
      if (body.until <= today || body.until > latest)
        throw retentionError(RetentionErrorCode.RETENTION_POSTPONE_OUT_OF_RANGE, { latest });
      const publicKey = await this.keys.publicKeyOf(report.keyId, manager);
      if (!publicKey) throw new Error('a report without its key row');
      const reason = sealToCase(
        publicKey,
        JSON.stringify({ reason: body.reason, until: body.until }),
        reportRetainReasonLocation(reportId),
      );
      await this.reports.setPostponement(manager, reportId, body.until, reason);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.RETENTION_POSTPONED,
        targetType: 'report',
        targetId: reportId,
        details: { until: body.until },
      });
    });
    return { id: reportId, retainUntil: body.until };
  }
}
