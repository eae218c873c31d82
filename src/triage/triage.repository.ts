import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '../database/prepared-statement';
import type { TriageDecision } from './triage-decision';
import type { TriagePriority } from './triage-priority';

export interface ClaimedItem {
  reportId: string;
  priority: TriagePriority;
  leaseExpiresAt: Date;
  hintsComputed: boolean;
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
 * The claim: the head of the claim order among undecided reports whose lease is free or expired,
 * taken with FOR UPDATE SKIP LOCKED (a row another claimer is taking is skipped, never waited for
 * or handed out twice) and leased in the same statement, unless the caller already holds $4
 * leases. The partial index triage_items_claim_order is that order, so the scan reads only the
 * leased rows at its head before the first free one: its cost depends on how many leases are out,
 * not on the backlog. Times come from the application's clock ($2 now, $3 expiry).
 */
export const CLAIM_STATEMENT = preparedStatement(
  'corridor_triage_claim',
  `WITH held AS (
     SELECT count(*) AS n FROM triage_items
      WHERE lease_holder = $1 AND decision IS NULL AND lease_expires_at > $2
   ), candidate AS (
     SELECT report_id FROM triage_items
      WHERE decision IS NULL AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
        AND (SELECT n FROM held) < $4
      ORDER BY priority DESC, waiting_since, report_id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
   ), claimed AS (
     UPDATE triage_items t SET lease_holder = $1, lease_expires_at = $3
       FROM candidate c WHERE t.report_id = c.report_id
     RETURNING t.report_id, t.priority, t.lease_expires_at, t.hints_computed
   )
   SELECT report_id, priority, lease_expires_at, hints_computed, (SELECT n FROM held)::int AS held
     FROM claimed
   UNION ALL
   SELECT NULL, NULL, NULL, NULL, (SELECT n FROM held)::int WHERE NOT EXISTS (SELECT 1 FROM claimed)`,
);

/** Data access for triage items (the triage feature's own table); no rules here. */
@Injectable()
export class TriageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the item once; true only for the call that inserted it. */
  async insertItem(reportId: string, priority: TriagePriority, waitingSince: Date): Promise<boolean> {
    const rows = await this.dataSource.query<{ report_id: string }[]>(
      `INSERT INTO triage_items (report_id, priority, waiting_since) VALUES ($1, $2, $3)
       ON CONFLICT (report_id) DO NOTHING RETURNING report_id`,
      [reportId, priority, waitingSince],
    );
    return rows.length === 1;
  }

  /**
   * Serialises one triager's claims (across API nodes) for the rest of `manager`'s transaction,
   * so that two concurrent claims by the same person cannot both pass the lease limit.
   */
  async lockClaimer(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1795340000))`, [userId]);
  }

  /** Claims the next report for `userId`, or says how many leases the caller holds. */
  async claim(
    manager: EntityManager,
    userId: string,
    now: Date,
    expiresAt: Date,
    maxLeases: number,
  ): Promise<{ item: ClaimedItem | null; held: number }> {
    const [row] = await runPrepared<{
      report_id: string | null;
      priority: number | null;
      lease_expires_at: Date | null;
      hints_computed: boolean | null;
      held: number;
    }>(manager, CLAIM_STATEMENT, [userId, now, expiresAt, maxLeases]);
    if (!row.report_id) return { item: null, held: row.held };
    return {
      item: {
        reportId: row.report_id,
        priority: row.priority as TriagePriority,
        leaseExpiresAt: row.lease_expires_at!,
        hintsComputed: row.hints_computed!,
      },
      held: row.held,
    };
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

  async markHintsComputed(manager: EntityManager, reportId: string): Promise<void> {
    await manager.query(`UPDATE triage_items SET hints_computed = true WHERE report_id = $1`, [reportId]);
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
   * ordered the queue; with `coarsen` (a decision that ends the work), the item keeps only its UTC
   * month, as the report's arrival does.
   */
  async decide(
    manager: EntityManager,
    reportId: string,
    decision: TriageDecision,
    note: Uint8Array | null,
    coarsen: boolean,
  ) {
    await manager.query(
      `UPDATE triage_items SET decision = $2, note = $3, lease_holder = NULL, lease_expires_at = NULL,
              waiting_since = CASE WHEN $4 THEN date_trunc('month', waiting_since AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                                   ELSE waiting_since END
        WHERE report_id = $1`,
      [reportId, decision, note ? Buffer.from(note) : null, coarsen],
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
