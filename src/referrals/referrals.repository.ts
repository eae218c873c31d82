import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ReferralRow {
  id: string;
  caseId: string;
  partnerId: string;
  partnerKeyId: string;
  createdBy: string | null;
  createdMonth: string;
  /** `YYYY-MM-DD` (UTC). */
  acknowledgeBy: string;
  overdue: boolean;
  record: Uint8Array;
  package: Uint8Array;
  acknowledgedMonth: string | null;
  acknowledgedBy: string | null;
  acknowledgement: Uint8Array | null;
}

interface RawReferral {
  id: string;
  case_id: string;
  partner_id: string;
  partner_key_id: string;
  created_by: string | null;
  created_month: string;
  acknowledge_by: string;
  overdue: boolean;
  record: Buffer;
  package: Buffer;
  acknowledged_month: string | null;
  acknowledged_by: string | null;
  acknowledgement: Buffer | null;
}

const SELECT = `SELECT id, case_id, partner_id, partner_key_id, created_by, created_month,
       to_char(acknowledge_by, 'YYYY-MM-DD') AS acknowledge_by,
       (acknowledged_month IS NULL AND acknowledge_by < (now() AT TIME ZONE 'UTC')::date) AS overdue,
       record, package, acknowledged_month, acknowledged_by, acknowledgement
  FROM referrals`;

const toRow = (r: RawReferral): ReferralRow => ({
  id: r.id,
  caseId: r.case_id,
  partnerId: r.partner_id,
  partnerKeyId: r.partner_key_id,
  createdBy: r.created_by,
  createdMonth: r.created_month,
  acknowledgeBy: r.acknowledge_by,
  overdue: r.overdue,
  record: new Uint8Array(r.record),
  package: new Uint8Array(r.package),
  acknowledgedMonth: r.acknowledged_month,
  acknowledgedBy: r.acknowledged_by,
  acknowledgement: r.acknowledgement ? new Uint8Array(r.acknowledgement) : null,
});

/** Data access for referrals; no rules here. */
@Injectable()
export class ReferralsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The day `days` after today (UTC), as the database counts days. */
  async dayAfter(days: number): Promise<string> {
    const [row] = await this.dataSource.query<{ day: string }[]>(
      `SELECT to_char((now() AT TIME ZONE 'UTC')::date + $1::int, 'YYYY-MM-DD') AS day`,
      [days],
    );
    return row.day;
  }

  async insert(
    manager: EntityManager,
    r: Pick<
      ReferralRow,
      'id' | 'caseId' | 'partnerId' | 'partnerKeyId' | 'acknowledgeBy' | 'record' | 'package'
    > & {
      createdBy: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO referrals (id, case_id, partner_id, partner_key_id, created_by, created_month, acknowledge_by, record, package)
       VALUES ($1, $2, $3, $4, $5, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), $6::date, $7, $8)`,
      [r.id, r.caseId, r.partnerId, r.partnerKeyId, r.createdBy, r.acknowledgeBy, r.record, r.package],
    );
  }

  async ofCase(caseId: string): Promise<ReferralRow[]> {
    const rows = await this.dataSource.query<RawReferral[]>(`${SELECT} WHERE case_id = $1 ORDER BY id`, [
      caseId,
    ]);
    return rows.map(toRow);
  }

  /** The referral of that case, locked for the rest of the transaction; null if it is not one of its. */
  async lock(manager: EntityManager, caseId: string, referralId: string): Promise<ReferralRow | null> {
    const rows = await manager.query<RawReferral[]>(`${SELECT} WHERE id = $1 AND case_id = $2 FOR UPDATE`, [
      referralId,
      caseId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async acknowledge(
    manager: EntityManager,
    referralId: string,
    a: { by: string; acknowledgement: Uint8Array },
  ): Promise<string> {
    // An UPDATE answers [rows, affected count] through TypeORM's PostgreSQL driver.
    const [rows] = await manager.query<[{ month: string }[], number]>(
      `UPDATE referrals SET acknowledged_month = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'),
              acknowledged_by = $2, acknowledgement = $3
        WHERE id = $1 RETURNING acknowledged_month AS month`,
      [referralId, a.by, a.acknowledgement],
    );
    return rows[0].month;
  }

  /** Referrals past their deadline on `today` (UTC) and not acknowledged, across every case (a count, no ids). */
  async countOverdue(today: string): Promise<number> {
    const [row] = await this.dataSource.query<{ overdue: number }[]>(
      `SELECT count(*)::int AS overdue FROM referrals
        WHERE acknowledged_month IS NULL AND acknowledge_by < $1::date`,
      [today],
    );
    return row.overdue;
  }
}
