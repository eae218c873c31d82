import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntakeAbuseService } from '../abuse/intake-abuse.service';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { toAppError } from '../common/http/error-mapping';
import { APP_CONFIG, AppConfig } from '../config';
import { isCryptoError, keyPairFromPrivateKey, openReporterSlot, wipe } from '../crypto';
import { ReceiptService } from '../intake/receipt.service';
import { ReportMessagesService } from '../reports/report-messages.service';
import { ReportsService } from '../reports/reports.service';
import { KeysService } from '../keys/keys.service';
import { ReporterErrorCode, reporterError } from './reporter.errors';
import { openReporterSessionSchema, reporterMessageBodySchema } from './reporter.schemas';
import { ReporterMessageLimits } from './reporter-message-limits';
import { ReporterSession, ReporterSessionStore } from './reporter-session.store';
import { reporterStatus, ReporterStatus } from './reporter-status';
import { ReporterStatusSources } from './reporter-status-sources';
import { ReceiptExpiry } from '../retention/receipt-expiry';

export interface ReporterView {
  status: ReporterStatus;
  submittedMonth: string;
  messages: { from: 'reporter' | 'caseworker'; text: string | null; sentOn: string }[];
}

/** The reporter's way back: a receipt opens a short session to read the status and the thread. */
@Injectable()
export class ReporterService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abuse: IntakeAbuseService,
    private readonly receipts: ReceiptService,
    private readonly reports: ReportsService,
    private readonly slots: KeysService,
    private readonly sessions: ReporterSessionStore,
    private readonly messages: ReportMessagesService,
    private readonly messageLimits: ReporterMessageLimits,
    private readonly audit: AuditService,
    private readonly statusSources: ReporterStatusSources,
    private readonly receiptExpiry: ReceiptExpiry,
  ) {}

  private get minResponseMs(): number {
    return this.config.intakeLimits.reporterSessionMinResponseMs;
  }

  /**
   * Opens a session from a receipt. Every failure to find or open the report is the one generic
   * REPORTER_SESSION_FAILED; only rate limiting (429) and an outage (503) answer differently.
   */
  async openSession(sourceAddress: string, body: unknown): Promise<{ token: string; expiresAt: Date }> {
    const startedAt = Date.now();
    try {
      await this.abuse.assertReporterSessionWithinLimits(sourceAddress);
      const parsed = openReporterSessionSchema.safeParse(body);
      if (!parsed.success) throw reporterError(ReporterErrorCode.REPORTER_SESSION_FAILED);
      return await this.open(parsed.data.receipt);
    } catch (error) {
      const appError = toAppError(error);
      throw appError.status === 429 || appError.status === 503
        ? appError
        : reporterError(ReporterErrorCode.REPORTER_SESSION_FAILED);
    } finally {
      const wait = this.minResponseMs - (Date.now() - startedAt);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * The reporter-facing status (the case's, where a source knows it; else the report's) and the
   * thread, decrypted with the key from the session; the caseworkers' messages shown are marked
   * read (a day only).
   */
  async view(token: string | undefined): Promise<ReporterView> {
    const session = await this.resolve(token);
    try {
      const report = await this.reports.findById(session.reportId);
      if (!report) throw reporterError(ReporterErrorCode.REPORTER_UNAUTHENTICATED);
      const caseKeys = keyPairFromPrivateKey(session.casePrivateKey);
      try {
        const thread = await this.messages.thread(report.id, caseKeys);
        if (thread.some((m) => m.from === 'caseworker' && m.readOn === null))
          await this.dataSource.transaction((manager) =>
            this.messages.markReadByReporter(manager, report.id),
          );
        const status = (await this.statusSources.statusOf(report.id)) ?? reporterStatus(report.status);
        return {
          status,
          submittedMonth: report.receivedAt.toISOString().slice(0, 7),
          messages: thread.map((m) => ({
            from: m.from === 'reporter' ? 'reporter' : 'caseworker',
            text: m.text,
            sentOn: m.sentAt.toISOString().slice(0, 10),
          })),
        };
      } finally {
        wipe(caseKeys.privateKey);
      }
    } finally {
      wipe(session.casePrivateKey);
    }
  }

  /**
   * A reporter's message, sealed to the case (the session's key is not needed to write). The rate
   * limit counts every attempt of a session, valid or not, like the intake's limits do.
   */
  async addMessage(token: string | undefined, body: unknown): Promise<{ sent: true }> {
    const session = await this.resolve(token);
    wipe(session.casePrivateKey);
    await this.messageLimits.assertWithinRate(session.reportId);
    const parsed = reporterMessageBodySchema.safeParse(body);
    if (!parsed.success) throw reporterError(ReporterErrorCode.REPORTER_INVALID_MESSAGE);
    const { text } = parsed.data;
    await this.dataSource.transaction(async (manager) => {
      await this.messageLimits.assertBelowCap(manager, session.reportId);
      await this.messages.addReporterMessage(manager, session.reportId, text);
    });
    return { sent: true };
  }

  /** Ends a reporter session at once (the hosted page's "leave" button). */
  async endSession(token: string | undefined): Promise<void> {
    await this.sessions.end(token);
  }

  private async open(receipt: string): Promise<{ token: string; expiresAt: Date }> {
    const secrets = await this.receipts.secretsOf(receipt);
    if (!secrets) throw reporterError(ReporterErrorCode.REPORTER_SESSION_FAILED);
    try {
      const reportId = await this.reports.reportIdByLookup(secrets.lookupId);
      const found = reportId ? await this.reports.findById(reportId) : null;
      // An expired receipt (docs/retention.md) answers exactly as an unknown one, before the run deletes it.
      const report = found && !(await this.receiptExpiry.isExpired(found)) ? found : null;
      const slot = report ? await this.slots.reporterSlot(report.keyId) : null;
      if (!report || !slot) throw reporterError(ReporterErrorCode.REPORTER_SESSION_FAILED);
      const caseKeys = openReporterSlot(
        new Uint8Array(slot.sealedKey),
        secrets.slotKey,
        report.keyId,
        new Uint8Array(report.casePublicKey),
      );
      try {
        const session = await this.sessions.create(report.id, caseKeys.privateKey);
        await this.audit.recordAlone({
          // Which report's reporter came back, and when to the millisecond, stays out of the log.
          actor: { type: 'reporter' },
          action: AuditAction.REPORTER_SESSION_OPENED,
          targetType: 'report',
        });
        return session;
      } finally {
        wipe(caseKeys.privateKey);
      }
    } finally {
      wipe(secrets.slotKey);
    }
  }

  private async resolve(token: string | undefined): Promise<ReporterSession> {
    let session: ReporterSession | null;
    try {
      session = await this.sessions.resolve(token);
    } catch (error) {
      if (isCryptoError(error) || error instanceof SyntaxError) session = null;
      else throw error;
    }
    if (!session) throw reporterError(ReporterErrorCode.REPORTER_UNAUTHENTICATED);
    return session;
  }
}

/** A string field of a JSON object body, or '' (every route here treats '' as invalid). */
