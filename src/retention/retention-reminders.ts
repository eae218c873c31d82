import { Inject, Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CaseRetentionService, type CaseCutoff } from '../cases/case-retention.service';
import { APP_CONFIG, AppConfig } from '../config';
import { JobName } from '../queue/queue-names';
import { ReportRetentionService, type RetentionCutoff } from '../reports/report-retention.service';
import { DAY_MS } from './retention-policy';

export interface RetentionReminderCounts {
  /** Cases that the runs of the next `withinDays` days will delete (not due yet today). */
  cases: number;
  /** Decided reports likewise. */
  reports: number;
  withinDays: number;
}

type CutoffsOn = (day: string) => { reports: RetentionCutoff[]; cases: CaseCutoff[] };

/**
 * Reminders before deletion, like the cases' timed reminders: counts only — no id, no content —
 * recorded in the audit log for the coordinators ("N cases will be deleted in the next 7 days"),
 * so that a case worth keeping can still be postponed or held. What a run on day today + N would
 * delete, less what is due today.
 */
@Injectable()
export class RetentionReminders {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseRetentionService,
    private readonly reports: ReportRetentionService,
    private readonly audit: AuditService,
  ) {}

  async raise(today: string, cutoffsOn: CutoffsOn): Promise<RetentionReminderCounts | null> {
    const withinDays = this.config.retention.reminderDays;
    if (withinDays === 0) return null;
    const later = new Date(Date.parse(`${today}T00:00:00.000Z`) + withinDays * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const [now, then] = [cutoffsOn(today), cutoffsOn(later)];
    const due = async (day: string, c: ReturnType<CutoffsOn>) => ({
      cases: sum(await this.cases.standing(c.cases, day)),
      reports: sum(await this.reports.standing(c.reports, day)),
    });
    const [a, b] = [await due(today, now), await due(later, then)];
    const counts = {
      cases: Math.max(0, b.cases - a.cases),
      reports: Math.max(0, b.reports - a.reports),
      withinDays,
    };
    if (counts.cases || counts.reports)
      await this.audit.recordAlone({
        actor: { type: 'rule', id: JobName.RETENTION_RUN },
        action: AuditAction.RETENTION_REMINDERS_RAISED,
        details: { ...counts },
      });
    return counts;
  }
}

const sum = (rows: { due: number }[]) => rows.reduce((n, r) => n + r.due, 0);
