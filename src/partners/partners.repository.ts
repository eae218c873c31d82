import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface PartnerRow {
  id: string;
  name: string;
  publicKey: Uint8Array;
  publicKeyId: string;
  contact: Uint8Array;
  contactKeyId: string;
  createdMonth: string;
  retiredMonth: string | null;
}

/** What an edit replaces: the name, the public key with its new id, the contact with its key id. */
export type PartnerChanges = Partial<
  Pick<PartnerRow, 'name' | 'publicKey' | 'publicKeyId' | 'contact' | 'contactKeyId'>
>;

interface RawPartner {
  id: string;
  name: string;
  public_key: Buffer;
  public_key_id: string;
  contact: Buffer;
  contact_key_id: string;
  created_month: string;
  retired_month: string | null;
}

const COLUMNS = `id, name, public_key, public_key_id, contact, contact_key_id, created_month, retired_month`;

const CHANGE_COLUMNS: Record<keyof PartnerChanges, string> = {
  name: 'name',
  publicKey: 'public_key',
  publicKeyId: 'public_key_id',
  contact: 'contact',
  contactKeyId: 'contact_key_id',
};

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (error: unknown) =>
  (error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION;

const toRow = (r: RawPartner): PartnerRow => ({
  id: r.id,
  name: r.name,
  publicKey: new Uint8Array(r.public_key),
  publicKeyId: r.public_key_id,
  contact: new Uint8Array(r.contact),
  contactKeyId: r.contact_key_id,
  createdMonth: r.created_month,
  retiredMonth: r.retired_month,
});

const THIS_MONTH = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')`;

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
    p: Omit<PartnerRow, 'createdMonth' | 'retiredMonth'> & { createdBy: string },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO partners (id, name, public_key, public_key_id, contact, contact_key_id, created_by, created_month)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${THIS_MONTH})
       ON CONFLICT DO NOTHING RETURNING id`,
      [p.id, p.name, p.publicKey, p.publicKeyId, p.contact, p.contactKeyId, p.createdBy],
    );
    return rows.length === 1;
  }

  /**
   * The partner, optionally locked for the rest of the transaction: `update` for an edit or a
   * retirement, `share` for a referral (which must not be sealed to a key being replaced, nor go to
   * a partner being retired, while it is written).
   */
  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock?: 'update' | 'share',
  ): Promise<PartnerRow | null> {
    const forLock = lock === 'update' ? 'FOR UPDATE' : lock === 'share' ? 'FOR SHARE' : '';
    const rows = await manager.query<RawPartner[]>(
      `SELECT ${COLUMNS} FROM partners WHERE id = $1 ${forLock}`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * False when the new name is taken by another partner. The unique index decides (no race between
   * a check and the write); its violation aborts the transaction, which the caller then rolls back.
   */
  async update(manager: EntityManager, id: string, changes: PartnerChanges): Promise<boolean> {
    const entries = Object.entries(changes) as [keyof PartnerChanges, unknown][];
    const set = entries.map(([key], i) => `${CHANGE_COLUMNS[key]} = $${i + 2}`).join(', ');
    try {
      await manager.query(`UPDATE partners SET ${set} WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async retire(manager: EntityManager, id: string, by: string): Promise<void> {
    await manager.query(`UPDATE partners SET retired_month = ${THIS_MONTH}, retired_by = $2 WHERE id = $1`, [
      id,
      by,
    ]);
  }

  async list(): Promise<PartnerRow[]> {
    const rows = await this.dataSource.query<RawPartner[]>(
      `SELECT ${COLUMNS} FROM partners ORDER BY lower(name), id`,
    );
    return rows.map(toRow);
  }
}
