import { Role } from '../../src/access/permissions';
import { AuditAction } from '../../src/audit/audit-action';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { submitPlaintext } from '../support/factories/reports.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../outbox/support/reports';

jest.setTimeout(60_000);

interface Entry {
  actor_type: string;
  action: string;
  target_type: string | null;
  at: Date;
}

const HOUR_MS = 3_600_000;

/**
 * Audit entries of anonymous acts (intake, the reporter, the system queueing a report) carry a time
 * truncated to the UTC hour, set by the database at write time; a user's entry keeps its
 * millisecond; the chain, which hashes the stored (truncated) time, verifies.
 */
describe('audit times of anonymous acts', () => {
  let t: TestApp;
  let entries: Entry[];
  let window: { from: number; to: number };
  let userActAt: { from: number; to: number };

  beforeAll(async () => {
    t = await startTestApp({
      withWorker: true,
      env: { REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0' },
    });
    const from = Date.now();
    const slug = await seedDefaultForm(t);
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    const receipt = await submitPlaintext(t, slug, defaultFormAnswers('anonymous times'));
    const session = await t.post<{ token: string }>('/api/v1/reporter/session', { receipt });
    expect(session.status).toBe(201);
    const message = await t.post(
      '/api/v1/reporter/messages',
      { text: 'a follow-up' },
      { token: session.body.token },
    );
    expect(message.status).toBe(201);
    expect((await t.get('/api/v1/reporter/report', { token: session.body.token })).status).toBe(200);
    // A user's act: an admin changes someone's roles.
    const analyst = await createSignedInUser(t, { roles: [Role.ANALYST] });
    const before = Date.now();
    const changed = await t.request('PATCH', `/api/v1/users/${analyst.id}`, {
      token: admin.token,
      body: { roles: [Role.CASEWORKER] },
    });
    expect(changed.status).toBe(200);
    userActAt = { from: before, to: Date.now() };
    // The triage processor's entry (system, for a report).
    await waitFor(
      async () =>
        (
          await t.dataSource.query(`SELECT 1 FROM audit_entries WHERE action = $1`, [
            AuditAction.REPORT_QUEUED,
          ])
        ).length === 1,
      15_000,
      'the report.queued entry',
    );
    window = { from, to: Date.now() };
    entries = await t.dataSource.query<Entry[]>(
      `SELECT actor_type, action, target_type, occurred_at AS at FROM audit_entries ORDER BY id`,
    );
  });
  afterAll(() => t?.close());

  const anonymous = (e: Entry) =>
    e.actor_type === 'reporter' ||
    e.actor_type === 'intake' ||
    (e.actor_type === 'system' && e.target_type === 'report');

  it('every anonymous act is there, and none has a time finer than its UTC hour', () => {
    const actions = entries.filter(anonymous).map((e) => `${e.actor_type} ${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `intake ${AuditAction.REPORT_SUBMITTED}`,
        `reporter ${AuditAction.REPORTER_SESSION_OPENED}`,
        `reporter ${AuditAction.REPORTER_MESSAGE_ADDED}`,
        `system ${AuditAction.REPORT_QUEUED}`,
      ]),
    );
    for (const e of entries.filter(anonymous)) {
      expect(e.at.getTime() % HOUR_MS).toBe(0);
      // The hour it happened in: no later than the act, less than an hour before it.
      expect(e.at.getTime()).toBeLessThanOrEqual(window.to);
      expect(e.at.getTime()).toBeGreaterThan(window.from - HOUR_MS);
    }
  });

  it('a user’s entry keeps its exact time', () => {
    const updated = entries.filter((e) => e.actor_type === 'user' && e.action === AuditAction.USER_UPDATED);
    expect(updated).toHaveLength(1);
    const at = updated[0].at.getTime();
    // The database's clock and this process's agree to well within a second here.
    expect(at).toBeGreaterThanOrEqual(userActAt.from - 1_000);
    expect(at).toBeLessThanOrEqual(userActAt.to + 1_000);
    // Not truncated: an exact time on the hour would be a one-in-3.6-million coincidence.
    expect(at % HOUR_MS).not.toBe(0);
  });

  it('the chain, which hashes the stored hour, verifies', async () => {
    await t.app.get(AuditSealer).sealPending();
    const result = await t.app.get(AuditVerifier).verify();
    expect(result).toMatchObject({ ok: true, unsealed: 0 });
    expect((result as { entries: number }).entries).toBe(entries.length);
  });

  it('the database refuses nothing else: a back-dated anonymous insert is still refused', async () => {
    await expect(
      t.dataSource.query(
        `INSERT INTO audit_entries (occurred_at, actor_type, action, details)
         VALUES (now() - interval '2 hours', 'intake', 'report.submitted', '{}')`,
      ),
    ).rejects.toThrow(/append-only/);
  });
});
