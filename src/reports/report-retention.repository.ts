import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DecidedReportStatus } from './report.entity';

/**
 * Reports of `status` decided before `cutoff` ('YYYY-MM-DD') are past their policy: the row of
 * their form where there is one, else the default row (`formId` null).
 */
export interface RetentionCutoff {
  status: DecidedReportStatus;
  formId: string | null;
  cutoff: string;
}

/**
 * The receipt cutoffs of reports in a case: reports of a case of `status` (closed or rejected)
 * that entered it before `cutoff` — the row of the report's form where there is one, else the
 * default row.
 */
export interface CaseReceiptCutoff {
  status: 'closed' | 'rejected';
  formId: string | null;
  cutoff: string;
}

/** Where a report in a case stands for its receipt: the case's status, its day, and any hold. */
export interface ReportCaseEnd {
  status: string;
  statusDay: string;
  /** The case's or the report's legal hold. */
  legalHold: boolean;
}

/** A report row as the retention of cases and receipts takes it: its id and its key's. */
export interface ReportKeyRow {
  id: string;
  keyId: string;
}

export interface ExpiredReport {
  id: string;
  keyId: string;
  status: DecidedReportStatus;
}

/** Decided reports of one status: past their policy and deletable, held, postponed, or still inside it. */
export interface RetentionStanding {
  status: DecidedReportStatus;
  due: number;
  held: number;
  postponed: number;
  inside: number;
}

export interface DeletedReportRows {
  reports: number;
  items: number;
  receipts: number;
  hints: number;
}

/*
 * The policies as a join on parallel arrays (status, form, cutoff), so that the statement text
 * never changes with the policies: a report takes its form's row where there is one, else the
 * default row of its status. `$4` (today) decides postponements (kept through `retain_until`). A
 * report linked to a case is never taken here: it goes with its case.
 */
const POLICY_JOIN = `FROM reports r CROSS JOIN LATERAL (
    SELECT p.cutoff FROM unnest($1::text[], $2::uuid[], $3::date[]) AS p(status, form_id, cutoff)
     WHERE p.status = r.status AND (p.form_id = r.form_id OR p.form_id IS NULL)
     ORDER BY p.form_id IS NULL LIMIT 1) p`;
const policyParams = (cutoffs: { status: string; formId: string | null; cutoff: string }[]) => [
  cutoffs.map((c) => c.status),
  cutoffs.map((c) => c.formId),
  cutoffs.map((c) => c.cutoff),
];
/** A receipt still works while its lookup row or the reporter's slot of the report key is left. */
const RECEIPT_LEFT = `(EXISTS (SELECT 1 FROM report_receipts rr WHERE rr.report_id = r.id)
   OR EXISTS (SELECT 1 FROM key_slots s WHERE s.key_id = r.key_id AND s.holder_type = 'reporter'))`;
const NOT_IN_CASE = `NOT EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = r.id)`;
/*
 * Reports in a finished case whose receipt is past its policy, counted from the day the case
 * closed or was rejected (`cases.status_day`): the policy row of the case's status and the
 * report's form, else the default row. Never while the case or the report is held.
 */
const CASE_RECEIPT_DUE = `FROM reports r JOIN case_reports cr ON cr.report_id = r.id JOIN cases c ON c.id = cr.case_id
  CROSS JOIN LATERAL (
    SELECT p.cutoff FROM unnest($1::text[], $2::uuid[], $3::date[]) AS p(status, form_id, cutoff)
     WHERE p.status = c.status AND (p.form_id = r.form_id OR p.form_id IS NULL)
     ORDER BY p.form_id IS NULL LIMIT 1) p
  WHERE c.status_day < p.cutoff AND NOT c.legal_hold AND NOT r.legal_hold AND ${RECEIPT_LEFT}`;

/** Data access of retention on the reports feature's tables; the policy is the caller's. */
@Injectable()
export class ReportRetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` reports due now, oldest decision first, row-locked (others' locks skipped). */
  async lockDue(
    manager: EntityManager,
    cutoffs: RetentionCutoff[],
    today: string,
    limit: number,
  ): Promise<ExpiredReport[]> {
    const rows = await manager.query<{ id: string; key_id: string; status: DecidedReportStatus }[]>(
      `SELECT r.id, r.key_id, r.status ${POLICY_JOIN}
        WHERE r.decided_on IS NOT NULL AND r.decided_on < p.cutoff AND NOT r.legal_hold
          AND (r.retain_until IS NULL OR r.retain_until < $4::date) AND ${NOT_IN_CASE}
        ORDER BY r.decided_on, r.id
        LIMIT $5
        FOR UPDATE OF r SKIP LOCKED`,
      [...policyParams(cutoffs), today, limit],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id, status: r.status }));
  }

  /** Counts only, per status: what a run would delete now and what it keeps, and why. */
  async standing(cutoffs: RetentionCutoff[], today: string): Promise<RetentionStanding[]> {
    const rows = await this.dataSource.query<
      { status: DecidedReportStatus; due: number; held: number; postponed: number; inside: number }[]
    >(
      `SELECT r.status,
              count(*) FILTER (WHERE past AND NOT r.legal_hold AND NOT postponed AND ${NOT_IN_CASE})::int AS due,
              count(*) FILTER (WHERE past AND r.legal_hold)::int AS held,
              count(*) FILTER (WHERE past AND NOT r.legal_hold AND postponed)::int AS postponed,
              count(*) FILTER (WHERE NOT past)::int AS inside
         ${POLICY_JOIN}
         CROSS JOIN LATERAL (SELECT r.decided_on < p.cutoff AS past,
                                    coalesce(r.retain_until >= $4::date, false) AS postponed) f
        WHERE r.decided_on IS NOT NULL
        GROUP BY r.status`,
      [...policyParams(cutoffs), today],
    );
    const statuses = [...new Set(cutoffs.map((c) => c.status))];
    return statuses.map(
      (status) =>
        rows.find((r) => r.status === status) ?? {
          status,
          due: 0,
          held: 0,
          postponed: 0,
          inside: 0,
        },
    );
  }

  /**
   * Deletes reports and what the reports feature holds of them (items, receipt lookups, contact
   * hints), in `manager`'s transaction. The triage item and case link rows of a report go with its
   * row (their owners declared ON DELETE CASCADE). The key stays: the keys feature deletes it next.
   */
  async deleteReports(manager: EntityManager, ids: string[]): Promise<DeletedReportRows> {
    if (!ids.length) return { reports: 0, items: 0, receipts: 0, hints: 0 };
    const [parts] = await manager.query<{ items: number; receipts: number; hints: number }[]>(
      `WITH items AS (DELETE FROM report_items WHERE report_id = ANY ($1::uuid[]) RETURNING 1),
            receipts AS (DELETE FROM report_receipts WHERE report_id = ANY ($1::uuid[]) RETURNING 1),
            hints AS (DELETE FROM report_contact_hints WHERE report_id = ANY ($1::uuid[]) RETURNING 1)
       SELECT (SELECT count(*) FROM items)::int AS items, (SELECT count(*) FROM receipts)::int AS receipts,
              (SELECT count(*) FROM hints)::int AS hints`,
      [ids],
    );
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM reports WHERE id = ANY ($1::uuid[]) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [ids],
    );
    return { reports: row.n, ...parts };
  }

  /** The reports of `caseIds` (they go with their cases), row-locked. */
  async lockReportsOfCases(manager: EntityManager, caseIds: string[]): Promise<ReportKeyRow[]> {
    if (!caseIds.length) return [];
    const rows = await manager.query<{ id: string; key_id: string }[]>(
      `SELECT r.id, r.key_id FROM reports r JOIN case_reports cr ON cr.report_id = r.id
        WHERE cr.case_id = ANY ($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`,
      [caseIds],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id }));
  }

  /**
   * Up to `limit` decided reports whose receipt is past its policy (`cutoffs` of the receipt kind)
   * and still works — a receipt lookup row or a reporter slot left — row-locked, others' locks
   * skipped. A report under a legal hold is frozen whole, receipt included.
   */
  async lockExpiredReceipts(
    manager: EntityManager,
    cutoffs: RetentionCutoff[],
    limit: number,
  ): Promise<ReportKeyRow[]> {
    const rows = await manager.query<{ id: string; key_id: string }[]>(
      `SELECT r.id, r.key_id ${POLICY_JOIN}
        WHERE r.decided_on IS NOT NULL AND r.decided_on < p.cutoff AND NOT r.legal_hold AND ${RECEIPT_LEFT}
        ORDER BY r.decided_on, r.id
        LIMIT $4
        FOR UPDATE OF r SKIP LOCKED`,
      [...policyParams(cutoffs), limit],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id }));
  }

  /** How many decided reports have a receipt past its policy that still works (a dry run's count). */
  async countExpiredReceipts(cutoffs: RetentionCutoff[]): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n ${POLICY_JOIN}
        WHERE r.decided_on IS NOT NULL AND r.decided_on < p.cutoff AND NOT r.legal_hold AND ${RECEIPT_LEFT}`,
      policyParams(cutoffs),
    );
    return row.n;
  }

  /**
   * Up to `limit` reports in a finished case whose receipt is past its policy and still works,
   * row-locked (others' locks skipped); the oldest case end first.
   */
  async lockExpiredCaseReceipts(
    manager: EntityManager,
    cutoffs: CaseReceiptCutoff[],
    limit: number,
  ): Promise<ReportKeyRow[]> {
    if (limit <= 0) return [];
    const rows = await manager.query<{ id: string; key_id: string }[]>(
      `SELECT r.id, r.key_id ${CASE_RECEIPT_DUE}
        ORDER BY c.status_day, r.id
        LIMIT $4
        FOR UPDATE OF r SKIP LOCKED`,
      [...policyParams(cutoffs), limit],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id }));
  }

  /** How many reports in a finished case have a receipt past its policy that still works. */
  async countExpiredCaseReceipts(cutoffs: CaseReceiptCutoff[]): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n ${CASE_RECEIPT_DUE}`,
      policyParams(cutoffs),
    );
    return row.n;
  }

  /** The case a report is in — its status, status day and hold (or the report's) — or null. */
  async caseEndOf(reportId: string): Promise<ReportCaseEnd | null> {
    const [row] = await this.dataSource.query<{ status: string; status_day: string; held: boolean }[]>(
      `SELECT c.status, to_char(c.status_day, 'YYYY-MM-DD') AS status_day, c.legal_hold OR r.legal_hold AS held
         FROM case_reports cr JOIN cases c ON c.id = cr.case_id JOIN reports r ON r.id = cr.report_id
        WHERE cr.report_id = $1`,
      [reportId],
    );
    return row ? { status: row.status, statusDay: row.status_day, legalHold: row.held } : null;
  }

  /** The receipt lookup rows of `ids`; how many. */
  async deleteReceipts(manager: EntityManager, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM report_receipts WHERE report_id = ANY ($1::uuid[]) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [ids],
    );
    return row.n;
  }

  /**
   * The report a postponement would apply to, row-locked: its key, its decision day (null while
   * undecided) and whether it is in a case; null when there is no such report.
   */
  async lockForPostponement(
    manager: EntityManager,
    id: string,
  ): Promise<{ keyId: string; decidedOn: string | null; inCase: boolean } | null> {
    const [row] = await manager.query<{ key_id: string; decided_on: string | null; in_case: boolean }[]>(
      `SELECT r.key_id, to_char(r.decided_on, 'YYYY-MM-DD') AS decided_on,
              EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = r.id) AS in_case
         FROM reports r WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    return row ? { keyId: row.key_id, decidedOn: row.decided_on, inCase: row.in_case } : null;
  }

  /** A postponement: the last day the report is kept, and why (sealed to the report key). */
  async setPostponement(
    manager: EntityManager,
    id: string,
    until: string,
    reason: Uint8Array,
  ): Promise<void> {
    await manager.query(`UPDATE reports SET retain_until = $2, retain_reason = $3 WHERE id = $1`, [
      id,
      until,
      Buffer.from(reason),
    ]);
  }

  /** Sets or clears the legal hold of a report; false when there is no such report. */
  async setLegalHold(manager: EntityManager, id: string, hold: boolean): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `UPDATE reports SET legal_hold = $2 WHERE id = $1 RETURNING id`,
      [id, hold],
    );
    return rows.length > 0;
  }
}
