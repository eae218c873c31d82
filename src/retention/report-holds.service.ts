import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { CaseAccessService } from '../keys/case-access.service';
import { ReportRetentionService } from '../reports/report-retention.service';

/**
 * A legal hold on a report (a report's key id is its id): set or cleared by whoever reaches the
 * report by a chain of key slots and holds RETENTION_HOLD — triagers for decided reports (the
 * triage team key holds them). A held report is never deleted, nor its receipt expired, and a
 * case holding it is held too. Anyone else gets 404, as for a report that does not exist.
 */
@Injectable()
export class ReportHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
}
