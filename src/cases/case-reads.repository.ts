import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HeldSlot } from '../keys/holder-keyring';
import type { CaseStatus } from './case-status';
import type { CaseMilestone, CaseNeed, CaseOutcome, CaseRisk } from './case-vocabulary';

/** A case as its readers get it from the database: plain fields and the sealed summary/alias. */
export interface CaseRecord {
  id: string;
  keyId: string;
  publicKey: Uint8Array;
  status: CaseStatus;
  heldFrom: CaseStatus | null;
  outcome: CaseOutcome | null;
  version: number;
  region: string | null;
  createdMonth: string;
  updatedMonth: string;
  needs: CaseNeed[];
  risks: CaseRisk[];
  summary: Uint8Array | null;
  alias: Uint8Array | null;
}

/** A case of a list page, with the one slot of the caller's keyring that opens its key. */
export interface ListedCase extends CaseRecord {
  slot: HeldSlot;
}

export interface CaseListFilter {
  status?: CaseStatus[];
  needs?: CaseNeed[];
  risks?: CaseRisk[];
  /** Only the cases the caller holds a slot of themselves (assigned to them). */
  assignedTo?: string;
  updatedMonth?: string;
  /** Keyset: the last id of the previous page. */
  after?: string;
  limit: number;
}

export interface HistoryRow {
  seq: number;
  from: CaseStatus | null;
  to: CaseStatus;
  outcome: CaseOutcome | null;
  actorId: string | null;
  month: string;
  reason: Uint8Array | null;
}

export interface EntryRow {
  seq: number;
  kind: 'note' | 'event';
  actorId: string | null;
  month: string;
  body: Uint8Array;
}

export interface MilestoneRow {
  milestone: CaseMilestone;
  month: string;
  details: Uint8Array | null;
}

const RECORD_COLUMNS = `c.id, c.key_id, k.public_key, c.status, c.held_from, c.outcome, c.version, c.region,
  c.created_month, c.updated_month, c.summary, c.alias,
  coalesce((SELECT array_agg(need ORDER BY need) FROM case_needs WHERE case_id = c.id), '{}') AS needs,
  coalesce((SELECT array_agg(risk ORDER BY risk) FROM case_risks WHERE case_id = c.id), '{}') AS risks`;

type RecordRow = {
  id: string;
  key_id: string;
  public_key: Buffer;
  status: CaseStatus;
  held_from: CaseStatus | null;
  outcome: CaseOutcome | null;
  version: number;
  region: string | null;
  created_month: string;
  updated_month: string;
  summary: Buffer | null;
  alias: Buffer | null;
  needs: CaseNeed[];
  risks: CaseRisk[];
};

const bytes = (b: Buffer | null) => (b ? new Uint8Array(b) : null);

function toRecord(r: RecordRow): CaseRecord {
  return {
    id: r.id,
    keyId: r.key_id,
    publicKey: new Uint8Array(r.public_key),
    status: r.status,
    heldFrom: r.held_from,
    outcome: r.outcome,
    version: r.version,
    region: r.region,
    createdMonth: r.created_month,
    updatedMonth: r.updated_month,
    needs: r.needs,
    risks: r.risks,
    summary: bytes(r.summary),
    alias: bytes(r.alias),
  };
}

/**
 * Reads of cases for their readers (no rules, no writes). The list reads the key slots that open
 * each case's key next to the case (keys feature's table, read only), so that the page the
 * database returns is the page the caller's keys open: no chain, no row.
 */
@Injectable()
export class CaseReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(caseId: string): Promise<CaseRecord | null> {
    const rows = await this.dataSource.query<RecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM cases c JOIN keys k ON k.id = c.key_id WHERE c.id = $1`,
      [caseId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * One page of the cases whose key the caller opens — by their own slot or one held by a key of
   * `holderKeyIds` — in id order after `after`, filtered on the plain fields; each with the slot
   * that opens it (their own first).
   */
  async page(userId: string, holderKeyIds: string[], f: CaseListFilter): Promise<ListedCase[]> {
    const params: unknown[] = [userId];
    const where: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (f.after) where.push(`c.id > ${param(f.after)}`);
    if (f.status?.length) where.push(`c.status = ANY (${param(f.status)}::text[])`);
    if (f.updatedMonth) where.push(`c.updated_month = ${param(f.updatedMonth)}`);
    if (f.needs?.length)
      where.push(
        `(SELECT count(*) FROM case_needs n WHERE n.case_id = c.id AND n.need = ANY (${param(f.needs)}::text[])) = ${f.needs.length}`,
      );
    if (f.risks?.length)
      where.push(
        `(SELECT count(*) FROM case_risks r WHERE r.case_id = c.id AND r.risk = ANY (${param(f.risks)}::text[])) = ${f.risks.length}`,
      );
    const limit = param(f.limit);
    // A caller without a team key (or asking for their own cases) is driven by their own slots
    // (index key_slots_by_user); otherwise the cases are walked in id order and each probed for a
    // slot (key_slots_one_per_holder), which stops after one page.
    const ownOnly = f.assignedTo !== undefined || holderKeyIds.length === 0;
    const slotFilter = ownOnly
      ? `s.holder_type = 'user' AND s.holder_id = $1`
      : `((s.holder_type = 'user' AND s.holder_id = $1) OR (s.holder_type = 'key' AND s.holder_key_id = ANY (${param(holderKeyIds)}::uuid[])))`;
    const from = ownOnly
      ? `key_slots o JOIN cases c ON c.key_id = o.key_id AND o.holder_type = 'user' AND o.holder_id = $1`
      : `cases c`;
    const rows = await this.dataSource.query<
      (RecordRow & { holder_type: 'user' | 'key'; holder_key_id: string | null; sealed_key: Buffer })[]
    >(
      `SELECT ${RECORD_COLUMNS}, s.holder_type, s.holder_key_id, s.sealed_key
         FROM ${from}
         JOIN keys k ON k.id = c.key_id
         CROSS JOIN LATERAL (SELECT s.holder_type, s.holder_key_id, s.sealed_key FROM key_slots s
                              WHERE s.key_id = c.key_id AND ${slotFilter}
                              ORDER BY s.holder_type DESC LIMIT 1) s
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.id LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      ...toRecord(r),
      slot: {
        holderType: r.holder_type,
        holderKeyId: r.holder_key_id,
        sealedKey: new Uint8Array(r.sealed_key),
      },
    }));
  }

  async history(caseId: string): Promise<HistoryRow[]> {
    const rows = await this.dataSource.query<
      {
        seq: number;
        from_status: CaseStatus | null;
        to_status: CaseStatus;
        outcome: CaseOutcome | null;
        actor_id: string | null;
        month: string;
        reason: Buffer | null;
      }[]
    >(
      `SELECT seq, from_status, to_status, outcome, actor_id, month, reason
         FROM case_history WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    return rows.map((r) => ({
      seq: r.seq,
      from: r.from_status,
      to: r.to_status,
      outcome: r.outcome,
      actorId: r.actor_id,
      month: r.month,
      reason: bytes(r.reason),
    }));
  }

  async entries(caseId: string): Promise<EntryRow[]> {
    const rows = await this.dataSource.query<
      { seq: number; kind: 'note' | 'event'; actor_id: string | null; month: string; body: Buffer }[]
    >(`SELECT seq, kind, actor_id, month, body FROM case_entries WHERE case_id = $1 ORDER BY seq`, [caseId]);
    return rows.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      actorId: r.actor_id,
      month: r.month,
      body: new Uint8Array(r.body),
    }));
  }

  async milestones(caseId: string): Promise<MilestoneRow[]> {
    const rows = await this.dataSource.query<
      { milestone: CaseMilestone; month: string; details: Buffer | null }[]
    >(`SELECT milestone, month, details FROM case_milestones WHERE case_id = $1 ORDER BY month, milestone`, [
      caseId,
    ]);
    return rows.map((r) => ({ milestone: r.milestone, month: r.month, details: bytes(r.details) }));
  }
}
