import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A finished status retention counts from (the day the case entered it: `status_day`). */
export type FinishedStatus = 'closed' | 'rejected';

/** Cases of `status` finished before `cutoff`: the row of a form of theirs, else the default (formId null). */
export interface CaseCutoff {
  status: FinishedStatus;
  formId: string | null;
  cutoff: string;
}

export interface DueCase {
  id: string;
  keyId: string;
  status: FinishedStatus;
}

/** Finished cases of one status: due now, held, postponed, or still inside the policy. */
export interface CaseStanding {
  status: FinishedStatus;
  due: number;
  held: number;
  postponed: number;
  inside: number;
}

/** The rows one deletion removed, per table of the cases feature (and the referrals that cascade). */
export interface DeletedCaseRows {
  cases: number;
  history: number;
  entries: number;
  milestones: number;
  referrals: number;
}

/*
 * A case's cutoff, per report of it: the row of the report's form where there is one, else the
 * default row of the case's status; the earliest of them (the longest policy of its forms wins),
 * or the default for a case without reports. A legal hold on a report of the case holds the case.
 */
const CUTOFFS = `unnest($1::text[], $2::uuid[], $3::date[]) AS p(status, form_id, cutoff)`;
const CASE_POLICY = `FROM cases c
  JOIN ${CUTOFFS} ON p.status = c.status AND p.form_id IS NULL
  CROSS JOIN LATERAL (
    SELECT coalesce(min(coalesce(o.cutoff, p.cutoff)), p.cutoff) AS cutoff,
           coalesce(bool_or(r.legal_hold), false) AS report_held
      FROM case_reports cr JOIN reports r ON r.id = cr.report_id
      LEFT JOIN unnest($1::text[], $2::uuid[], $3::date[]) AS o(status, form_id, cutoff)
        ON o.status = c.status AND o.form_id = r.form_id
     WHERE cr.case_id = c.id) x
  CROSS JOIN LATERAL (SELECT c.status_day < x.cutoff AS past, c.legal_hold OR x.report_held AS held,
                             coalesce(c.retain_until >= $4::date, false) AS postponed) f
 WHERE c.status IN ('closed', 'rejected')`;
const params = (cutoffs: CaseCutoff[], today: string) => [
  cutoffs.map((c) => c.status),
  cutoffs.map((c) => c.formId),
  cutoffs.map((c) => c.cutoff),
  today,
];

/** Data access of retention on the cases feature's tables; the policy is the caller's. */
@Injectable()
export class CaseRetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` finished cases due on `today`, oldest first, row-locked (others' locks skipped). */
  async lockDue(
    manager: EntityManager,
    cutoffs: CaseCutoff[],
    today: string,
    limit: number,
  ): Promise<DueCase[]> {
    const rows = await manager.query<{ id: string; key_id: string; status: FinishedStatus }[]>(
      `SELECT c.id, c.key_id, c.status ${CASE_POLICY} AND f.past AND NOT f.held AND NOT f.postponed
        ORDER BY c.status_day, c.id
        LIMIT $5
        FOR UPDATE OF c SKIP LOCKED`,
      [...params(cutoffs, today), limit],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id, status: r.status }));
  }

  /** Counts only, per finished status. */
  async standing(cutoffs: CaseCutoff[], today: string): Promise<CaseStanding[]> {
    const rows = await this.dataSource.query<CaseStanding[]>(
      `SELECT c.status,
              count(*) FILTER (WHERE f.past AND NOT f.held AND NOT f.postponed)::int AS due,
              count(*) FILTER (WHERE f.past AND f.held)::int AS held,
              count(*) FILTER (WHERE f.past AND NOT f.held AND f.postponed)::int AS postponed,
              count(*) FILTER (WHERE NOT f.past)::int AS inside
         ${CASE_POLICY}
        GROUP BY c.status`,
      params(cutoffs, today),
    );
    const statuses = [...new Set(cutoffs.map((c) => c.status))];
    return statuses.map(
      (status) =>
        rows.find((r) => r.status === status) ?? { status, due: 0, held: 0, postponed: 0, inside: 0 },
    );
  }

  /**
   * Deletes cases and what the cases feature holds of them, in `manager`'s transaction: history,
   * timeline entries, milestones, needs and risks, then the rows (their referrals go with them:
   * the referrals feature declared ON DELETE CASCADE; counted first). The key stays: the keys
   * feature deletes it next; the reports were deleted before, through the reports feature.
   */
  async deleteCases(manager: EntityManager, ids: string[]): Promise<DeletedCaseRows> {
    if (!ids.length) return { cases: 0, history: 0, entries: 0, milestones: 0, referrals: 0 };
    const [parts] = await manager.query<Omit<DeletedCaseRows, 'cases'>[]>(
      `WITH history AS (DELETE FROM case_history WHERE case_id = ANY ($1::uuid[]) RETURNING 1),
            entries AS (DELETE FROM case_entries WHERE case_id = ANY ($1::uuid[]) RETURNING 1),
            milestones AS (DELETE FROM case_milestones WHERE case_id = ANY ($1::uuid[]) RETURNING 1),
            needs AS (DELETE FROM case_needs WHERE case_id = ANY ($1::uuid[]) RETURNING 1),
            risks AS (DELETE FROM case_risks WHERE case_id = ANY ($1::uuid[]) RETURNING 1)
       -- needs and risks are plain fixed-list rows: deleted (a data-modifying WITH always runs), not counted
       SELECT (SELECT count(*) FROM history)::int AS history, (SELECT count(*) FROM entries)::int AS entries,
              (SELECT count(*) FROM milestones)::int AS milestones,
              (SELECT count(*)::int FROM referrals WHERE case_id = ANY ($1::uuid[])) AS referrals`,
      [ids],
    );
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM cases WHERE id = ANY ($1::uuid[]) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [ids],
    );
    return {
      cases: row.n,
      history: parts.history,
      entries: parts.entries,
      milestones: parts.milestones,
      referrals: parts.referrals,
    };
  }

  /** Sets or clears a case's legal hold (the row is locked by the caller). */
  async setLegalHold(manager: EntityManager, id: string, hold: boolean): Promise<void> {
    await manager.query(`UPDATE cases SET legal_hold = $2 WHERE id = $1`, [id, hold]);
  }

  /** A postponement: the last day the case is kept, and why (sealed to the case key). */
  async setPostponement(
    manager: EntityManager,
    id: string,
    until: string,
    reason: Uint8Array,
  ): Promise<void> {
    await manager.query(`UPDATE cases SET retain_until = $2, retain_reason = $3 WHERE id = $1`, [
      id,
      until,
      Buffer.from(reason),
    ]);
  }

  /** What the retention routes answer: the hold and the postponement day. */
  async retentionOf(
    manager: EntityManager,
    id: string,
  ): Promise<{ legalHold: boolean; retainUntil: string | null }> {
    const [row] = await manager.query<{ legal_hold: boolean; retain_until: string | null }[]>(
      `SELECT legal_hold, to_char(retain_until, 'YYYY-MM-DD') AS retain_until FROM cases WHERE id = $1`,
      [id],
    );
    return { legalHold: row.legal_hold, retainUntil: row.retain_until };
  }
}
