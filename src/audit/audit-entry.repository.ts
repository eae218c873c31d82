import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChainFields } from './audit-canonical';
import { auditInsertSql, auditInsertValues, type NewAuditEntry } from './audit-insert';

/** An entry as read back for sealing, verification or listing. */
export interface StoredAuditEntry extends Omit<ChainFields, 'seq'> {
  id: string;
  seq: number | null;
  prevHash: Buffer | null;
  hash: Buffer | null;
}

export interface SealedAuditEntry extends StoredAuditEntry {
  seq: number;
  prevHash: Buffer;
  hash: Buffer;
}

export type { NewAuditEntry };

export interface SealAssignment {
  id: string;
  seq: number;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

interface Row {
  id: string;
  seq: string | null;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string;
  prev_hash: Buffer | null;
  hash: Buffer | null;
}

/*
 * occurred_at is read as the canonical text the chain hashes (UTC, milliseconds), formatted by the
 * database so that no driver or time-zone setting can change it between sealing and verifying.
 */
const COLUMNS = `id, seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  actor_type, actor_id, action, target_type, target_id, details, prev_hash, hash`;

const toEntry = (r: Row): StoredAuditEntry => ({
  id: r.id,
  seq: r.seq === null ? null : Number(r.seq),
  occurredAt: r.occurred_at,
  actorType: r.actor_type,
  actorId: r.actor_id,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Data access of `audit_entries`; the rules live in the service, the sealer and the verifier. */
@Injectable()
export class AuditEntryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, e: NewAuditEntry): Promise<void> {
    await manager.query(auditInsertSql(1), auditInsertValues(e));
  }

  /** The committed entries not sealed yet, oldest id first. */
  async unsealed(manager: EntityManager, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM audit_entries WHERE seq IS NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map(toEntry);
  }

  async head(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ seq: number; hash: Buffer } | null> {
    const rows = await manager.query<{ seq: string; hash: Buffer }[]>(
      `SELECT seq, hash FROM audit_entries WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    );
    return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  /** Seals a batch in one statement; the trigger lets each row be sealed exactly once. */
  async seal(manager: EntityManager, batch: SealAssignment[]): Promise<void> {
    if (!batch.length) return;
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    await manager.query(
      `UPDATE audit_entries AS a
          SET seq = v.seq, prev_hash = decode(v.prev_hash, 'hex'), hash = decode(v.hash, 'hex')
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
        WHERE a.id = v.id AND a.seq IS NULL`,
      [
        batch.map((b) => b.id),
        batch.map((b) => b.seq),
        batch.map((b) => hex(b.prevHash)),
        batch.map((b) => hex(b.hash)),
      ],
    );
  }

  /** Sealed entries with seq > `after`, in seq order (keyset paging: constant cost per page). */
  async sealedAfter(
    after: number,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SealedAuditEntry[]> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    );
    return rows.map(toEntry) as SealedAuditEntry[];
  }

  async countSealed(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = await manager.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_entries WHERE seq IS NOT NULL`,
    );
    return Number(rows[0].n);
  }

  async countUnsealed(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = await manager.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_entries WHERE seq IS NULL`,
    );
    return Number(rows[0].n);
  }
}
