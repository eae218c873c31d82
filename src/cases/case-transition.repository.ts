import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { auditInsertSql, auditInsertValues, type NewAuditEntry } from '../audit/audit-insert';
import { preparedStatement, runPrepared } from '../database/prepared-statement';
import { slotChainsCtes } from '../keys/key-chain';
import type { CaseStatus } from './case-status';
import type { CaseOutcome } from './case-vocabulary';
import type { LockedCase } from './cases.repository';

/** What a transition decides on: the case as it stands, and the number its history entry will take. */
export interface TransitionState extends LockedCase {
  nextHistorySeq: number;
}

/** A transition as written: the new status and the history entry, against the version it was decided on. */
export interface TransitionWrite {
  caseId: string;
  version: number;
  from: CaseStatus;
  to: CaseStatus;
  heldFrom: CaseStatus | null;
  outcome: CaseOutcome | null;
  seq: number;
  actorId: string;
  reason: Uint8Array;
}

/*
 * The case's state, the number its history entry takes, and whether the caller ($2) reaches its
 * key by a chain of slots (the walk of KeysRepository.readableKeyIds, embedded: one round trip).
 */
const STATE = preparedStatement(
  'case_transition_state',
  `WITH RECURSIVE ${slotChainsCtes('SELECT c.key_id FROM cases c WHERE c.id = $1::uuid', '$2::uuid')}
   SELECT c.id, c.key_id, c.status, c.version, c.held_from, k.public_key,
          (SELECT coalesce(max(h.seq), 0) + 1 FROM case_history h WHERE h.case_id = c.id) AS next_seq,
          EXISTS (SELECT 1 FROM chains) AS readable
     FROM cases c JOIN keys k ON k.id = c.key_id WHERE c.id = $1::uuid`,
);

/*
 * The transition as ONE statement, hence one transaction: the status UPDATE only while the case
 * still has the version the rules were checked on ($2), then the history entry and the audit entry
 * only for the row it moved. Every writer of case_history (opening, transitions) and every other
 * change of a case bumps the version, so a version guard is what the row lock of the slow path was:
 * a concurrent change makes this UPDATE (re-checked on the row's newest version) move nothing, and
 * the caller answers CASE_VERSION_STALE; the entry number read before cannot have been taken.
 */
const WRITE = preparedStatement(
  'case_transition_write',
  `WITH moved AS (
     UPDATE cases SET status = $3, held_from = $4, outcome = $5, version = version + 1,
            closed_month = CASE WHEN $3 IN ('closed', 'rejected') THEN to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') END,
            status_day = (now() AT TIME ZONE 'UTC')::date, activity_day = (now() AT TIME ZONE 'UTC')::date,
            updated_month = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')
      WHERE id = $1::uuid AND version = $2::int
     RETURNING id
   ), history AS (
     INSERT INTO case_history (case_id, seq, from_status, to_status, outcome, actor_id, month, reason)
     SELECT id, $6::int, $7, $3, $5, $8::uuid, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), $9::bytea FROM moved
   ), audit AS (
     ${auditInsertSql(10, 'moved')}
   )
   SELECT count(*)::int AS moved FROM moved`,
);

/** The two statements, for the benchmark's raw limit (bench/cases.ts runs them on a bare pool). */
export const CASE_TRANSITION_STATEMENTS = { state: STATE, write: WRITE } as const;

/** The statements of a status transition (CaseWorkflowService.transition): one read, one write. */
@Injectable()
export class CaseTransitionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The case as it stands, or null when it is missing or `userId` reaches no slot of its key. */
  async state(caseId: string, userId: string): Promise<TransitionState | null> {
    const [r] = await runPrepared<{
      id: string;
      key_id: string;
      status: CaseStatus;
      version: number;
      held_from: CaseStatus | null;
      public_key: Buffer;
      next_seq: number;
      readable: boolean;
    }>(this.dataSource, STATE, [caseId, userId]);
    return r?.readable
      ? {
          id: r.id,
          keyId: r.key_id,
          status: r.status,
          version: r.version,
          heldFrom: r.held_from,
          publicKey: new Uint8Array(r.public_key),
          nextHistorySeq: Number(r.next_seq),
        }
      : null;
  }

  /** Writes the transition and its audit entry; false (nothing written) when the version has moved on. */
  async write(t: TransitionWrite, audit: NewAuditEntry): Promise<boolean> {
    const [row] = await runPrepared<{ moved: number }>(this.dataSource, WRITE, [
      t.caseId,
      t.version,
      t.to,
      t.heldFrom,
      t.outcome,
      t.seq,
      t.from,
      t.actorId,
      t.reason,
      ...auditInsertValues(audit),
    ]);
    return row.moved === 1;
  }
}
