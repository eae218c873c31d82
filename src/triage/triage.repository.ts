import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { auditInsertSql, auditInsertValues, NewAuditEntry } from '../audit/audit-insert';
import { preparedStatement, runPrepared } from '../database/prepared-statement';
import { StatementBatcher } from '../database/statement-batcher';
import { SlotChain, slotChainsCtes, slotChainsOf } from '../keys/key-chain';
import type { AnswerItem } from '../reports/report-content.service';
import type { MessageItem } from '../reports/report-messages.service';
import type { MessageAuthor } from '../reports/report-item.entity';
import { markQueuedSql } from '../reports/report-statements';
import type { ReportChannel, StatisticValue } from '../reports/report.entity';
import {
  ContactHint,
  HintedReport,
  HintedReportRow,
  contactHintsInsertSql,
  hintedReportOf,
  reportsSharingHintsSql,
} from '../reports/report-contact-hints';
import type { TriageDecision } from './triage-decision';
import type { TriagePriority } from './triage-priority';

export interface ClaimedItem {
  reportId: string;
  priority: TriagePriority;
  leaseExpiresAt: Date;
  hintsComputed: boolean;
  /** The report's plain columns, its public key and its stored items, read with the claim. */
  report: ClaimedReportRow;
  /** The caller's chains of slots to the report's key (key-chain.ts), read with the claim. */
  chains: SlotChain[];
}

export interface ClaimedReportRow {
  formId: string;
  formVersion: number;
  channel: ReportChannel;
  language: string | null;
  receivedAt: Date;
  statistics: Record<string, StatisticValue>;
  urgencyFlags: string[];
  publicKey: Uint8Array;
  answers: AnswerItem[];
  messages: MessageItem[];
}

export interface ClaimResult {
  item: ClaimedItem | null;
  /** The caller's live leases before this claim. */
  held: number;
  /** False: the caller holds no slot of the current triage team key (nothing was claimed). */
  member: boolean;
}

export interface TriageItemState {
  reportId: string;
  leaseHolder: string | null;
  leaseExpiresAt: Date | null;
  decision: TriageDecision | null;
}

export interface WaitingCount {
  priority: TriagePriority;
  /** 0: under 1 h, 1: 1–6 h, 2: 6–24 h, 3: older. */
  ageBucket: 0 | 1 | 2 | 3;
  leased: number;
  count: number;
}

/*
 * The claim, in ONE statement: `triage_claim` (migration 1795385000000: team membership, the
 * per-claimer advisory lock for the lease limit, the head of the claim order among undecided
 * reports whose lease is free or expired taken with FOR UPDATE SKIP LOCKED — a row another claimer
 * is taking is skipped, never waited for or handed out twice — and leased), joined with what
 * opening the report needs: its plain columns and public key, its items (answers and messages) and
 * the caller's chains of slots to its key (the keys feature's walk, key-chain.ts). The partial
 * index triage_items_claim_order is the claim order, so the scan reads only the leased rows at its
 * head before the first free one: its cost depends on how many leases are out, not on the backlog.
 * Times come from the application's clock ($2 now, $3 expiry); $4 the lease limit.
 */
export const CLAIM_STATEMENT = preparedStatement(
  'corridor_triage_claim_v2',
  `WITH RECURSIVE claimed AS (
     SELECT * FROM triage_claim($1::uuid, $2::timestamptz, $3::timestamptz, $4::integer)
   ), report AS (
     SELECT r.id, r.form_id, r.form_version, r.channel, r.language, r.received_at, r.statistics,
            r.urgency_flags, r.key_id, k.public_key
       FROM claimed c JOIN reports r ON r.id = c.report_id JOIN keys k ON k.id = r.key_id
   ), ${slotChainsCtes('SELECT key_id FROM report', '$1::uuid')}
   SELECT c.report_id, c.priority, c.lease_expires_at, c.hints_computed, c.held, c.member,
          r.id AS found, r.form_id, r.form_version, r.channel, r.language, r.received_at, r.statistics,
          r.urgency_flags, r.public_key,
          (SELECT coalesce(json_agg(ch), '[]') FROM chains ch) AS chains,
          (SELECT coalesce(json_agg(json_build_object(
                    'id', i.id, 'kind', i.kind, 'itemKey', i.item_key, 'author', i.author,
                    'envelope', i.envelope, 'createdAt', i.created_at,
                    'authorUserId', i.author_user_id, 'reporterReadOn', i.reporter_read_on)
                  ORDER BY i.item_key), '[]')
             FROM report_items i WHERE i.report_id = c.report_id) AS items
     FROM claimed c LEFT JOIN report r ON true`,
);

/*
 * After a claimed report opened: its audit entry ($5–$10), in sealed mode its first-read hints
 * ($2 kinds, $3 buckets; $4 marks them computed), and the reports sharing a bucket with it, in ONE
 * statement — one transaction, so the read, the hints and the entry commit together. The lookup
 * reads the new hints from the parameters: the statement's snapshot cannot see its own inserts.
 */
export const RECORD_READ_STATEMENT = preparedStatement(
  'corridor_triage_record_read',
  `WITH hints AS (
     ${contactHintsInsertSql('$1::uuid', '$2', '$3')}
   ), computed AS (
     UPDATE triage_items SET hints_computed = true WHERE report_id = $1::uuid AND $4::boolean
   ), audit AS (
     ${auditInsertSql(5)}
   )
   ${reportsSharingHintsSql(
     `SELECT kind, bucket FROM report_contact_hints WHERE report_id = $1::uuid
      UNION SELECT * FROM unnest($2::smallint[], $3::int[])`,
     '$1::uuid',
   )}`,
);

/*
 * Automated triage of a batch of reports ($1 ids, $2 priorities, $3 waiting since; distinct ids)
 * as ONE statement, hence one transaction: each report marked queued (the reports feature's
 * guarded UPDATE), one REPORT_QUEUED audit entry ($4–$9) per row that UPDATE marked, each triage
 * item inserted unless it exists. Exactly once each however often or concurrently a job runs: a
 * second run's UPDATE waits for the first's row lock and then finds `queued_at` set (no mark, no
 * entry); its INSERT meets the first's row (nothing). A worker killed mid-job leaves all of it or
 * none.
 */
const QUEUE_STATEMENT = preparedStatement(
  'corridor_triage_queue_batch',
  `WITH input AS (
     SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::timestamptz[]) AS x(report_id, priority, waiting_since)
   ), marked AS (
     ${markQueuedSql('$1::uuid[]')}
   ), audit AS (
     ${auditInsertSql(4, 'marked')}
   ), item AS (
     INSERT INTO triage_items (report_id, priority, waiting_since) SELECT * FROM input
     ON CONFLICT (report_id) DO NOTHING RETURNING report_id
   )
   SELECT i.report_id,
          EXISTS (SELECT 1 FROM marked m WHERE m.id = i.report_id) AS marked,
          EXISTS (SELECT 1 FROM item t WHERE t.report_id = i.report_id) AS queued
     FROM input i`,
);

interface QueueInput {
  reportId: string;
  priority: TriagePriority;
  waitingSince: Date;
  audit: NewAuditEntry;
}

/** A bytea inside json: PostgreSQL writes a backslash, `x` and hex digits. */
const jsonBytes = (hex: string) => new Uint8Array(Buffer.from(hex.slice(2), 'hex'));

interface ClaimRow {
  report_id: string | null;
  priority: number | null;
  lease_expires_at: Date | null;
  hints_computed: boolean | null;
  held: number;
  member: boolean;
  found: string | null;
  form_id: string;
  form_version: number;
  channel: ReportChannel;
  language: string | null;
  received_at: Date;
  statistics: Record<string, StatisticValue>;
  urgency_flags: string[];
  public_key: Buffer;
  chains: { user_slot: string; path: string[]; sealed: string[]; public_keys: string[] }[];
  items: {
    id: string;
    kind: 'answer' | 'message';
    itemKey: string;
    author: MessageAuthor | null;
    envelope: string;
    createdAt: string;
    authorUserId: string | null;
    reporterReadOn: string | null;
  }[];
}

function claimedReportOf(row: ClaimRow): ClaimedReportRow {
  const items = row.items.map((i) => ({ ...i, envelope: jsonBytes(i.envelope) }));
  return {
    formId: row.form_id,
    formVersion: row.form_version,
    channel: row.channel,
    language: row.language,
    receivedAt: row.received_at,
    statistics: row.statistics,
    urgencyFlags: row.urgency_flags,
    publicKey: new Uint8Array(row.public_key),
    answers: items.filter((i) => i.kind === 'answer'),
    messages: items
      .filter((i) => i.kind === 'message')
      .map((i) => ({ ...i, createdAt: new Date(i.createdAt) })),
  };
}

/** Data access for triage items (the triage feature's own table); no rules here. */
@Injectable()
export class TriageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Concurrent jobs' writes coalesced into one statement (StatementBatcher): one round trip and
   * one commit for every job that reached this step while the previous batch was in flight. The
   * audit entry is the same for every report (it names none), so the batch's first is used.
   */
  private readonly queueBatch = new StatementBatcher<QueueInput, { marked: boolean; queued: boolean }>(
    async (inputs) => {
      // A report twice in one batch (two deliveries at once): the second does nothing, as it would
      // in a batch of its own after the first.
      const distinct = [...new Map(inputs.map((i) => [i.reportId, i])).values()];
      const rows = await runPrepared<{ report_id: string; marked: boolean; queued: boolean }>(
        this.dataSource,
        QUEUE_STATEMENT,
        [
          distinct.map((i) => i.reportId),
          distinct.map((i) => i.priority),
          distinct.map((i) => i.waitingSince),
          ...auditInsertValues(inputs[0].audit),
        ],
      );
      const byId = new Map(rows.map((r) => [r.report_id, { marked: r.marked, queued: r.queued }]));
      const answered = new Set<string>();
      return inputs.map((i) => {
        if (answered.has(i.reportId)) return { marked: false, queued: false };
        answered.add(i.reportId);
        return byId.get(i.reportId)!;
      });
    },
    { maxInFlight: 4 },
  );

  /**
   * Automated triage's writes for one report (QUEUE_STATEMENT, batched with concurrent jobs):
   * marked queued once with its audit entry, its item inserted once. Which of the two this call did.
   */
  queue(
    reportId: string,
    priority: TriagePriority,
    waitingSince: Date,
    audit: NewAuditEntry,
  ): Promise<{ marked: boolean; queued: boolean }> {
    return this.queueBatch.submit({ reportId, priority, waitingSince, audit });
  }

  /** Claims the next report for `userId` with what opening it needs (CLAIM_STATEMENT). */
  async claim(userId: string, now: Date, expiresAt: Date, maxLeases: number): Promise<ClaimResult> {
    const [row] = await runPrepared<ClaimRow>(this.dataSource, CLAIM_STATEMENT, [
      userId,
      now,
      expiresAt,
      maxLeases,
    ]);
    const result = { held: row.held, member: row.member };
    if (!row.report_id) return { ...result, item: null };
    if (!row.found) throw new Error('a triage item without its report');
    return {
      ...result,
      item: {
        reportId: row.report_id,
        priority: row.priority as TriagePriority,
        leaseExpiresAt: row.lease_expires_at!,
        hintsComputed: row.hints_computed!,
        report: claimedReportOf(row),
        chains: slotChainsOf(
          row.chains.map((c) => ({
            user_slot: Buffer.from(jsonBytes(c.user_slot)),
            path: c.path,
            sealed: c.sealed.map((k) => Buffer.from(jsonBytes(k))),
            public_keys: c.public_keys.map((k) => Buffer.from(jsonBytes(k))),
          })),
        ),
      },
    };
  }

  /**
   * Audits the read of a claimed report, stores its first-read hints (`firstRead`), and returns
   * the reports sharing a bucket with it (RECORD_READ_STATEMENT).
   */
  async recordRead(
    reportId: string,
    audit: NewAuditEntry,
    hints: ContactHint[],
    firstRead: boolean,
  ): Promise<HintedReport[]> {
    const rows = await runPrepared<HintedReportRow>(this.dataSource, RECORD_READ_STATEMENT, [
      reportId,
      hints.map((h) => h.kind),
      hints.map((h) => h.bucket),
      firstRead,
      ...auditInsertValues(audit),
    ]);
    return rows.map(hintedReportOf);
  }

  /** Extends a lease the caller holds (and that has not expired); null when it holds none. */
  async renew(reportId: string, userId: string, now: Date, expiresAt: Date): Promise<Date | null> {
    const rows = await this.dataSource.query<{ lease_expires_at: Date }[]>(
      `WITH renewed AS (
         UPDATE triage_items SET lease_expires_at = $4
          WHERE report_id = $1 AND lease_holder = $2 AND decision IS NULL AND lease_expires_at > $3
         RETURNING lease_expires_at)
       SELECT lease_expires_at FROM renewed`,
      [reportId, userId, now, expiresAt],
    );
    return rows[0]?.lease_expires_at ?? null;
  }

  /** Gives a held lease back; false when the caller held none. */
  async release(reportId: string, userId: string, now: Date): Promise<boolean> {
    const rows = await this.dataSource.query<{ report_id: string }[]>(
      `WITH released AS (
         UPDATE triage_items SET lease_holder = NULL, lease_expires_at = NULL
          WHERE report_id = $1 AND lease_holder = $2 AND decision IS NULL AND lease_expires_at > $3
         RETURNING report_id)
       SELECT report_id FROM released`,
      [reportId, userId, now],
    );
    return rows.length === 1;
  }

  /** The item's lease and decision; with `forUpdate`, row-locked for the rest of the transaction. */
  async state(reportId: string, manager: EntityManager = this.dataSource.manager, forUpdate = false) {
    const rows = await manager.query<
      {
        report_id: string;
        lease_holder: string | null;
        lease_expires_at: Date | null;
        decision: TriageDecision | null;
      }[]
    >(
      `SELECT report_id, lease_holder, lease_expires_at, decision FROM triage_items WHERE report_id = $1
       ${forUpdate ? 'FOR UPDATE' : ''}`,
      [reportId],
    );
    const r = rows[0];
    return r
      ? ({
          reportId: r.report_id,
          leaseHolder: r.lease_holder,
          leaseExpiresAt: r.lease_expires_at,
          decision: r.decision,
        } satisfies TriageItemState)
      : null;
  }

  /**
   * Records the decision and ends the lease, in the decision's transaction. The exact wait start
   * ordered the queue; once decided (whatever the decision) the item keeps only its UTC month, as
   * the report's arrival does.
   */
  async decide(manager: EntityManager, reportId: string, decision: TriageDecision, note: Uint8Array | null) {
    await manager.query(
      `UPDATE triage_items SET decision = $2, note = $3, lease_holder = NULL, lease_expires_at = NULL,
              waiting_since = date_trunc('month', waiting_since AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        WHERE report_id = $1`,
      [reportId, decision, note ? Buffer.from(note) : null],
    );
  }

  /** Undecided items by priority and age bucket, with how many of each are leased now. */
  async waitingCounts(now: Date): Promise<WaitingCount[]> {
    const rows = await this.dataSource.query<
      { priority: number; age_bucket: number; leased: number; count: number }[]
    >(
      `SELECT priority,
              CASE WHEN waiting_since > $1::timestamptz - interval '1 hour' THEN 0
                   WHEN waiting_since > $1::timestamptz - interval '6 hours' THEN 1
                   WHEN waiting_since > $1::timestamptz - interval '24 hours' THEN 2
                   ELSE 3 END AS age_bucket,
              (count(*) FILTER (WHERE lease_expires_at > $1))::int AS leased,
              count(*)::int AS count
         FROM triage_items WHERE decision IS NULL
        GROUP BY 1, 2`,
      [now],
    );
    return rows.map((r) => ({
      priority: r.priority as TriagePriority,
      ageBucket: r.age_bucket as WaitingCount['ageBucket'],
      leased: r.leased,
      count: r.count,
    }));
  }
}
