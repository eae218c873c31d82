import { randomUUID } from 'node:crypto';
import { Permission, Role } from '../../src/access/permissions';
import { ROLE_PERMISSIONS } from '../../src/access/role-permissions';
import { buildOpenApiDocument } from '../../src/openapi/openapi';
import { createUser, signIn, TestUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { login, shiftClock } from './support/auth-helpers';

/**
 * The authorisation matrix, written by hand from API.md / docs/api.md: for every operation of the
 * OpenAPI document, the status each caller gets for one harmless request (an invalid body, an
 * unknown id…: it passes the guard but changes nothing). The expectations are literals on purpose:
 * they are never computed from ROLE_PERMISSIONS, the table the guard itself reads, so a change of
 * who may do what must change this file too.
 *
 * Columns: one signed-in user per role, then no session, an expired session (idle past
 * SESSION_IDLE_MINUTES), a session of a user disabled after signing in, and a session restricted to
 * TOTP enrolment (an admin who has not enrolled TOTP yet). Public routes answer the same to all:
 * a staff token neither opens nor closes them (the reporter routes check their own reporter token,
 * which no staff token is).
 */
const COLUMNS = [
  Role.ADMIN,
  Role.COORDINATOR,
  Role.TRIAGER,
  Role.CASEWORKER,
  Role.OPERATOR,
  Role.ANALYST,
  Role.AUDITOR,
  'none',
  'expired',
  'disabled',
  'enrolment',
] as const;
type Column = (typeof COLUMNS)[number];
type Statuses = [number, number, number, number, number, number, number, number, number, number, number];

interface Operation {
  /** The concrete path requested (ids and slugs filled in). */
  path: string;
  body?: unknown;
  /** The harmless call ends the caller's session (or every session): use a throw-away one per call. */
  endsSession?: 'own' | 'all';
  expect: Statuses;
}

const UNKNOWN_USER = randomUUID();
const UNKNOWN_CASE = randomUUID();
const UNKNOWN_SLUG = 'no-such-form';
const PASSWORD = 'orchid-meadow-lantern-9';

// prettier-ignore
const MATRIX: Record<string, Operation> = {
  //                                                                        adm  coo  tri  cas  ope  ana  aud  none exp  dis  enr
  'POST /api/v1/admin/lockdown':                 { path: '/api/v1/admin/lockdown', endsSession: 'all',
                                                   expect:                 [200, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/audit':                           { path: '/api/v1/audit?limit=1',
                                                   expect:                 [403, 403, 403, 403, 403, 403, 200, 401, 401, 401, 403] },
  'GET /api/v1/audit/verify':                    { path: '/api/v1/audit/verify',
                                                   expect:                 [403, 403, 403, 403, 403, 403, 200, 401, 401, 401, 403] },
  'POST /api/v1/auth/login':                     { path: '/api/v1/auth/login', body: { username: 1 },
                                                   expect:                 [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
  'POST /api/v1/auth/logout':                    { path: '/api/v1/auth/logout', endsSession: 'own',
                                                   expect:                 [204, 204, 204, 204, 204, 204, 204, 401, 401, 401, 204] },
  'GET /api/v1/auth/me':                         { path: '/api/v1/auth/me',
                                                   expect:                 [200, 200, 200, 200, 200, 200, 200, 401, 401, 401, 200] },
  // Already enrolled users get 409; the enrolment-only session is the one that may enrol.
  'POST /api/v1/auth/totp/enroll':               { path: '/api/v1/auth/totp/enroll',
                                                   expect:                 [409, 409, 409, 409, 409, 409, 409, 401, 401, 401, 200] },
  'POST /api/v1/auth/totp/confirm':              { path: '/api/v1/auth/totp/confirm', body: { totp: 'x' },
                                                   expect:                 [400, 400, 400, 400, 400, 400, 400, 401, 401, 401, 400] },
  'POST /api/v1/auth/password':                  { path: '/api/v1/auth/password', body: {},
                                                   expect:                 [400, 400, 400, 400, 400, 400, 400, 401, 401, 401, 403] },
  'GET /api/v1/forms':                           { path: '/api/v1/forms',
                                                   expect:                 [200, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/forms':                          { path: '/api/v1/forms', body: { slug: 1 },
                                                   expect:                 [400, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/forms/{slug}':                    { path: `/api/v1/forms/${UNKNOWN_SLUG}`,
                                                   expect:                 [404, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'PUT /api/v1/forms/{slug}':                    { path: `/api/v1/forms/${UNKNOWN_SLUG}`, body: { definition: 1 },
                                                   expect:                 [400, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Retention policies per form: the admins' (like the forms themselves).
  'GET /api/v1/forms/{slug}/retention':          { path: `/api/v1/forms/${UNKNOWN_SLUG}/retention`,
                                                   expect:                 [404, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'PUT /api/v1/forms/{slug}/retention':          { path: `/api/v1/forms/${UNKNOWN_SLUG}/retention`, body: { days: 1 },
                                                   expect:                 [400, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Legal holds of reports: coordinators and triagers hold the permission; an unknown (or
  // unreachable) report answers 404.
  'PUT /api/v1/reports/{id}/legal-hold':         { path: `/api/v1/reports/${UNKNOWN_CASE}/legal-hold`,
                                                   expect:                 [403, 404, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'DELETE /api/v1/reports/{id}/legal-hold':      { path: `/api/v1/reports/${UNKNOWN_CASE}/legal-hold`,
                                                   expect:                 [403, 404, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Postponement of a decided report alone: the same holders; an unknown report answers 404.
  'POST /api/v1/reports/{id}/retention/postpone': { path: `/api/v1/reports/${UNKNOWN_CASE}/retention/postpone`, body: { until: '2099-01-01', reason: 'r' },
                                                   expect:                 [403, 404, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/forms/{slug}/public':             { path: `/api/v1/forms/${UNKNOWN_SLUG}/public`,
                                                   expect:                 [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
  'POST /api/v1/intake/{slug}/challenge':        { path: `/api/v1/intake/${UNKNOWN_SLUG}/challenge`,
                                                   expect:                 [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
  'POST /api/v1/intake/{slug}/reports':          { path: `/api/v1/intake/${UNKNOWN_SLUG}/reports`, body: { answers: {} },
                                                   expect:                 [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
  'POST /api/v1/operator/reports':               { path: '/api/v1/operator/reports', body: { form: 1 },
                                                   expect:                 [403, 403, 403, 403, 400, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/reporter/messages':              { path: '/api/v1/reporter/messages', body: { text: 'x' },
                                                   expect:                 [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401] },
  'GET /api/v1/reporter/report':                 { path: '/api/v1/reporter/report',
                                                   expect:                 [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401] },
  'POST /api/v1/reporter/session':               { path: '/api/v1/reporter/session', body: { receipt: 'x' },
                                                   expect:                 [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401] },
  // Team membership, not a permission, decides the rest: every full session passes the guard, and a
  // user outside both teams gets 403 TEAM_MEMBER_REQUIRED (the teams list is no secret to members).
  'GET /api/v1/teams':                           { path: '/api/v1/teams',
                                                   expect:                 [200, 200, 200, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Only a member of the named team may grant it; for the triager (a member) an unknown user is 404.
  'POST /api/v1/teams/{team}/grants/{userId}':   { path: `/api/v1/teams/triage/grants/${UNKNOWN_USER}`,
                                                   expect:                 [403, 403, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/triage/queue':                    { path: '/api/v1/triage/queue',
                                                   expect:                 [403, 403, 200, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Nothing waits in this install: the triager's claim answers 204.
  'POST /api/v1/triage/claim':                   { path: '/api/v1/triage/claim',
                                                   expect:                 [403, 403, 204, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/triage/{reportId}/lease':        { path: `/api/v1/triage/${UNKNOWN_USER}/lease`,
                                                   expect:                 [403, 403, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/triage/{reportId}/release':      { path: `/api/v1/triage/${UNKNOWN_USER}/release`,
                                                   expect:                 [403, 403, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/triage/{reportId}/decision':     { path: `/api/v1/triage/${UNKNOWN_USER}/decision`, body: { decision: 'spam' },
                                                   expect:                 [403, 403, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/users':                           { path: '/api/v1/users',
                                                   expect:                 [200, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/users':                          { path: '/api/v1/users', body: { roles: 'x' },
                                                   expect:                 [400, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  // A user the caller may not see (here: one that does not exist) answers 404.
  'DELETE /api/v1/users/{id}':                   { path: `/api/v1/users/${UNKNOWN_USER}`,
                                                   expect:                 [404, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'PATCH /api/v1/users/{id}':                    { path: `/api/v1/users/${UNKNOWN_USER}`, body: { disabled: true },
                                                   expect:                 [404, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/users/{id}/password-reset':      { path: `/api/v1/users/${UNKNOWN_USER}/password-reset`, body: { password: PASSWORD },
                                                   expect:                 [404, 403, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Cases: the permission opens the route; a case the caller cannot read (here: an unknown id)
  // answers 404 like a missing one, never 403. Assigning is the coordinators' alone.
  'GET /api/v1/cases':                           { path: '/api/v1/cases?limit=1',
                                                   expect:                 [403, 200, 403, 200, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/cases/{id}':                      { path: `/api/v1/cases/${UNKNOWN_CASE}`,
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'PATCH /api/v1/cases/{id}':                    { path: `/api/v1/cases/${UNKNOWN_CASE}`, body: { version: 1, alias: 'a' },
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/cases/{id}/transitions':         { path: `/api/v1/cases/${UNKNOWN_CASE}/transitions`, body: { to: 'accepted', version: 1 },
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/cases/{id}/history':              { path: `/api/v1/cases/${UNKNOWN_CASE}/history`,
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/cases/{id}/notes':               { path: `/api/v1/cases/${UNKNOWN_CASE}/notes`, body: { text: 'n' },
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/cases/{id}/timeline':             { path: `/api/v1/cases/${UNKNOWN_CASE}/timeline`,
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/cases/{id}/milestones':          { path: `/api/v1/cases/${UNKNOWN_CASE}/milestones`, body: { milestone: 'left_region', month: '2026-01' },
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/cases/{id}/assignees':           { path: `/api/v1/cases/${UNKNOWN_CASE}/assignees`, body: { userId: UNKNOWN_USER },
                                                   expect:                 [403, 404, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'DELETE /api/v1/cases/{id}/assignees/{userId}': { path: `/api/v1/cases/${UNKNOWN_CASE}/assignees/${UNKNOWN_USER}`,
                                                   expect:                 [403, 404, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Retention of a case: postponement and legal hold (RETENTION_HOLD: coordinators and triagers);
  // a case the caller cannot read (here: an unknown one) answers 404, never 403.
  'POST /api/v1/cases/{id}/retention/postpone':  { path: `/api/v1/cases/${UNKNOWN_CASE}/retention/postpone`, body: { until: '2099-01-01', reason: 'r' },
                                                   expect:                 [403, 404, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'PUT /api/v1/cases/{id}/legal-hold':           { path: `/api/v1/cases/${UNKNOWN_CASE}/legal-hold`,
                                                   expect:                 [403, 404, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'DELETE /api/v1/cases/{id}/legal-hold':        { path: `/api/v1/cases/${UNKNOWN_CASE}/legal-hold`,
                                                   expect:                 [403, 404, 404, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /health/live':                            { path: '/health/live',
                                                   expect:                 [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  'GET /health/ready':                           { path: '/health/ready',
                                                   expect:                 [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  // A case the caller cannot read (here: one that does not exist) answers 404, never 403.
  'POST /api/v1/cases/{id}/messages':            { path: `/api/v1/cases/${UNKNOWN_USER}/messages`, body: { text: 'x' },
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/cases/{id}/messages':             { path: `/api/v1/cases/${UNKNOWN_USER}/messages`,
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  // Partners: registered, read (with the sealed contact), edited and retired by coordinators; listed for whoever refers.
  'POST /api/v1/partners':                       { path: '/api/v1/partners', body: { name: 1 },
                                                   expect:                 [403, 400, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/partners':                        { path: '/api/v1/partners',
                                                   expect:                 [403, 200, 403, 200, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/partners/{id}':                   { path: `/api/v1/partners/${UNKNOWN_USER}`,
                                                   expect:                 [403, 404, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'PATCH /api/v1/partners/{id}':                 { path: `/api/v1/partners/${UNKNOWN_USER}`, body: { name: 1 },
                                                   expect:                 [403, 400, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/partners/{id}/retirement':       { path: `/api/v1/partners/${UNKNOWN_USER}/retirement`, body: {},
                                                   expect:                 [403, 404, 403, 403, 403, 403, 403, 401, 401, 401, 403] },
  // Referrals of a case the caller cannot read (here: one that does not exist): 404, never 403.
  'POST /api/v1/cases/{id}/referrals':           { path: `/api/v1/cases/${UNKNOWN_CASE}/referrals`, body: { partnerId: UNKNOWN_USER, fields: ['alias'] },
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'GET /api/v1/cases/{id}/referrals':            { path: `/api/v1/cases/${UNKNOWN_CASE}/referrals`,
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  'POST /api/v1/cases/{id}/referrals/{referralId}/acknowledgement': { path: `/api/v1/cases/${UNKNOWN_CASE}/referrals/${UNKNOWN_USER}/acknowledgement`, body: {},
                                                   expect:                 [403, 404, 403, 404, 403, 403, 403, 401, 401, 401, 403] },
  // Statistics: analysts only; the query is refused by its rules (unknown subject), so nothing is released.
  'GET /api/v1/stats':                           { path: '/api/v1/stats?subject=nothing&from=2020-01&to=2020-01',
                                                   expect:                 [403, 403, 403, 403, 403, 400, 403, 401, 401, 401, 403] },
  'GET /api/v1/stats/export.csv':               { path: '/api/v1/stats/export.csv?subject=nothing&from=2020-01&to=2020-01',
                                                   expect:                 [403, 403, 403, 403, 403, 400, 403, 401, 401, 401, 403] },
  'GET /api/v1/stats/chart.svg':                 { path: '/api/v1/stats/chart.svg?subject=nothing&from=2020-01&to=2020-01',
                                                   expect:                 [403, 403, 403, 403, 403, 400, 403, 401, 401, 401, 403] },
  'GET /api/v1/stats/statement':                 { path: '/api/v1/stats/statement?subject=nothing&from=2020-01&to=2020-01',
                                                   expect:                 [403, 403, 403, 403, 403, 400, 403, 401, 401, 401, 403] },
  // Public figures are off in this install (STATS_PUBLIC_ENABLED): 404 to everyone, token or not.
  'GET /api/v1/stats/public':                    { path: '/api/v1/stats/public',
                                                   expect:                 [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
};

/** The operations of a live OpenAPI document, as `METHOD /path`. */
function documentedOperations(document: { paths: object }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((method) => ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('authorisation matrix (hand-written, every operation)', () => {
  let t: TestApp;
  let roleUsers: Record<Role, TestUser>;
  let tokens: Partial<Record<Column, string>>;

  /** A fresh session for `column` (undefined for "none"). The expired one is expired by the clock. */
  async function freshToken(column: Column): Promise<string | undefined> {
    if (column === 'none') return undefined;
    if (column === 'expired' || column === 'disabled') {
      const user = await createUser(t, { roles: [Role.ADMIN] });
      const token = await signIn(t, user);
      // A working session first, so that the 401 below comes from the expiry or the disabling alone.
      expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
      if (column === 'expired') return token;
      const res = await t.request('PATCH', `/api/v1/users/${user.id}`, {
        token: await signIn(t, roleUsers.admin),
        body: { disabled: true },
      });
      expect(res.status).toBe(200);
      return token;
    }
    if (column === 'enrolment') {
      const user = await createUser(t, { roles: [Role.ADMIN], totp: false });
      const res = await login(t, { username: user.username, password: user.password });
      expect(res.status).toBe(200);
      return res.body.token!;
    }
    return signIn(t, roleUsers[column]);
  }

  async function signEveryoneIn(): Promise<void> {
    tokens = {};
    for (const column of COLUMNS) tokens[column] = await freshToken(column);
  }

  beforeAll(async () => {
    // Rate limits off: the matrix sends each public route eleven times from one address, and a 429
    // would hide the status it checks (rate limits have their own tests in test/abuse).
    t = await startTestApp({
      env: {
        REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
      },
    });
    roleUsers = Object.fromEntries(
      await Promise.all(
        Object.values(Role).map(async (role) => [role, await createUser(t, { roles: [role] })] as const),
      ),
    ) as Record<Role, TestUser>;
    await signEveryoneIn();
    // A user per role and eleven sign-ins (each a real Argon2id verification): slow on a busy machine.
  }, 180_000);
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('has exactly one row per operation of the application (a new route needs a row here)', () => {
    const documented = documentedOperations(buildOpenApiDocument(t.app)).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(documented);
  });

  for (const [operation, row] of Object.entries(MATRIX)) {
    const method = operation.split(' ')[0];
    it(`${operation}`, async () => {
      const answers: Partial<Record<Column, number>> = {};
      for (const column of COLUMNS) {
        // The expired session is fresh each time: a request past its expiry may delete it.
        const token = row.endsSession || column === 'expired' ? await freshToken(column) : tokens[column];
        const clock = column === 'expired' ? shiftClock(t, 31 * 60_000) : undefined;
        const res = await t.request(method, row.path, { token, body: row.body });
        clock?.mockRestore();
        answers[column] = res.status;
        if (row.endsSession === 'all' && res.status < 300) await signEveryoneIn();
      }
      const expected = Object.fromEntries(COLUMNS.map((column, i) => [column, row.expect[i]]));
      expect(answers).toEqual(expected);
    });
  }

  it('the admin role never holds a case permission (case routes arrive later; the table must not pre-grant them)', () => {
    for (const p of [
      Permission.CASES_READ,
      Permission.CASES_WRITE,
      Permission.CASES_ASSIGN,
      Permission.TRIAGE_WORK,
    ]) {
      expect(ROLE_PERMISSIONS[Role.ADMIN]).not.toContain(p);
    }
  });
});
