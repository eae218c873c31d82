import { randomUUID } from 'node:crypto';
import { Permission, Role } from '../../src/access/permissions';
import { ROLE_PERMISSIONS } from '../../src/access/role-permissions';
import {
  ALL_ROLES,
  createUser,
  signIn,
  signedInUserPerRole,
  TestUser,
} from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { login, shiftClock } from './support/auth-helpers';

interface Route {
  method: string;
  path: () => string;
  permission: Permission;
  /** A request that passes the guard but changes nothing (an invalid body, an unknown id…), and its status. */
  harmless: { body?: unknown; status: number };
}

const UNKNOWN_USER = randomUUID();

/** Every authenticated route of the accounts issue. `POST /auth/login` is public; logout and lockdown are below. */
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/auth/me', permission: Permission.SESSION_ENROL, harmless: { status: 200 } },
  {
    method: 'POST',
    path: () => '/auth/totp/enroll',
    permission: Permission.SESSION_ENROL,
    harmless: { status: 409 },
  },
  {
    method: 'POST',
    path: () => '/auth/totp/confirm',
    permission: Permission.SESSION_ENROL,
    harmless: { body: { totp: 'x' }, status: 400 },
  },
  {
    method: 'POST',
    path: () => '/auth/password',
    permission: Permission.SESSION_SELF,
    harmless: { body: {}, status: 400 },
  },
  {
    method: 'POST',
    path: () => '/users',
    permission: Permission.USERS_MANAGE,
    harmless: { body: { roles: 'x' }, status: 400 },
  },
  { method: 'GET', path: () => '/users', permission: Permission.USERS_MANAGE, harmless: { status: 200 } },
  // A user the caller may not see (here: does not exist) answers 404.
  {
    method: 'PATCH',
    path: () => `/users/${UNKNOWN_USER}`,
    permission: Permission.USERS_MANAGE,
    harmless: { body: { disabled: true }, status: 404 },
  },
  {
    method: 'DELETE',
    path: () => `/users/${UNKNOWN_USER}`,
    permission: Permission.USERS_MANAGE,
    harmless: { status: 404 },
  },
  {
    method: 'POST',
    path: () => `/users/${UNKNOWN_USER}/password-reset`,
    permission: Permission.USERS_MANAGE,
    harmless: { body: { password: 'orchid-meadow-lantern-9' }, status: 404 },
  },
  {
    method: 'POST',
    path: () => '/admin/lockdown',
    permission: Permission.LOCKDOWN,
    harmless: { status: 200 },
  },
  {
    method: 'POST',
    path: () => '/auth/logout',
    permission: Permission.SESSION_ENROL,
    harmless: { status: 204 },
  },
];

/** Routes whose harmless call still ends sessions: exercised with a throw-away session. */
const ENDS_SESSIONS = new Set(['/admin/lockdown', '/auth/logout']);

describe('authorisation matrix of the accounts routes', () => {
  let t: TestApp;
  let users: Record<Role, TestUser & { token: string }>;
  beforeAll(async () => {
    t = await startTestApp();
    users = await signedInUserPerRole(t);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const call = (route: Route, token?: string, body = route.harmless.body) =>
    t.request(route.method, `/api/v1${route.path()}`, { token, body });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path().replace(UNKNOWN_USER, ':id')}`, () => {
      it.each(ALL_ROLES)('as %s', async (role) => {
        const allowed = ROLE_PERMISSIONS[role].includes(route.permission);
        const token = ENDS_SESSIONS.has(route.path()) ? await signIn(t, users[role]) : users[role].token;
        if (route.path() === '/admin/lockdown' && allowed) {
          // Lockdown really ends every session: sign everyone back in afterwards.
          expect((await call(route, token)).status).toBe(200);
          users = await signedInUserPerRole(t);
          return;
        }
        expect((await call(route, token)).status).toBe(allowed ? route.harmless.status : 403);
      });

      it('without a session, with a malformed token, an expired session, or as a disabled user: 401', async () => {
        expect((await call(route)).status).toBe(401);
        expect((await call(route, 'not-a-token')).status).toBe(401);
        expect((await call(route, 'A'.repeat(43))).status).toBe(401);

        const disabled = await createUser(t, { roles: [Role.ADMIN] });
        const disabledToken = await signIn(t, disabled);
        const expiring = await signIn(t, await createUser(t, { roles: [Role.ADMIN] }));
        await t.request('PATCH', `/api/v1/users/${disabled.id}`, {
          token: users.admin.token,
          body: { disabled: true },
        });
        expect((await call(route, disabledToken)).status).toBe(401);

        shiftClock(t, 31 * 60_000);
        expect((await call(route, expiring)).status).toBe(401);
      });

      it('with a session restricted to TOTP enrolment', async () => {
        const user = await createUser(t, { roles: [Role.ADMIN], totp: false });
        const token = (await login(t, { username: user.username, password: user.password })).body.token!;
        const status = (await call(route, token)).status;
        if (route.permission !== Permission.SESSION_ENROL) expect(status).toBe(403);
        else expect(status).toBe(route.path() === '/auth/totp/enroll' ? 200 : route.harmless.status);
      });
    });
  }

  it('the admin role never holds a case permission', () => {
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
