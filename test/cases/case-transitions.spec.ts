import { Role } from '../../src/access/permissions';
import { CASE_STATUSES, type CaseStatus } from '../../src/cases/case-status';
import { CASE_TRANSITIONS, HELD_FROM, transitionRule } from '../../src/cases/case-transitions';
import { newCase } from '../support/factories/cases.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let slug: string;
let openerId: string;
let coordinator: { id: string; token: string };
let caseworker: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp();
  slug = await createTriageForm(t);
  openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  coordinator = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  caseworker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
});
afterAll(() => t?.close());

/** The status an `on_hold` case of these tests was held from. */
const HELD = 'planning';

/** Puts a case into `status` (test set-up by SQL: the machine itself is what is under test). */
async function putInto(caseId: string, status: CaseStatus): Promise<number> {
  await t.dataSource.query(
    `UPDATE cases SET status = $2, held_from = $3, outcome = $4, version = version + 1 WHERE id = $1`,
    [caseId, status, status === 'on_hold' ? HELD : null, status === 'closed' ? 'other' : null],
  );
  return (await snapshot(caseId)).version;
}

async function snapshot(caseId: string) {
  const [c] = await t.dataSource.query<{ status: string; version: number; outcome: string | null }[]>(
    `SELECT status, version, outcome FROM cases WHERE id = $1`,
    [caseId],
  );
  const [{ history }] = await t.dataSource.query<{ history: number }[]>(
    `SELECT count(*)::int AS history FROM case_history WHERE case_id = $1`,
    [caseId],
  );
  const [{ audit }] = await t.dataSource.query<{ audit: number }[]>(
    `SELECT count(*)::int AS audit FROM audit_entries WHERE action = 'case.transitioned' AND target_id = $1`,
    [caseId],
  );
  return { ...c, history, audit };
}

const transition = (caseId: string, body: object, token = coordinator.token) =>
  t.post<{ status?: string; version?: number; error?: { code: string } }>(
    `/api/v1/cases/${caseId}/transitions`,
    body,
    { token },
  );

describe('the status machine, every (from, to) pair generated from the table', () => {
  const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));
  const cases = new Map<CaseStatus, string>();

  beforeAll(async () => {
    for (const status of CASE_STATUSES) cases.set(status, (await newCase(t, { slug, openerId })).caseId);
  });

  it.each(pairs)('%s → %s', async (from, to) => {
    const caseId = cases.get(from)!;
    const version = await putInto(caseId, from);
    const before = await snapshot(caseId);
    const rule = transitionRule(from, to, from === 'on_hold' ? HELD : null);
    const res = await transition(caseId, {
      to,
      version,
      reason: 'canary-reason',
      ...(to === 'closed' ? { outcome: 'lost_contact' } : {}),
    });
    const after = await snapshot(caseId);
    if (rule) {
      expect([res.status, res.body.status, res.body.version]).toEqual([200, to, version + 1]);
      expect(after).toEqual({
        status: to,
        version: version + 1,
        outcome: to === 'closed' ? 'lost_contact' : null,
        history: before.history + 1,
        audit: before.audit + 1,
      });
      const [last] = await t.dataSource.query<{ from_status: string; to_status: string; actor_id: string }[]>(
        `SELECT from_status, to_status, actor_id FROM case_history WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
        [caseId],
      );
      expect(last).toEqual({ from_status: from, to_status: to, actor_id: coordinator.id });
    } else {
      expect([res.status, res.body.error?.code]).toEqual([409, 'CASE_TRANSITION_NOT_ALLOWED']);
      expect(after).toEqual(before);
    }
  });

  it('the table is what the machine answers: on_hold returns only to the status it left', () => {
    expect(transitionRule('on_hold', HELD, HELD)?.to).toBe(HELD_FROM);
    expect(transitionRule('on_hold', 'accepted', HELD)).toBeNull();
    expect(CASE_TRANSITIONS.filter((r) => r.to === 'closed').every((r) => r.outcomeRequired)).toBe(true);
  });
});

describe('rules of a transition', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await newCase(t, { slug, openerId })).caseId;
    await t.post(
      `/api/v1/cases/${caseId}/assignees`,
      { userId: caseworker.id },
      { token: coordinator.token },
    );
  });

  it('a stale version answers 409 CASE_VERSION_STALE and changes nothing', async () => {
    const version = await putInto(caseId, 'accepted');
    const before = await snapshot(caseId);
    const res = await transition(caseId, { to: 'planning', version: version - 1 });
    expect([res.status, res.body.error?.code]).toEqual([409, 'CASE_VERSION_STALE']);
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('missing reason or outcome, and an outcome where none belongs, have their own codes', async () => {
    const version = await putInto(caseId, 'planning');
    const before = await snapshot(caseId);
    const codes = [];
    for (const body of [
      { to: 'on_hold', version },
      { to: 'closed', version, reason: 'r' },
      { to: 'in_transit', version, outcome: 'other' },
    ]) {
      const res = await transition(caseId, body);
      codes.push([res.status, res.body.error?.code]);
    }
    expect(codes).toEqual([
      [422, 'CASE_REASON_REQUIRED'],
      [422, 'CASE_OUTCOME_REQUIRED'],
      [422, 'CASE_OUTCOME_NOT_ALLOWED'],
    ]);
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('a caseworker moves the work on but may not accept or close', async () => {
    let version = await putInto(caseId, 'planning');
    const ok = await transition(caseId, { to: 'in_transit', version }, caseworker.token);
    expect(ok.status).toBe(200);
    version = ok.body.version!;
    const refused = await transition(
      caseId,
      { to: 'closed', version, outcome: 'returned', reason: 'r' },
      caseworker.token,
    );
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'CASE_TRANSITION_ROLE_REQUIRED']);
  });

  it('a body out of shape answers 400 CASE_INVALID_REQUEST naming fields, never values', async () => {
    const res = await transition(caseId, { to: 'nowhere-canary', version: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('CASE_INVALID_REQUEST');
    expect(res.text).not.toContain('nowhere-canary');
  });

  it('concurrent transitions with the same version: exactly one wins', async () => {
    const version = await putInto(caseId, 'accepted');
    const before = await snapshot(caseId);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => transition(caseId, { to: 'planning', version })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    expect(
      answers.filter((a) => a.status === 409).every((a) => a.body.error?.code === 'CASE_VERSION_STALE'),
    ).toBe(true);
    const after = await snapshot(caseId);
    expect([after.history, after.audit, after.version]).toEqual([
      before.history + 1,
      before.audit + 1,
      version + 1,
    ]);
  });
});
