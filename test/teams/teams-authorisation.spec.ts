import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import {
  createSignedInUser,
  createUser,
  signedInUserPerRole,
  TestUser,
} from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

type Signed = TestUser & { token: string };
type Caller = Role | 'none' | 'pending triager' | 'pending coordinator';
interface Answer {
  status: number;
  code?: string;
}

/**
 * Authorisation matrix of the teams routes, with literal expectations (to be folded into the
 * hand-written matrix). Team roles are members unless "pending"; a grant by a member succeeds.
 */
const GET_TEAMS: Record<Caller, Answer> = {
  none: { status: 401, code: 'UNAUTHENTICATED' },
  [Role.ADMIN]: { status: 200 },
  [Role.TRIAGER]: { status: 200 },
  [Role.COORDINATOR]: { status: 200 },
  [Role.CASEWORKER]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.OPERATOR]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.ANALYST]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.AUDITOR]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  'pending triager': { status: 403, code: 'TEAM_MEMBERSHIP_PENDING' },
  'pending coordinator': { status: 403, code: 'TEAM_MEMBERSHIP_PENDING' },
};

/** `POST /teams/triage/grants/:userId` for a pending triager. */
const GRANT_TRIAGE: Record<Caller, Answer> = {
  none: { status: 401, code: 'UNAUTHENTICATED' },
  [Role.ADMIN]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.TRIAGER]: { status: 200 },
  [Role.COORDINATOR]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.CASEWORKER]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.OPERATOR]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.ANALYST]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.AUDITOR]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  'pending triager': { status: 403, code: 'TEAM_MEMBERSHIP_PENDING' },
  'pending coordinator': { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
};

/** `POST /teams/coordination/grants/:userId` for a pending coordinator. */
const GRANT_COORDINATION: Record<Caller, Answer> = {
  ...GRANT_TRIAGE,
  [Role.TRIAGER]: { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  [Role.COORDINATOR]: { status: 200 },
  'pending triager': { status: 403, code: 'TEAM_MEMBER_REQUIRED' },
  'pending coordinator': { status: 403, code: 'TEAM_MEMBERSHIP_PENDING' },
};

describe('teams routes: authorisation matrix', () => {
  let t: TestApp;
  const callers = {} as Record<Caller, Signed | null>;

  beforeAll(async () => {
    t = await startTestApp();
    Object.assign(callers, await signedInUserPerRole(t), {
      none: null,
      'pending triager': await createSignedInUser(t, { roles: [Role.TRIAGER], teamMember: false }),
      'pending coordinator': await createSignedInUser(t, { roles: [Role.COORDINATOR], teamMember: false }),
    });
  });
  afterAll(() => t.close());

  const answer = async (res: { status: number; body: unknown }): Promise<Answer> => {
    const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
    return code ? { status: res.status, code } : { status: res.status };
  };

  it.each(Object.keys(GET_TEAMS) as Caller[])('GET /teams as %s', async (caller) => {
    const token = callers[caller]?.token;
    const res = await t.get('/api/v1/teams', token ? { token } : {});
    expect(await answer(res)).toEqual(GET_TEAMS[caller]);
  });

  it('GET /teams shows an admin both teams, a member their own, and never key material', async () => {
    const asAdmin = await t.get<{ team: string }[]>('/api/v1/teams', { token: callers[Role.ADMIN]!.token });
    expect(asAdmin.body.map((x) => x.team)).toEqual(['triage', 'coordination']);
    const asTriager = await t.get<{ team: string }[]>('/api/v1/teams', {
      token: callers[Role.TRIAGER]!.token,
    });
    expect(asTriager.body.map((x) => x.team)).toEqual(['triage']);
    expect(Object.keys(asAdmin.body[0]).sort()).toEqual(
      ['currentKeyId', 'generation', 'members', 'pendingLinks', 'pendingMembers', 'team'].sort(),
    );
  });

  for (const [team, matrix, role] of [
    ['triage', GRANT_TRIAGE, Role.TRIAGER],
    ['coordination', GRANT_COORDINATION, Role.COORDINATOR],
  ] as const) {
    it.each(Object.keys(matrix) as Caller[])(`POST /teams/${team}/grants/:userId as %s`, async (caller) => {
      const target = await createUser(t, { roles: [role], teamMember: false });
      const token = callers[caller]?.token;
      const res = await t.post(
        `/api/v1/teams/${team}/grants/${target.id}`,
        undefined,
        token ? { token } : {},
      );
      expect(await answer(res)).toEqual(matrix[caller]);
    });
  }

  it('grants: unknown team, malformed, unknown and not-pending users', async () => {
    const token = callers[Role.TRIAGER]!.token;
    const pending = await createUser(t, { roles: [Role.TRIAGER], teamMember: false });
    const analyst = await createUser(t, { roles: [Role.ANALYST] });
    const cases: [string, Answer][] = [
      [`/teams/nope/grants/${pending.id}`, { status: 404, code: 'NOT_FOUND' }],
      ['/teams/triage/grants/not-a-uuid', { status: 404, code: 'NOT_FOUND' }],
      [`/teams/triage/grants/${randomUUID()}`, { status: 404, code: 'NOT_FOUND' }],
      [`/teams/triage/grants/${analyst.id}`, { status: 409, code: 'TEAM_GRANT_NOT_PENDING' }],
      [`/teams/triage/grants/${callers[Role.TRIAGER]!.id}`, { status: 409, code: 'TEAM_GRANT_NOT_PENDING' }],
    ];
    for (const [path, expected] of cases) {
      expect(await answer(await t.post(`/api/v1${path}`, undefined, { token }))).toEqual(expected);
    }
  });
});
