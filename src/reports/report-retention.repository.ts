import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DecidedReportStatus } from './report.entity';

/** Reports of `status` decided before `cutoff` ('YYYY-MM-DD') are past their policy. */
export interface RetentionCutoff {
  status: DecidedReportStatus;
  cutoff: string;
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
 * The policies as a join on parallel arrays (status, cutoff), so that the statement text never
 * changes with the policies. `today` decides postponements (kept through `retain_until`). A report
 * linked to a case is never taken here: it goes with its case.
 */
const POLICY_JOIN = `FROM reports r JOIN unnest($1::text[], $2::date[]) AS p(status, cutoff) ON p.status = r.status`;
const NOT_IN_CASE = `NOT EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = r.id)`;

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
        WHERE r.decided_on < p.cutoff AND NOT r.legal_hold
          AND (r.retain_until IS NULL OR r.retain_until < $3::date) AND ${NOT_IN_CASE}
        ORDER BY r.decided_on, r.id
        LIMIT $4
        FOR UPDATE OF r SKIP LOCKED`,
      [cutoffs.map((c) => c.status), cutoffs.map((c) => c.cutoff), today, limit],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id, status: r.status }));
  }

  /** Counts only, per status: what a run would delete now and what it keeps, and why. */
  async standing(cutoffs: RetentionCutoff[], today: string): Promise<RetentionStanding[]> {
    const rows = await this.dataSource.query<
      { status: DecidedReportStatus; due: number; held: number; postponed: number; inside: number }[]
    >(
      `SELECT p.status,
              count(*) FILTER (WHERE past AND NOT r.legal_hold AND NOT postponed AND ${NOT_IN_CASE})::int AS due,
              count(*) FILTER (WHERE past AND r.legal_hold)::int AS held,
              count(*) FILTER (WHERE past AND NOT r.legal_hold AND postponed)::int AS postponed,
              count(*) FILTER (WHERE NOT past)::int AS inside
         ${POLICY_JOIN}
         CROSS JOIN LATERAL (SELECT r.decided_on < p.cutoff AS past,
                                    coalesce(r.retain_until >= $3::date, false) AS postponed) f
        GROUP BY p.status`,
      [cutoffs.map((c) => c.status), cutoffs.map((c) => c.cutoff), today],
    );
    return cutoffs.map(
      (c) =>
        rows.find((r) => r.status === c.status) ?? {
          status: c.status,
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
}
