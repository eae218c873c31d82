import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditCheckpoint {
  seq: number;
  hash: Buffer;
  /** UTC ISO-8601 with milliseconds: the exact text that was signed. */
  signedAt: string;
  keyId: string;
  signature: Buffer;
}

interface Row {
  seq: string;
  hash: Buffer;
  signed_at: string;
  key_id: string;
  signature: Buffer;
}

const COLUMNS = `seq, hash, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at,
  key_id, signature`;

const toCheckpoint = (r: Row): AuditCheckpoint => ({
  seq: Number(r.seq),
  hash: r.hash,
  signedAt: r.signed_at,
  keyId: r.key_id,
  signature: r.signature,
});

/** Data access of `audit_checkpoints` (append-only by trigger). */
@Injectable()
export class AuditCheckpointRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, c: AuditCheckpoint): Promise<void> {
    await manager.query(
      `INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)`,
      [c.seq, c.hash, c.signedAt, c.keyId, c.signature],
    );
  }

  async latest(manager: EntityManager = this.dataSource.manager): Promise<AuditCheckpoint | null> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`,
    );
    return rows.length ? toCheckpoint(rows[0]) : null;
  }

  /** Every checkpoint in seq order: one per N entries, so a million entries make about a thousand. */
  async all(manager: EntityManager = this.dataSource.manager): Promise<AuditCheckpoint[]> {
    const rows = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq`);
    return rows.map(toCheckpoint);
  }
}
