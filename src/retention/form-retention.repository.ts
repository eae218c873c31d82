import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PolicyOverrides, RetentionKind } from './retention-policy';

/** `form_retention_policies` (owned here): an admin's per-form overrides, in days. */
@Injectable()
export class FormRetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every form's overrides (a hotline has a handful of forms): one query per retention run. */
  async all(): Promise<Map<string, PolicyOverrides>> {
    const rows = await this.dataSource.query<{ form_id: string; kind: RetentionKind; days: number }[]>(
      `SELECT form_id, kind, days FROM form_retention_policies ORDER BY form_id, kind`,
    );
    const byForm = new Map<string, PolicyOverrides>();
    for (const r of rows) byForm.set(r.form_id, { ...byForm.get(r.form_id), [r.kind]: r.days });
    return byForm;
  }

  async of(formId: string, manager: EntityManager = this.dataSource.manager): Promise<PolicyOverrides> {
    const rows = await manager.query<{ kind: RetentionKind; days: number }[]>(
      `SELECT kind, days FROM form_retention_policies WHERE form_id = $1`,
      [formId],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.days])) as PolicyOverrides;
  }

  /** Sets (days) or removes (null) the override of each kind given. */
  async apply(manager: EntityManager, formId: string, days: Partial<Record<RetentionKind, number | null>>) {
    const entries = Object.entries(days) as [RetentionKind, number | null][];
    const set = entries.filter((e): e is [RetentionKind, number] => e[1] !== null);
    const cleared = entries.filter(([, d]) => d === null).map(([k]) => k);
    if (cleared.length)
      await manager.query(
        `DELETE FROM form_retention_policies WHERE form_id = $1 AND kind = ANY ($2::text[])`,
        [formId, cleared],
      );
    if (set.length)
      await manager.query(
        `INSERT INTO form_retention_policies (form_id, kind, days)
         SELECT $1, k, d FROM unnest($2::text[], $3::int[]) AS t(k, d)
         ON CONFLICT (form_id, kind) DO UPDATE SET days = EXCLUDED.days`,
        [formId, set.map(([k]) => k), set.map(([, d]) => d)],
      );
  }
}
