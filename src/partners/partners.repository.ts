import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface PartnerRow {
  id: string;
  name: string;
  publicKey: Uint8Array;
  contact: Uint8Array;
  contactKeyId: string;
  createdMonth: string;
}

interface RawPartner {
  id: string;
  name: string;
  public_key: Buffer;
  contact: Buffer;
  contact_key_id: string;
  created_month: string;
}

const COLUMNS = `id, name, public_key, contact, contact_key_id, created_month`;

const toRow = (r: RawPartner): PartnerRow => ({
  id: r.id,
  name: r.name,
  publicKey: new Uint8Array(r.public_key),
  contact: new Uint8Array(r.contact),
  contactKeyId: r.contact_key_id,
  createdMonth: r.created_month,
});

/** Data access for partner organisations; no rules here. */
@Injectable()
export class PartnersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** False when the name is taken (case-insensitive): nothing is written then. */
  async insert(
    manager: EntityManager,
    p: Omit<PartnerRow, 'createdMonth'> & { createdBy: string },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO partners (id, name, public_key, contact, contact_key_id, created_by, created_month)
       VALUES ($1, $2, $3, $4, $5, $6, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'))
       ON CONFLICT DO NOTHING RETURNING id`,
      [p.id, p.name, p.publicKey, p.contact, p.contactKeyId, p.createdBy],
    );
    return rows.length === 1;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerRow | null> {
    const rows = await manager.query<RawPartner[]>(`SELECT ${COLUMNS} FROM partners WHERE id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async list(): Promise<PartnerRow[]> {
    const rows = await this.dataSource.query<RawPartner[]>(
      `SELECT ${COLUMNS} FROM partners ORDER BY lower(name), id`,
    );
    return rows.map(toRow);
  }
}
