import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The statuses that end the work on a report without a case: retention deletes them in time. */
export const DECIDED_REPORT_STATUSES = ['spam', 'no_action', 'duplicate'] as const;
export type DecidedReportStatus = (typeof DECIDED_REPORT_STATUSES)[number];

/** How a report came in (the fixed list of the reports table). */
export type ReportChannel = 'web' | 'api' | 'bot' | 'partner' | 'phone';
export const REPORT_CHANNELS: readonly ReportChannel[] = ['web', 'api', 'bot', 'partner', 'phone'];

/** Where a report stands in triage and casework (later issues move it along). */
export type ReportStatus =
  'received' | 'in_triage' | 'case_opened' | 'attached' | 'duplicate' | 'spam' | 'no_action' | 'closed';

/** An answer's value: its plaintext inside an envelope is this value as JSON text (UTF-8). */
export type AnswerValue = string | string[] | boolean;

/** A statistical answer as stored plain: a choice value, a list of them, a month or yes/no. */
export type StatisticValue = string | string[] | boolean;

/**
 * A report. Plain columns hold coarse statistical values only; answers and messages are
 * `report_items` envelopes sealed to the public key of its key (`keyId`).
 */
@Entity({ name: 'reports' })
export class Report {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'form_id', type: 'uuid' })
  formId: string;

  @Column({ name: 'form_version', type: 'integer' })
  formVersion: number;

  @Column({ type: 'text' })
  channel: ReportChannel;

  @Column({ type: 'text', default: 'received' })
  status: ReportStatus;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** 'YYYY-MM', never a day. */
  @Column({ name: 'incident_month', type: 'text', nullable: true })
  incidentMonth: string | null;

  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories: string[];

  /** Every statistical answer by field key (values from the form's fixed lists only). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  statistics: Record<string, StatisticValue>;

  /** Keys of the fields whose answer marked the report urgent. */
  @Column({ name: 'urgency_flags', type: 'text', array: true, default: () => "'{}'" })
  urgencyFlags: string[];

  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  /** The report's key pair (keys.id; the report's own id for every report so far). */
  @Column({ name: 'key_id', type: 'uuid' })
  keyId: string;

  /** Sequence of the last message in the thread (numbers message items in order). */
  @Column({ name: 'message_seq', type: 'integer', default: 0 })
  messageSeq: number;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** The UTC day of the decision that ended the work (spam, no_action, duplicate), never a time. */
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  /** A legal hold: retention never deletes the report while it is set. */
  @Column({ name: 'legal_hold', type: 'boolean', default: false })
  legalHold: boolean;

  /** A postponement: the last day retention keeps the report (null: none). */
  @Column({ name: 'retain_until', type: 'date', nullable: true })
  retainUntil: string | null;

  /** Why the deletion was postponed, sealed to the report key (null without a postponement). */
  @Column({ name: 'retain_reason', type: 'bytea', nullable: true })
  retainReason: Buffer | null;

  /** Set by the triage processor when the job arrives. */
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt: Date | null;
}
