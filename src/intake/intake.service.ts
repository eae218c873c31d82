import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AuditAction } from '../audit/audit-action';
import type { AuditActor } from '../audit/audit-event';
import { buildAuditEntry } from '../audit/audit-entry-builder';
import { generateCaseKeyPair, initCrypto, sealKeySlot, sealToCase, wipe } from '../crypto';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import type { NewKeySlot } from '../keys/keys.service';
import { assertValidOutboxEntry } from '../outbox/job-options';
import { TRIAGE_JOB_KIND } from './triage-job';
import { checkPlaintextAnswers, checkSealedAnswers, encodeAnswer, ReportStatistics } from './form-answers';
import type { PlaintextBody, SealedBody } from './intake-body';
import { IntakeErrorCode, intakeError } from './intake.errors';
import { ReceiptService } from './receipt.service';
import { RecipientsService } from '../teams/recipients.service';
import { answerLocation } from '../reports/report-locations';
import type { ReportChannel } from '../reports/report.entity';
import { NewAnswerItem, ReportsService } from '../reports/reports.service';
import { checkSealedReport } from './sealed-report';
import { APP_CONFIG, AppConfig } from '../config';
import type { ContactHint } from '../reports/report-contact-hints';
import { contactHints, hintSettings } from '../triage/contact-hints';

/** Who submits, through which channel: set by the controller (web, a signed channel, an operator). */
export interface Submission {
  slug: string;
  channel: ReportChannel;
  actor: AuditActor;
  /** Fires when the client stopped waiting: work not yet started for it may be dropped. */
  clientGone?: AbortSignal;
}

interface OpenForm {
  formId: string;
  version: number;
  definition: FormDefinition;
}

interface StoredReport {
  reportId: string;
  form: OpenForm;
  language: string | null;
  statistics: ReportStatistics;
  casePublicKey: Uint8Array;
  answers: NewAnswerItem[];
  slots: NewKeySlot[];
  lookupId: string;
  clientEncrypted: boolean;
  /** Duplicate hints of the contact answers (plaintext mode; sealed mode adds them at first read). */
  contactHints: ContactHint[];
}

/**
 * Intake in both modes. They store exactly the same thing — a report with plain statistical
 * columns, one envelope per sensitive answer sealed to a fresh case key, key slots for every
 * current recipient and the reporter, a receipt lookup id — written with its outbox row and audit
 * entry in ONE transaction, so a failure leaves nothing behind.
 */
@Injectable()
export class IntakeService implements OnModuleInit {
  constructor(
    private readonly forms: FormsService,
    private readonly recipients: RecipientsService,
    private readonly receipts: ReceiptService,
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await initCrypto();
  }

  /**
   * Plaintext mode: the answers are checked, and the sensitive ones sealed at once in memory;
   * they are never written or logged in the clear. Returns the receipt, shown once.
   */
  async submitPlaintext(
    submission: Submission,
    body: PlaintextBody,
  ): Promise<{ reportId: string; receipt: string }> {
    const form = await this.openForm(submission.slug);
    const language = this.checkLanguage(form.definition, body.language);
    const { sensitive, statistics } = checkPlaintextAnswers(form.definition, body.answers);
    const recipients = await this.recipients.current();

    const reportId = randomUUID();
    const caseKeys = generateCaseKeyPair();
    try {
      const answers = sensitive.map((a) => ({
        key: a.key,
        envelope: sealToCase(caseKeys.publicKey, encodeAnswer(a.value), answerLocation(reportId, a.key)),
      }));
      const { receipt, reporterSlot, lookupId } = await this.receipts.issue(
        reportId,
        caseKeys.privateKey,
        submission.clientGone,
      );
      const slots: NewKeySlot[] = [
        ...recipients.current.map((r) => ({
          keyId: reportId,
          holderType: r.holderType,
          holderId: r.holderId,
          holderKeyId: r.holderKeyId,
          sealedKey: sealKeySlot(caseKeys.privateKey, r.publicKey, reportId),
        })),
        { keyId: reportId, holderType: 'reporter', holderId: null, sealedKey: reporterSlot },
      ];
      await this.store(submission, {
        reportId,
        form,
        language,
        statistics,
        casePublicKey: caseKeys.publicKey,
        answers,
        slots,
        lookupId,
        clientEncrypted: false,
        contactHints: contactHints(
          form.definition,
          new Map(sensitive.map((a) => [a.key, a.value])),
          hintSettings(this.config),
        ),
      });
      return { reportId, receipt };
    } finally {
      wipe(caseKeys.privateKey);
    }
  }

  /**
   * Sealed mode: the browser encrypted everything; the server checks the structure (envelopes,
   * slots naming exactly the current recipients, sizes) and the plain statistics against the
   * form. It never receives the receipt or the slot key — only the receipt's lookup value.
   */
  async submitSealed(submission: Submission, body: SealedBody): Promise<{ reportId: string }> {
    const form = await this.openForm(submission.slug);
    const language = this.checkLanguage(form.definition, body.language);
    const { sensitiveFields, statistics } = checkSealedAnswers(
      form.definition,
      body.statistics,
      Object.keys(body.sealed.answers),
    );
    const recipients = await this.recipients.current();
    const sealed = checkSealedReport(body.sealed, sensitiveFields, recipients);
    const reportId = body.sealed.reportId;
    await this.store(submission, {
      reportId,
      form,
      language,
      statistics,
      casePublicKey: sealed.casePublicKey,
      answers: sealed.answers,
      slots: [
        ...sealed.slots.map(({ recipient, sealedKey }) => ({
          keyId: reportId,
          holderType: recipient.holderType,
          holderId: recipient.holderId,
          holderKeyId: recipient.holderKeyId,
          sealedKey,
        })),
        { keyId: reportId, holderType: 'reporter', holderId: null, sealedKey: sealed.reporterSlot },
      ],
      lookupId: this.receipts.lookupIdOf(sealed.receiptLookupValue),
      clientEncrypted: true,
      contactHints: [],
    });
    return { reportId };
  }

  private async openForm(slug: string): Promise<OpenForm> {
    const current = await this.forms.findCurrentCached(slug);
    if (!current) throw intakeError(IntakeErrorCode.INTAKE_FORM_NOT_FOUND);
    if (current.form.status !== 'open') throw intakeError(IntakeErrorCode.INTAKE_FORM_CLOSED);
    return { formId: current.form.id, version: current.form.currentVersion, definition: current.definition };
  }

  private checkLanguage(definition: FormDefinition, language: string | undefined): string | null {
    if (language === undefined) return null;
    if (!definition.languages.includes(language)) {
      throw intakeError(IntakeErrorCode.INTAKE_INVALID_ANSWERS, { fields: ['language'], unknownFields: 0 });
    }
    return language;
  }

  /**
   * Writes everything in ONE statement, which PostgreSQL runs as one transaction: the report, its
   * items, key slots, receipt, outbox row and audit entry commit together or not at all. The audit
   * entry and the outbox payload are checked here first, exactly as AuditService.record and
   * OutboxService.add check them, so a malformed one still refuses the whole submission.
   */
  private async store(submission: Submission, r: StoredReport): Promise<void> {
    const outbox = { queue: TRIAGE_JOB_KIND.queue, jobName: TRIAGE_JOB_KIND.jobName, entityId: r.reportId };
    assertValidOutboxEntry(outbox);
    const audit = buildAuditEntry({
      actor: submission.actor,
      action: AuditAction.REPORT_SUBMITTED,
      targetType: 'report',
      // No report id, not even for an operator's phone entry (its time is about the call's, and
      // call records are what the adversary holds): the log's exact times outlive the report's
      // coarsened arrival. The operator stays named as the actor.
      details: {
        channel: submission.channel,
        formSlug: submission.slug,
        formVersion: r.form.version,
        clientEncrypted: r.clientEncrypted,
      },
    });
    try {
      await this.reports.insertSubmission({
        report: {
          id: r.reportId,
          formId: r.form.formId,
          formVersion: r.form.version,
          channel: submission.channel,
          language: r.language,
          incidentMonth: r.statistics.incidentMonth,
          region: r.statistics.region,
          categories: r.statistics.categories,
          statistics: r.statistics.statistics,
          urgencyFlags: r.statistics.urgencyFlags,
          urgent: r.statistics.urgencyFlags.length > 0,
          casePublicKey: r.casePublicKey,
        },
        answers: r.answers,
        slots: r.slots,
        lookupId: r.lookupId,
        outbox,
        audit,
        contactHints: r.contactHints,
      });
    } catch (error) {
      throw uniqueViolation(error) ?? error;
    }
  }
}

/** A client-chosen report id or receipt that is already taken, as its own 409 code. */
function uniqueViolation(error: unknown) {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code !== '23505') return null;
  if (driver.constraint === 'report_receipts_pkey') return intakeError(IntakeErrorCode.INTAKE_RECEIPT_TAKEN);
  // The report's key has the report's id and is inserted first.
  if (driver.constraint === 'keys_pkey' || driver.constraint === 'reports_pkey')
    return intakeError(IntakeErrorCode.INTAKE_REPORT_ID_TAKEN);
  return null;
}
