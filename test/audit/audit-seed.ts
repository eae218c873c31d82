import { DataSource } from 'typeorm';
import { AuditAction } from '../../src/audit/audit-action';
import { AuditService } from '../../src/audit/audit.service';

/** `n` committed entries of varied actions and actors, one transaction each. */
export async function seedEntries(ds: DataSource, audit: AuditService, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await ds.transaction((m) =>
      audit.record(
        m,
        i % 3 === 0
          ? {
              actor: { type: 'user', id: `user-${i % 5}` },
              action: AuditAction.REPORT_CONTENT_DECRYPTED,
              targetType: 'report',
              targetId: `report-${i}`,
              details: { purpose: 'triage', fields: ['situation', 'location'] },
            }
          : i % 3 === 1
            ? { actor: { type: 'intake' }, action: AuditAction.REPORT_SUBMITTED, details: { channel: 'web' } }
            : {
                actor: { type: 'rule', id: 'retention' },
                action: AuditAction.RETENTION_DELETED,
                details: { reports: i },
              },
      ),
    );
  }
}
