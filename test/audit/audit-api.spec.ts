import { Role } from '../../src/access/permissions';
import { AuditAction } from '../../src/audit/audit-action';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { AuditService } from '../../src/audit/audit.service';
import { ALL_ROLES, TestUser, signedInUserPerRole } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { asSuperuser } from './audit-fixture';

interface Page {
  entries: {
    seq: number;
    action: string;
    actor: { type: string; id: string | null };
    details: unknown;
    hash: string;
  }[];
  nextAfter: number | null;
}
interface Verification {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
  problem?: string;
  lastCheckpoint: { seq: number } | null;
}

describe('audit routes', () => {
  let t: TestApp;
  let users: Record<Role, TestUser & { token: string }>;
  beforeAll(async () => {
    t = await startTestApp();
    users = await signedInUserPerRole(t);
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 5; i++) {
      await audit.recordAlone({
        actor: { type: 'intake' },
        action: AuditAction.REPORT_SUBMITTED,
        details: { channel: 'web' },
      });
    }
    await t.app.get(AuditSealer).sealPending();
  });
  afterAll(() => t.close());

  const auditor = () => users[Role.AUDITOR].token;

  describe.each(['/api/v1/audit', '/api/v1/audit/verify'])('%s authorisation', (path) => {
    it('asks for a session', async () => {
      const res = await t.get<{ error: { code: string } }>(path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it.each(ALL_ROLES.filter((r) => r !== Role.AUDITOR))('refuses the %s role', async (role) => {
      const res = await t.get<{ error: { code: string } }>(path, { token: users[role].token });
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('hash');
    });

    it('serves the auditor', async () => {
      expect((await t.get(path, { token: auditor() })).status).toBe(200);
    });
  });

  it('pages through sealed entries in seq order', async () => {
    const first = await t.get<Page>('/api/v1/audit?limit=3', { token: auditor() });
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.body.nextAfter).toBe(3);
    const rest = await t.get<Page>(`/api/v1/audit?after=3&limit=1000`, { token: auditor() });
    expect(rest.body.entries[0].seq).toBe(4);
    expect(rest.body.nextAfter).toBeNull();
    const submitted = rest.body.entries.find((e) => e.action === 'report.submitted');
    expect(submitted).toMatchObject({ actor: { type: 'intake', id: null }, details: { channel: 'web' } });
    expect(submitted?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['limit=0', 'limit=1001', 'after=-1', 'limit=abc', 'other=1'])(
    'rejects the query %s',
    async (q) => {
      const res = await t.get<{ error: { code: string } }>(`/api/v1/audit?${q}`, { token: auditor() });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    },
  );

  it('verifies the chain, sealing first, and records the verification', async () => {
    const res = await t.get<Verification>('/api/v1/audit/verify', { token: auditor() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.entries).toBeGreaterThanOrEqual(5);
    expect(res.body.firstBadSeq).toBeUndefined();
    await t.app.get(AuditSealer).sealPending();
    const page = await t.get<Page>(`/api/v1/audit?after=${res.body.entries}`, { token: auditor() });
    expect(page.body.entries.at(-1)).toMatchObject({
      action: 'audit.verified',
      actor: { type: 'user', id: users[Role.AUDITOR].id },
      details: { ok: true, entries: res.body.entries, firstBadSeq: null },
    });
  });

  it('reports tampering with the first bad sequence number', async () => {
    await asSuperuser(t.dataSource, `UPDATE audit_entries SET details = '{"channel":"bot"}' WHERE seq = 2`);
    const res = await t.get<Verification>('/api/v1/audit/verify', { token: auditor() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'hash_mismatch' });
  });
});
