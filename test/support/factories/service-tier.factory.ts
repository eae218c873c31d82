import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '../../../src/access/permissions';
import type { Principal } from '../../../src/access/principal';
import { permissionsFor } from '../../../src/access/role-permissions';
import { generateCaseKeyPair, type KeyPair } from '../../../src/crypto';
import { DEFAULT_FORM_SLUG } from '../../../src/forms/default-report-form';
import { FormsService } from '../../../src/forms/forms.service';
import { IntakeService } from '../../../src/intake/intake.service';
import type { KeyKind } from '../../../src/keys/key.entity';
import { KeysService, type NewKeySlot } from '../../../src/keys/keys.service';
import { TEAM_ROLES, type TeamName } from '../../../src/teams/team';
import { TeamsService } from '../../../src/teams/teams.service';
import { UsersService } from '../../../src/users/users.service';
import { openCaseFrom, type NewCase } from './cases.factory';
import type { ServiceTier } from '../service-tier';
import { defaultFormAnswers, smallDefinition } from './forms.factory';

/**
 * Factories of the service tier: each builds its row through the owning feature's service, as
 * the application does (audit entries, keys and slots included), without HTTP.
 */

let counter = 0;

/**
 * An account through UsersService (the test KDF is cheap: see test/support/worker-env.ts). With
 * TeamsModule in the tier, a triager or coordinator is granted their team's key with the tier's
 * recovery key, as `teams:grant` would (`teamMember: false` leaves them a pending member).
 */
export async function newUser(
  tier: ServiceTier,
  roles: Role[] = [Role.CASEWORKER],
  options: { teamMember?: boolean } = {},
) {
  const username = `${roles[0] ?? 'user'}-${++counter}-${randomBytes(3).toString('hex')}`;
  const password = `Test-${randomBytes(12).toString('base64url')}`;
  const view = await tier.get(UsersService).create({ type: 'system' }, { username, roles, password });
  if (options.teamMember !== false && tier.recovery) {
    for (const [team, role] of Object.entries(TEAM_ROLES) as [TeamName, Role][]) {
      if (roles.includes(role)) await tier.get(TeamsService).grantWithRecovery(team, username, tier.recovery);
    }
  }
  return { ...view, password };
}

/** The principal a session of `user` would establish (no session exists: the tier has no HTTP). */
export function principalOf(user: { id: string; roles: readonly Role[] }): Principal {
  return {
    userId: user.id,
    sessionId: `service-tier-${user.id}`,
    roles: [...user.roles],
    permissions: permissionsFor(user.roles),
  };
}

/** A case opened from a new plaintext report (newReport) by `openerId` (needs CasesModule). */
export async function newCase(tier: ServiceTier, options: { openerId: string }): Promise<NewCase> {
  const { reportId } = await newReport(tier, 'case');
  return openCaseFrom(tier, reportId, options.openerId);
}

/** A form through FormsService; `default: true` for the default `report` form `init` creates. */
export async function newForm(tier: ServiceTier, options: { default?: boolean; slug?: string } = {}) {
  if (options.default) {
    await tier.get(FormsService).ensureDefaultForm();
    return DEFAULT_FORM_SLUG;
  }
  const slug = options.slug ?? `form-${++counter}-${process.pid}`;
  await tier.get(FormsService).create({ type: 'system' }, { slug, definition: smallDefinition() });
  return slug;
}

/** A plaintext-mode report to the default form through IntakeService (needs IntakeModule). */
export async function newReport(tier: ServiceTier, marker = 'x') {
  await newForm(tier, { default: true });
  return tier
    .get(IntakeService)
    .submitPlaintext(
      { slug: DEFAULT_FORM_SLUG, channel: 'web', actor: { type: 'intake' } },
      { answers: defaultFormAnswers(marker), language: 'ru' },
    );
}

/** A key pair stored through KeysService with its slots; the caller owns (and wipes) the private key. */
export async function newKey(
  tier: ServiceTier,
  kind: KeyKind = 'case',
  slots: Omit<NewKeySlot, 'keyId'>[] = [],
): Promise<{ id: string; keys: KeyPair }> {
  const id = randomUUID();
  const keys = generateCaseKeyPair();
  await tier.dataSource.transaction((m) =>
    tier.get(KeysService).create(m, { id, kind, publicKey: keys.publicKey }, slots),
  );
  return { id, keys };
}
