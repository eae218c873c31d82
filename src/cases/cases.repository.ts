import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseStatus } from './case-status';

export interface CaseRow {
  id: string;
  keyId: string;
  status: CaseStatus;
  version: number;
}

/** Data access for cases and the reports they hold; no rules here. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertCase(manager: EntityManager, c: { id: string; keyId: string; status: CaseStatus }) {
    await manager.query(
      `INSERT INTO cases (id, key_id, status, created_month, updated_month)
       VALUES ($1, $2, $3, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'))`,
      [c.id, c.keyId, c.status],
    );
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
}
