import { AuditAction } from '../../src/audit/audit-action';
import { AuditService } from '../../src/audit/audit.service';
import { startTestApp, TestApp } from '../support/test-app';

const unsealed = async (t: TestApp) =>
  Number(
    (
      await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_entries WHERE seq IS NULL`)
    )[0].n,
  );

const record = (t: TestApp) =>
  t.app.get(AuditService).recordAlone({
    actor: { type: 'rule', id: 'retention' },
    action: AuditAction.RETENTION_DELETED,
    details: { reports: 1 },
  });

describe('the sealer loop', () => {
  it('seals new entries within a fraction of a second in the worker role', async () => {
    const t = await startTestApp({ withWorker: true, env: { AUDIT_SEAL_INTERVAL_MS: '50' } });
    try {
      await record(t);
      const deadline = Date.now() + 3000;
      while ((await unsealed(t)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(await unsealed(t)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('does not run in an API-only process', async () => {
    const t = await startTestApp({ env: { AUDIT_SEAL_INTERVAL_MS: '50' } });
    try {
      await record(t);
      await new Promise((r) => setTimeout(r, 400));
      expect(await unsealed(t)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
