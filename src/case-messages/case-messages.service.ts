import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import type {
  CaseTimelineContext,
  CaseTimelineEntry,
  CaseTimelineSource,
} from '../cases/case-timeline-sources';
import { CaseRow, CasesService } from '../cases/cases.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { UUID } from '../common/patterns';
import { KeyPair, wipe } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { KeysService } from '../keys/keys.service';
import type { ReporterStatus } from '../reporter/reporter-status';
import type { ReporterStatusSource } from '../reporter/reporter-status-sources';
import { ReportMessagesService, ThreadMessage } from '../reports/report-messages.service';
import { ReportsService } from '../reports/reports.service';
import type { CaseMessageBody, CaseThreads } from './case-message.schemas';
import { reporterStatusOfCase } from './case-reporter-status';
import { CaseMessageErrorCode, caseMessageError } from './case-messages.errors';

/**
 * Messages between a case and the reporters of its reports. A case may hold reports of different
 * people, so there is no case-wide thread: each report keeps its own thread (sealed to that
 * report's key, readable by its reporter through the receipt), a message goes to the reports it
 * names (default: the first report) as one separate copy per report, and the caseworkers' view
 * lists the threads side by side, never merged. A reporter therefore never sees another report's
 * thread, nor learns that other reports exist.
 */
@Injectable()
export class CaseMessagesService implements CaseTimelineSource, ReporterStatusSource {
  readonly name = 'reporter-messages';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly access: CaseAccessService,
    private readonly keys: KeysService,
    private readonly reports: ReportsService,
    private readonly messages: ReportMessagesService,
  ) {}

  /** Writes `body.text` to the reporter of each named report (one transaction, audited per copy). */
  async send(
    principal: Principal,
    caseId: string,
    body: CaseMessageBody,
  ): Promise<{ messages: { reportId: string; messageId: string }[] }> {
    const caseRow = await this.caseRow(caseId);
    return this.access.withCaseKeyPair(principal, caseRow.keyId, async () => {
      const reportIds = await this.cases.reportIdsOf(caseRow.id);
      const targets = body.reportIds ?? reportIds.slice(0, 1);
      if (targets.length === 0 || targets.some((id) => !reportIds.includes(id)))
        throw caseMessageError(CaseMessageErrorCode.CASE_MESSAGE_REPORT_NOT_IN_CASE);
      return this.dataSource.transaction(async (manager) => {
        const sent: { reportId: string; messageId: string }[] = [];
        for (const reportId of targets) {
          const messageId = await this.messages.addCaseworkerMessage(
            manager,
            reportId,
            principal.userId,
            body.text,
          );
          sent.push({ reportId, messageId });
        }
        return { messages: sent };
      });
    });
  }

  /** Every report's thread of a case, decrypted through the caller's chain of slots. */
  async threads(principal: Principal, caseId: string): Promise<CaseThreads> {
    const caseRow = await this.caseRow(caseId);
    return this.access.withCaseKeyPair(principal, caseRow.keyId, async (caseKeys) => {
      const reportIds = await this.cases.reportIdsOf(caseRow.id);
      const threads = await this.threadsOf(caseRow.keyId, caseKeys, reportIds);
      return {
        threads: threads.map((t) => ({
          reportId: t.reportId,
          readable: t.messages !== null,
          messages: (t.messages ?? []).map((m) => ({ ...m, sentAt: m.sentAt.toISOString() })),
        })),
      };
    });
  }

  /** The timeline source: caseworkers' messages (`message`) and reporters' replies (`reply`). */
  async entries(context: CaseTimelineContext): Promise<CaseTimelineEntry[]> {
    const caseRow = await this.cases.findById(context.caseId);
    if (!caseRow) return [];
    const threads = await this.threadsOf(caseRow.keyId, context.caseKeys, context.reportIds);
    return threads.flatMap((t) =>
      (t.messages ?? []).map((m) => ({
        kind: m.from === 'reporter' ? 'reply' : 'message',
        at: m.sentAt.toISOString(),
        actorId: m.authorUserId,
        body: m.text === null ? null : { reportId: t.reportId, text: m.text, readOn: m.readOn },
      })),
    );
  }

  /** The reporter-facing status of a report in a case: its case's, mapped; null outside a case. */
  async statusOf(reportId: string): Promise<ReporterStatus | null> {
    const report = await this.reports.findById(reportId);
    if (!report) return null;
    for (const holderKeyId of await this.keys.keyHeldSlotHolders(report.keyId)) {
      const caseRow = await this.cases.findById(holderKeyId);
      if (caseRow && caseRow.keyId === holderKeyId) return reporterStatusOfCase(caseRow.status);
    }
    return null;
  }

  private async caseRow(caseId: string): Promise<CaseRow> {
    const caseRow = UUID.test(caseId) ? await this.cases.findById(caseId) : null;
    if (!caseRow) throw commonError(CommonErrorCode.NOT_FOUND);
    return caseRow;
  }

  /** Threads in report order; `messages` null for a report whose key the case key does not open. */
  private async threadsOf(
    caseKeyId: string,
    caseKeys: KeyPair,
    reportIds: string[],
  ): Promise<{ reportId: string; messages: ThreadMessage[] | null }[]> {
    const threads: { reportId: string; messages: ThreadMessage[] | null }[] = [];
    for (const reportId of reportIds) {
      const report = await this.reports.findById(reportId);
      const reportKeys = report
        ? await this.keys.openHeldBy(report.keyId, { keyId: caseKeyId, keys: caseKeys })
        : null;
      if (!reportKeys) {
        threads.push({ reportId, messages: null });
        continue;
      }
      try {
        threads.push({ reportId, messages: await this.messages.thread(reportId, reportKeys) });
      } finally {
        wipe(reportKeys.privateKey);
      }
    }
    return threads;
  }
}
