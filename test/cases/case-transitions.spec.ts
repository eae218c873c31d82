import { Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { CaseWorkflowService } from '../../src/cases/case-workflow.service';
import type { TransitionBody } from '../../src/cases/case-schemas';
import { CASE_STATUSES, type CaseStatus } from '../../src/cases/case-status';
import { CASE_TRANSITIONS, HELD_FROM, transitionRule } from '../../src/cases/case-transitions';
import { CasesModule } from '../../src/cases/cases.module';
import { AppError } from '../../src/common/errors/app-error';
import { IntakeModule } from '../../src/intake/intake.module';
import { TeamsModule } from '../../src/teams/teams.module';
import { UsersModule } from '../../src/users/users.module';
import { newCase, newUser, principalOf } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';

/*
 * The status machine's rules, at the service level (CaseWorkflowService on the real database, no
 * HTTP). The HTTP contract of the route (answers, error body, validation) is in case-routes.spec.ts.
 */
jest.setTimeout(180_000);

let tier: ServiceTier;
let openerId: string;
let coordinator: Principal;
let caseworker: Principal;

beforeAll(async () => {
  tier = await startServices([CasesModule, IntakeModule, UsersModule, TeamsModule]);
  openerId = (await newUser(tier, [Role.TRIAGER])).id;
  coordinator = principalOf(await newUser(tier, [Role.COORDINATOR]));
  caseworker = principalOf(await newUser(tier, [Role.CASEWORKER]));
});
afterAll(() => tier?.close());

/** The status an `on_hold` case of these tests was held from. */
const HELD = 'planning';

/** Puts a case into `status` (test set-up by SQL: the machine itself is what is under test). */
async function putInto(caseId: string, status: CaseStatus): Promise<number> {
  await tier.dataSource.query(
    `UPDATE cases SET status = $2, held_from = $3, outcome = $4, version = version + 1 WHERE id = $1`,
    [caseId, status, status === 'on_hold' ? HELD : null, status === 'closed' ? 'other' : null],
  );
  return (await snapshot(caseId)).version;
}

async function snapshot(caseId: string) {
  const [c] = await tier.dataSource.query<{ status: string; version: number; outcome: string | null }[]>(
    `SELECT status, version, outcome FROM cases WHERE id = $1`,
    [caseId],
  );
  const [{ history }] = await tier.dataSource.query<{ history: number }[]>(
    `SELECT count(*)::int AS history FROM case_history WHERE case_id = $1`,
    [caseId],
  );
  const [{ audit }] = await tier.dataSource.query<{ audit: number }[]>(
    `SELECT count(*)::int AS audit FROM audit_entries WHERE action = 'case.transitioned' AND target_id = $1`,
    [caseId],
  );
  return { ...c, history, audit };
}

/** The transition's answer, or the code and status of the error it was refused with. */
async function transition(caseId: string, body: TransitionBody, by: Principal = coordinator) {
  try {
    const state = await tier.get(CaseWorkflowService).transition(by, caseId, body);
    return { ok: true as const, status: state.status, version: state.version };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false as const, error: [error.status, error.code] };
  }
}

describe('the status machine, every (from, to) pair generated from the table', () => {
  const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));
  const cases = new Map<CaseStatus, string>();

  beforeAll(async () => {
    for (const status of CASE_STATUSES) cases.set(status, (await newCase(tier, { openerId })).caseId);
  });

  it.each(pairs)('%s → %s', async (from, to) => {
    const caseId = cases.get(from)!;
    const version = await putInto(caseId, from);
    const before = await snapshot(caseId);
    const rule = transitionRule(from, to, from === 'on_hold' ? HELD : null);
    const answer = await transition(caseId, {
      to,
      version,
      reason: 'canary-reason',
      ...(to === 'closed' ? { outcome: 'lost_contact' as const } : {}),
    });
    const after = await snapshot(caseId);
    if (rule) {
      expect(answer).toEqual({ ok: true, status: to, version: version + 1 });
      expect(after).toEqual({
        status: to,
        version: version + 1,
        outcome: to === 'closed' ? 'lost_contact' : null,
        history: before.history + 1,
        audit: before.audit + 1,
      });
      const [last] = await tier.dataSource.query<
        { from_status: string; to_status: string; actor_id: string }[]
      >(
        `SELECT from_status, to_status, actor_id FROM case_history WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
        [caseId],
      );
      expect(last).toEqual({ from_status: from, to_status: to, actor_id: coordinator.userId });
    } else {
      expect(answer).toEqual({ ok: false, error: [409, 'CASE_TRANSITION_NOT_ALLOWED'] });
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
  let workedCaseId: string;
  beforeAll(async () => {
    caseId = (await newCase(tier, { openerId })).caseId;
    // A case the caseworker reaches (they opened it: their own slot of its key).
    workedCaseId = (await newCase(tier, { openerId: caseworker.userId })).caseId;
  });

  it('a stale version is refused with 409 CASE_VERSION_STALE and changes nothing', async () => {
    const version = await putInto(caseId, 'accepted');
    const before = await snapshot(caseId);
    const answer = await transition(caseId, { to: 'planning', version: version - 1 });
    expect(answer).toEqual({ ok: false, error: [409, 'CASE_VERSION_STALE'] });
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('missing reason or outcome, and an outcome where none belongs, have their own codes', async () => {
    const version = await putInto(caseId, 'planning');
    const before = await snapshot(caseId);
    const answers = [];
    for (const body of [
      { to: 'on_hold', version },
      { to: 'closed', version, reason: 'r' },
      { to: 'in_transit', version, outcome: 'other' },
    ] as TransitionBody[]) {
      answers.push(await transition(caseId, body));
    }
    expect(answers).toEqual([
      { ok: false, error: [422, 'CASE_REASON_REQUIRED'] },
      { ok: false, error: [422, 'CASE_OUTCOME_REQUIRED'] },
      { ok: false, error: [422, 'CASE_OUTCOME_NOT_ALLOWED'] },
    ]);
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('a caseworker moves the work on but may not accept or close', async () => {
    const version = await putInto(workedCaseId, 'planning');
    const moved = await transition(workedCaseId, { to: 'in_transit', version }, caseworker);
    expect(moved).toEqual({ ok: true, status: 'in_transit', version: version + 1 });
    const refused = await transition(
      workedCaseId,
      { to: 'closed', version: version + 1, outcome: 'returned', reason: 'r' },
      caseworker,
    );
    expect(refused).toEqual({ ok: false, error: [409, 'CASE_TRANSITION_ROLE_REQUIRED'] });
  });

  it('a caseworker who reaches no slot of the case gets 404, as for a missing case', async () => {
    const version = await putInto(caseId, 'planning');
    const before = await snapshot(caseId);
    const answer = await transition(caseId, { to: 'in_transit', version }, caseworker);
    expect(answer).toEqual({ ok: false, error: [404, 'NOT_FOUND'] });
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('concurrent transitions with the same version: exactly one wins', async () => {
    const version = await putInto(caseId, 'accepted');
    const before = await snapshot(caseId);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => transition(caseId, { to: 'planning', version })),
    );
    expect(answers.filter((a) => a.ok)).toEqual([{ ok: true, status: 'planning', version: version + 1 }]);
    expect(answers.filter((a) => !a.ok)).toEqual(
      Array.from({ length: 5 }, () => ({ ok: false, error: [409, 'CASE_VERSION_STALE'] })),
    );
    const after = await snapshot(caseId);
    expect([after.history, after.audit, after.version]).toEqual([
      before.history + 1,
      before.audit + 1,
      version + 1,
    ]);
  });
});
