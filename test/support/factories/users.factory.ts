import { randomBytes } from 'node:crypto';
import { Clock } from '../../../src/access/clock';
import { Role } from '../../../src/access/permissions';
import { totp } from '../../../src/auth/totp/rfc6238';
import { TotpService, totpSecretLocation } from '../../../src/auth/totp/totp.service';
import { decryptWithKey } from '../../../src/crypto';
import { TEAM_ROLES, TeamName } from '../../../src/teams/team';
import { TeamsService } from '../../../src/teams/teams.service';
import { User } from '../../../src/users/user.entity';
import { UsersRepository } from '../../../src/users/users.repository';
import { UsersService } from '../../../src/users/users.service';
import type { TestApp } from '../test-app';

/** Every role of API.md, for authorisation matrices. */
export const ALL_ROLES: readonly Role[] = Object.values(Role);

export interface TestUser {
  id: string;
  username: string;
  password: string;
  roles: Role[];
  /** The plain TOTP secret when the user has TOTP enrolled (the default), else null. */
  totpSecret: Uint8Array | null;
}

export interface CreateUserOptions {
  roles: Role[];
  username?: string;
  password?: string;
  /** Enrol and confirm TOTP (default true: TOTP is required by default, see AUTH_REQUIRE_TOTP). */
  totp?: boolean;
  disabled?: boolean;
  /**
   * Grant the team key of the user's team roles (triager, coordinator) with the test app's recovery
   * key, as `teams:grant` would (default true); false leaves them a pending member.
   */
  teamMember?: boolean;
}

let counter = 0;

/**
 * Creates an account through UsersService, as an admin would (same key pair, same audit entry),
 * with TOTP enrolled unless `totp: false`. Under NODE_ENV=test the password KDF is cheap.
 */
export async function createUser(t: TestApp, options: CreateUserOptions): Promise<TestUser> {
  const username =
    options.username ?? `${options.roles[0] ?? 'user'}-${++counter}-${randomBytes(3).toString('hex')}`;
  const password = options.password ?? `Test-${randomBytes(12).toString('base64url')}`;
  const view = await t.app
    .get(UsersService)
    .create({ type: 'system' }, { username, roles: options.roles, password });
  const repository = t.app.get(UsersRepository);
  let totpSecret: Uint8Array | null = null;
  if (options.totp !== false) {
    const totpService = t.app.get(TotpService);
    const { stored } = totpService.newSecret(view);
    await repository.update(repository.manager, view.id, { totpSecret: stored, totpConfirmed: true });
    // The plain secret, decrypted here as only a test may (the server never hands it out again).
    totpSecret = decryptWithKey(
      t.config.secrets.totpKey,
      new Uint8Array(stored),
      totpSecretLocation(view.id),
    );
  }
  if (options.teamMember !== false && t.recovery && !options.disabled) {
    for (const [team, role] of Object.entries(TEAM_ROLES) as [TeamName, Role][]) {
      if (options.roles.includes(role))
        await t.app.get(TeamsService).grantWithRecovery(team, view.username, t.recovery);
    }
  }
  if (options.disabled) await repository.update(repository.manager, view.id, { disabled: true });
  return { id: view.id, username: view.username, password, roles: options.roles, totpSecret };
}

/** The user's TOTP code at `atMs` (default: the app's clock). */
export function totpCode(t: TestApp, user: TestUser, atMs?: number): string {
  if (!user.totpSecret) throw new Error('this test user has no TOTP');
  return totp(user.totpSecret, atMs ?? t.app.get(Clock).now());
}

/**
 * Signs `user` in over HTTP and returns the session token. A code is accepted once only, so the
 * factory forgets the last accepted step first: tests may sign one user in many times within one
 * 30-second step (replay protection itself is tested in test/auth).
 */
export async function signIn(t: TestApp, user: TestUser): Promise<string> {
  if (user.totpSecret) await t.dataSource.manager.update(User, { id: user.id }, { totpLastStep: null });
  const res = await t.post<{ token?: string; error?: { code: string } }>('/api/v1/auth/login', {
    username: user.username,
    password: user.password,
    ...(user.totpSecret ? { totp: totpCode(t, user) } : {}),
  });
  if (res.status !== 200 || !res.body.token) {
    throw new Error(`signIn(${user.username}) failed: ${res.status} ${res.body.error?.code ?? ''}`);
  }
  return res.body.token;
}

/** A new user of `roles`, signed in. */
export async function createSignedInUser(
  t: TestApp,
  options: CreateUserOptions,
): Promise<TestUser & { token: string }> {
  const user = await createUser(t, options);
  return { ...user, token: await signIn(t, user) };
}

/** One signed-in user per role (keys are the roles), for authorisation matrices. */
export async function signedInUserPerRole(t: TestApp): Promise<Record<Role, TestUser & { token: string }>> {
  const entries = await Promise.all(
    ALL_ROLES.map(async (role) => [role, await createSignedInUser(t, { roles: [role] })] as const),
  );
  return Object.fromEntries(entries) as Record<Role, TestUser & { token: string }>;
}
