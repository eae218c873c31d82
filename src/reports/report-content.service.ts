import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import type { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { KeyPair, equalBytes, isCryptoError, openFromCaseAsString } from '../crypto';
import type { AnswerValue, ReportChannel, StatisticValue } from './report.entity';
import { answerLocation } from './report-locations';
import { ReportsRepository } from './reports.repository';

export interface DecryptedReport {
  reportId: string;
  formId: string;
  formVersion: number;
  channel: ReportChannel;
  language: string | null;
  receivedAt: Date;
  /** The sensitive answers, decrypted. */
  answers: Record<string, AnswerValue>;
  /**
   * Answers that did not open (a client in sealed mode can send well-formed garbage that the
   * server cannot detect): named, so a triager knows something is missing.
   */
  unreadable: string[];
  /** The statistical answers (stored plain). */
  statistics: Record<string, StatisticValue>;
  urgencyFlags: string[];
}

/**
 * Reads a report's answers for someone who opened its case key (through CaseAccessService).
 * Every read is audited with which fields were opened — never what they said.
 */
@Injectable()
export class ReportContentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  async readAnswers(
    reader: AuditActor,
    reportId: string,
    caseKeys: KeyPair,
    purpose = 'triage',
    /** The caller's transaction (a claim reads and audits inside it), else one of its own. */
    inTransaction?: EntityManager,
  ): Promise<DecryptedReport> {
    const run = <T>(work: (manager: EntityManager) => Promise<T>) =>
      inTransaction ? work(inTransaction) : this.dataSource.transaction(work);
    return run(async (manager) => {
      const report = await this.reports.findById(reportId, manager);
      // A key pair for another case opens nothing here: same answer as a missing report.
      if (!report || !equalBytes(new Uint8Array(report.casePublicKey), caseKeys.publicKey)) {
        throw commonError(CommonErrorCode.NOT_FOUND);
      }
      const items = await this.reports.listItems(reportId, 'answer', manager);
      const { answers, unreadable } = this.openAnswers(reportId, caseKeys, items);
      await this.audit.record(manager, {
        actor: reader,
        action: AuditAction.REPORT_CONTENT_DECRYPTED,
        targetType: 'report',
        targetId: reportId,
        details: { purpose, fields: items.map((i) => i.itemKey) },
      });
      return decryptedReportOf(reportId, report, { answers, unreadable });
    });
  }

  /**
   * Opens answer items already read (a fast path reads them with its claim); the caller audits
   * the read in the transaction that hands the answers out.
   */
  openAnswers(
    reportId: string,
    caseKeys: KeyPair,
    items: AnswerItem[],
  ): { answers: Record<string, AnswerValue>; unreadable: string[] } {
    const answers: Record<string, AnswerValue> = {};
    const unreadable: string[] = [];
    for (const item of items) {
      const value = openAnswer(caseKeys, reportId, item.itemKey, new Uint8Array(item.envelope));
      if (value === undefined) unreadable.push(item.itemKey);
      else answers[item.itemKey] = value;
    }
    return { answers, unreadable };
  }
}

/** A stored answer item: its field key and envelope. */
/** A report's plain facts and its opened answers, as the readers of a report see them. */
export function decryptedReportOf(
  reportId: string,
  report: Pick<
    DecryptedReport,
    'formId' | 'formVersion' | 'channel' | 'language' | 'receivedAt' | 'statistics' | 'urgencyFlags'
  >,
  opened: Pick<DecryptedReport, 'answers' | 'unreadable'>,
): DecryptedReport {
  return {
    reportId,
    formId: report.formId,
    formVersion: report.formVersion,
    channel: report.channel,
    language: report.language,
    receivedAt: report.receivedAt,
    answers: opened.answers,
    unreadable: opened.unreadable,
    statistics: report.statistics,
    urgencyFlags: report.urgencyFlags,
  };
}

export interface AnswerItem {
  itemKey: string;
  envelope: Uint8Array;
}

function openAnswer(
  caseKeys: KeyPair,
  reportId: string,
  key: string,
  envelope: Uint8Array,
): AnswerValue | undefined {
  try {
    return JSON.parse(openFromCaseAsString(caseKeys, envelope, answerLocation(reportId, key))) as AnswerValue;
  } catch (error) {
    if (isCryptoError(error) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
