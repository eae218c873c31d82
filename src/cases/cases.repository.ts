import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseStatus } from './case-status';
import type { CaseMilestone, CaseNeed, CaseOutcome, CaseRisk } from './case-vocabulary';

/** What a case shows in plain columns (fixed lists and months; see case-vocabulary.ts). */
export interface CasePlainFields {
  status: CaseStatus;
  outcome: CaseOutcome | null;
  region: string | null;
  needs: CaseNeed[];
  risks: CaseRisk[];
  milestones: { milestone: CaseMilestone; month: string }[];
}

export interface CaseRow {
  id: string;
  keyId: string;
  status: CaseStatus;
  version: number;
}

/** A case row locked for a change, with what its rules read. */
export interface LockedCase extends CaseRow {
  heldFrom: CaseStatus | null;
  publicKey: Uint8Array;
}

/** Data access for cases and the reports they hold; no rules here. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertCase(
    manager: EntityManager,
    c: { id: string; keyId: string; status: CaseStatus; region: string | null },
  ) {
    await manager.query(
      `INSERT INTO cases (id, key_id, status, region, created_month, updated_month)
       VALUES ($1, $2, $3, $4, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'))`,
      [c.id, c.keyId, c.status, c.region],
    );
  }

  /** One status transition (the first one, at opening, has no `from`). `reason` is sealed. */
  async insertHistory(
    manager: EntityManager,
    h: {
      caseId: string;
      from: CaseStatus | null;
      to: CaseStatus;
      outcome: CaseOutcome | null;
      actorId: string | null;
      reason: Uint8Array | null;
      /** The entry's number when the caller sealed `reason` to it (see nextSeq); else the next one. */
      seq?: number;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO case_history (case_id, seq, from_status, to_status, outcome, actor_id, month, reason)
       SELECT $1, coalesce($7, coalesce(max(seq), 0) + 1), $2, $3, $4, $5, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), $6
         FROM case_history WHERE case_id = $1`,
      [h.caseId, h.from, h.to, h.outcome, h.actorId, h.reason, h.seq ?? null],
    );
  }

  /**
   * The number the next row of `table` for the case will have. Callers hold the case row's lock
   * (lockCase), so that two writers never take the same one; the number is bound into the row's
   * sealed content before it is written.
   */
  async nextSeq(
    manager: EntityManager,
    table: 'case_history' | 'case_entries',
    caseId: string,
  ): Promise<number> {
    const rows = await manager.query<{ next: number }[]>(
      `SELECT coalesce(max(seq), 0) + 1 AS next FROM ${table} WHERE case_id = $1`,
      [caseId],
    );
    return Number(rows[0].next);
  }

  /** Replaces the plain needs and risks of a case (fixed lists). */
  async replaceNeedsAndRisks(
    manager: EntityManager,
    caseId: string,
    needs: readonly CaseNeed[],
    risks: readonly CaseRisk[],
  ): Promise<void> {
    await manager.query(`DELETE FROM case_needs WHERE case_id = $1`, [caseId]);
    await manager.query(`DELETE FROM case_risks WHERE case_id = $1`, [caseId]);
    if (needs.length)
      await manager.query(`INSERT INTO case_needs (case_id, need) SELECT $1, unnest($2::text[])`, [
        caseId,
        needs,
      ]);
    if (risks.length)
      await manager.query(`INSERT INTO case_risks (case_id, risk) SELECT $1, unnest($2::text[])`, [
        caseId,
        risks,
      ]);
  }

  /** Records a milestone reached in a month (plain) with its sealed details; false if already reached. */
  async insertMilestone(
    manager: EntityManager,
    m: { caseId: string; milestone: CaseMilestone; month: string; details: Uint8Array | null },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO case_milestones (case_id, milestone, month, details) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [m.caseId, m.milestone, m.month, m.details],
    );
    return rows.length === 1;
  }

  async insertCaseReport(manager: EntityManager, caseId: string, reportId: string): Promise<void> {
    await manager.query(`INSERT INTO case_reports (report_id, case_id) VALUES ($1, $2)`, [reportId, caseId]);
  }

  async touch(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(
      `UPDATE cases SET version = version + 1, updated_month = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')
        WHERE id = $1`,
      [caseId],
    );
  }

  async findById(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<CaseRow | null> {
    const rows = await manager.query<{ id: string; key_id: string; status: CaseStatus; version: number }[]>(
      `SELECT id, key_id, status, version FROM cases WHERE id = $1`,
      [caseId],
    );
    return rows[0]
      ? { id: rows[0].id, keyId: rows[0].key_id, status: rows[0].status, version: rows[0].version }
      : null;
  }

  /**
   * The reports a case holds, oldest link first (the first one is the report the case was opened
   * from): by `case_reports.seq`, not by arrival, which keeps only its month once the report is in a case.
   */
  async reportIdsOf(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ report_id: string }[]>(
      `SELECT cr.report_id FROM case_reports cr WHERE cr.case_id = $1 ORDER BY cr.seq`,
      [caseId],
    );
    return rows.map((r) => r.report_id);
  }

  /** The plain (statistical) fields of a case. */
  async plainFieldsOf(
    caseId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CasePlainFields | null> {
    const rows = await manager.query<
      {
        status: CaseStatus;
        outcome: CaseOutcome | null;
        region: string | null;
        needs: CaseNeed[];
        risks: CaseRisk[];
        milestones: { milestone: CaseMilestone; month: string }[];
      }[]
    >(
      `SELECT c.status, c.outcome, c.region,
              coalesce((SELECT array_agg(need ORDER BY need) FROM case_needs WHERE case_id = c.id), '{}') AS needs,
              coalesce((SELECT array_agg(risk ORDER BY risk) FROM case_risks WHERE case_id = c.id), '{}') AS risks,
              coalesce((SELECT json_agg(json_build_object('milestone', milestone, 'month', month) ORDER BY month, milestone)
                          FROM case_milestones WHERE case_id = c.id), '[]') AS milestones
         FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }
  /** Locks the case row for the rest of the transaction (every change of a case takes it first). */
  async lockCase(manager: EntityManager, caseId: string): Promise<LockedCase | null> {
    const rows = await manager.query<
      {
        id: string;
        key_id: string;
        status: CaseStatus;
        version: number;
        held_from: CaseStatus | null;
        public_key: Buffer;
      }[]
    >(
      `SELECT c.id, c.key_id, c.status, c.version, c.held_from, k.public_key
         FROM cases c JOIN keys k ON k.id = c.key_id WHERE c.id = $1 FOR UPDATE OF c`,
      [caseId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          keyId: r.key_id,
          status: r.status,
          version: r.version,
          heldFrom: r.held_from,
          publicKey: new Uint8Array(r.public_key),
        }
      : null;
  }

  /** New sealed summary and/or alias (undefined: unchanged; null: cleared), a new version. */
  async setContent(
    manager: EntityManager,
    caseId: string,
    c: { summary?: Uint8Array | null; alias?: Uint8Array | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE cases SET summary = CASE WHEN $2 THEN $3 ELSE summary END,
              alias = CASE WHEN $4 THEN $5 ELSE alias END, version = version + 1,
              activity_day = (now() AT TIME ZONE 'UTC')::date,
              updated_month = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')
        WHERE id = $1`,
      [caseId, c.summary !== undefined, c.summary ?? null, c.alias !== undefined, c.alias ?? null],
    );
  }

  /** The case was worked on (a note, a milestone, an assignee): its activity day and month, not its version. */
  async markActivity(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(
      `UPDATE cases SET activity_day = (now() AT TIME ZONE 'UTC')::date,
              updated_month = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')
        WHERE id = $1`,
      [caseId],
    );
  }

  /** One note or event of the case's own timeline (its body sealed to `seq`, see nextSeq). */
  async insertEntry(
    manager: EntityManager,
    e: { caseId: string; seq: number; kind: 'note' | 'event'; actorId: string | null; body: Uint8Array },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO case_entries (case_id, seq, kind, actor_id, month, body)
       VALUES ($1, $2, $3, $4, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), $5)`,
      [e.caseId, e.seq, e.kind, e.actorId, e.body],
    );
  }
}
