import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NewAuditEntry } from '../audit/audit-insert';
import { auditInsertSql, auditInsertValues } from '../audit/audit-insert';
import { preparedStatement, runPrepared } from '../database/prepared-statement';
import { StatementBatcher } from '../database/statement-batcher';
import { keyInsertSql, slotsInsertSql, slotsInsertValues } from '../keys/keys-insert';
import type { NewKeySlot } from '../keys/keys.service';
import type { OutboxEntry } from '../outbox/outbox-entry';
import { outboxInsertSql, outboxInsertValues } from '../outbox/outbox-insert';
import type { ReportQueueFacts } from './report-statements';
import {
  ContactHint,
  HintedReportRow,
  contactHintsInsertSql,
  hintedReportOf,
  reportsSharingHintsSql,
} from './report-contact-hints';
import { MessageAuthor, ReportItem } from './report-item.entity';
import { ReportReceipt } from './report-receipt.entity';
import { DECIDED_REPORT_STATUSES, Report, ReportStatus } from './report.entity';

export type NewReport = Omit<
  Report,
  | 'status'
  | 'messageSeq'
  | 'receivedAt'
  | 'queuedAt'
  | 'keyId'
  | 'decidedOn'
  | 'legalHold'
  | 'retainUntil'
  | 'retainReason'
> & {
  casePublicKey: Uint8Array;
};

/** A report with the public key its content is sealed to (read from its key's row). */
export type ReportWithKey = Report & { casePublicKey: Buffer };

export interface NewAnswerItem {
  key: string;
  envelope: Uint8Array;
}

/** Everything one submission writes (the rules that built it live in IntakeService). */
export interface NewSubmission {
  report: NewReport;
  answers: NewAnswerItem[];
  slots: NewKeySlot[];
  lookupId: string;
  outbox: OutboxEntry;
  audit: NewAuditEntry;
  /** Duplicate hints known at intake (plaintext mode); sealed mode adds them at first read. */
  contactHints?: ContactHint[];
}

/*
 * One statement for a whole submission: the report, its answer items, its key slots, its receipt,
 * the outbox row and the audit entry. A single statement is a single transaction (all rows commit
 * or none do, even without BEGIN/COMMIT), and it costs one round trip instead of eight. The INSERTs
 * of tables other features own are those features' own fragments (keys, outbox, audit), embedded
 * here. The report's key (which has the report's id) is inserted first and the report, items,
 * slots and receipt select from it, so a reused report id fails on keys_pkey before a reused
 * receipt could fail on report_receipts_pkey (the 409 codes keep their precedence). Arrays are unnested so that the statement text never changes
 * with the row counts, which also lets it be a prepared statement (planned once per connection).
 */
export const INSERT_SUBMISSION = preparedStatement(
  'corridor_insert_submission',
  `
WITH report_key AS (
  ${keyInsertSql(1, 'report', 12)}
), report AS (
  INSERT INTO reports (id, form_id, form_version, channel, language, incident_month, region,
                       categories, statistics, urgency_flags, urgent, key_id)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8::text[], $9::jsonb, $10::text[], $11, report_key.id FROM report_key
  RETURNING id, key_id
), items AS (
  INSERT INTO report_items (report_id, kind, item_key, author, envelope)
  SELECT report.id, 'answer', a.item_key, NULL, a.envelope
    FROM report, unnest($13::text[], $14::bytea[]) AS a(item_key, envelope)
), slots AS (
  ${slotsInsertSql(15, 'report', 'key_id')}
), receipt AS (
  INSERT INTO report_receipts (lookup_id, report_id) SELECT $19, report.id FROM report
), outbox AS (
  ${outboxInsertSql(20)}
), hints AS (
  INSERT INTO report_contact_hints (report_id, kind, bucket)
  SELECT report.id, h.kind, h.bucket FROM report, unnest($29::smallint[], $30::int[]) AS h(kind, bucket)
)
${auditInsertSql(23)}`,
);

/**
 * What automated triage reads of reports (a plain prepared read, no entity hydration), for a batch
 * of ids at once (see `queueFacts`).
 */
const QUEUE_FACTS = preparedStatement(
  'corridor_report_queue_facts',
  `SELECT id, form_id, form_version, urgency_flags, received_at FROM reports WHERE id = ANY ($1::uuid[])`,
);

/** A status that ends triage's use of the report's exact arrival (it ordered the queue). */
const leftTriage = (status: ReportStatus) => status !== 'received' && status !== 'in_triage';

/** A timestamptz column truncated to the first instant of its UTC month. */
const MONTH_OF = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;

/** Data access for reports, their items and receipt lookups; no rules here. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes a submission in ONE statement (hence one transaction, one round trip). With `manager`,
   * inside its transaction; without, as a transaction of its own.
   */
  async insertSubmission(s: NewSubmission, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const r = s.report;
    await runPrepared(manager, INSERT_SUBMISSION, [
      r.id,
      r.formId,
      r.formVersion,
      r.channel,
      r.language,
      r.incidentMonth,
      r.region,
      r.categories,
      JSON.stringify(r.statistics),
      r.urgencyFlags,
      r.urgent,
      Buffer.from(r.casePublicKey),
      s.answers.map((a) => a.key),
      s.answers.map((a) => Buffer.from(a.envelope)),
      ...slotsInsertValues(s.slots),
      s.lookupId,
      ...outboxInsertValues(s.outbox),
      ...auditInsertValues(s.audit),
      (s.contactHints ?? []).map((h) => h.kind),
      (s.contactHints ?? []).map((h) => h.bucket),
    ]);
  }

  /** Adds hints computed later (sealed mode, at first read); a repeat adds nothing. */
  async insertContactHints(manager: EntityManager, reportId: string, hints: ContactHint[]): Promise<void> {
    if (!hints.length) return;
    await manager.query(contactHintsInsertSql('$1::uuid', '$2', '$3'), [
      reportId,
      hints.map((h) => h.kind),
      hints.map((h) => h.bucket),
    ]);
  }

  /** Other reports sharing a bucket with `reportId`, newest first, with their keys and cases. */
  async reportsSharingHints(reportId: string, manager: EntityManager = this.dataSource.manager) {
    const rows = await manager.query<HintedReportRow[]>(
      reportsSharingHintsSql(
        'SELECT kind, bucket FROM report_contact_hints WHERE report_id = $1::uuid',
        '$1::uuid',
      ),
      [reportId],
    );
    return rows.map(hintedReportOf);
  }

  /**
   * Sets the status, and the decision day (`today`, 'YYYY-MM-DD') when the status is a decided
   * one (cleared otherwise); false when the report does not exist. A report that left triage
   * (decided, or in a case) no longer needs its exact arrival: `received_at`, `queued_at` and the
   * answers' `created_at` (written in the same instant) keep only their UTC month, so that it can
   * no longer be matched to an exact time elsewhere (a case orders its reports by `case_reports.seq`).
   */
  async setStatus(
    manager: EntityManager,
    reportId: string,
    status: ReportStatus,
    today: string,
  ): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH s AS (
         UPDATE reports SET status = $2, decided_on = CASE WHEN $2 = ANY ($4::text[]) THEN $3::date END,
                received_at = CASE WHEN $5 THEN ${MONTH_OF('received_at')} ELSE received_at END,
                queued_at = CASE WHEN $5 THEN ${MONTH_OF('queued_at')} ELSE queued_at END
          WHERE id = $1 RETURNING id),
       answers AS (
         UPDATE report_items SET created_at = ${MONTH_OF('created_at')}
          WHERE $5 AND report_id = $1 AND kind = 'answer' AND EXISTS (SELECT 1 FROM s))
       SELECT id FROM s`,
      [reportId, status, today, DECIDED_REPORT_STATUSES, leftTriage(status)],
    );
    return rows.length === 1;
  }

  /** Reports waiting for a triage decision, and the urgent ones among them. */
  async countWaiting(): Promise<{ pending: number; urgent: number }> {
    const [row] = await this.dataSource.query<{ pending: number; urgent: number }[]>(
      `SELECT count(*)::int AS pending, (count(*) FILTER (WHERE urgent))::int AS urgent
         FROM reports WHERE status = 'received'`,
    );
    return { pending: row.pending, urgent: row.urgent };
  }

  /** Concurrent jobs' reads coalesced into one statement (StatementBatcher). */
  private readonly queueFactsBatch = new StatementBatcher<string, ReportQueueFacts | null>(
    async (ids) => {
      const rows = await runPrepared<{
        id: string;
        form_id: string;
        form_version: number;
        urgency_flags: string[];
        received_at: Date;
      }>(this.dataSource, QUEUE_FACTS, [ids]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row
          ? {
              formId: row.form_id,
              formVersion: row.form_version,
              urgencyFlags: row.urgency_flags,
              receivedAt: row.received_at,
            }
          : null;
      });
    },
    { maxInFlight: 4 },
  );

  queueFacts(reportId: string): Promise<ReportQueueFacts | null> {
    return this.queueFactsBatch.submit(reportId);
  }

  async findById(
    reportId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReportWithKey | null> {
    const { entities, raw } = await manager
      .createQueryBuilder(Report, 'r')
      .innerJoin('keys', 'k', 'k.id = r.key_id')
      .addSelect('k.public_key', 'case_public_key')
      .where('r.id = :reportId', { reportId })
      .getRawAndEntities<{ case_public_key: Buffer }>();
    return entities.length ? { ...entities[0], casePublicKey: raw[0].case_public_key } : null;
  }

  async reportIdByLookup(lookupId: string): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(ReportReceipt, { where: { lookupId } });
    return row?.reportId ?? null;
  }

  listItems(reportId: string, kind: 'answer' | 'message', manager: EntityManager = this.dataSource.manager) {
    return manager.find(ReportItem, { where: { reportId, kind }, order: { itemKey: 'ASC' } });
  }

  /** Takes the next message number of a report (the row lock orders concurrent messages). */
  async nextMessageSeq(manager: EntityManager, reportId: string): Promise<number | null> {
    // A CTE, so that the driver returns the RETURNING rows as a plain SELECT result.
    const rows = await manager.query<{ message_seq: number }[]>(
      `WITH next AS (UPDATE reports SET message_seq = message_seq + 1 WHERE id = $1 RETURNING message_seq)
       SELECT message_seq FROM next`,
      [reportId],
    );
    return rows[0]?.message_seq ?? null;
  }

  async insertMessage(
    manager: EntityManager,
    item: {
      reportId: string;
      itemKey: string;
      author: MessageAuthor;
      authorUserId?: string | null;
      envelope: Uint8Array;
    },
  ): Promise<ReportItem> {
    const row = manager.create(ReportItem, {
      reportId: item.reportId,
      kind: 'message',
      itemKey: item.itemKey,
      author: item.author,
      authorUserId: item.authorUserId ?? null,
      envelope: Buffer.from(item.envelope),
    });
    return manager.save(row);
  }

  /** Marks the caseworkers' messages of a report read by the reporter today; how many were unread. */
  async markCaseworkerMessagesRead(manager: EntityManager, reportId: string): Promise<number> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH marked AS (
         UPDATE report_items SET reporter_read_on = current_date
          WHERE report_id = $1 AND kind = 'message' AND author = 'caseworker' AND reporter_read_on IS NULL
         RETURNING id)
       SELECT id FROM marked`,
      [reportId],
    );
    return rows.length;
  }
}
