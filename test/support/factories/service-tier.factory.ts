import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '../../../src/access/permissions';
import { generateCaseKeyPair, type KeyPair } from '../../../src/crypto';
import { DEFAULT_FORM_SLUG } from '../../../src/forms/default-report-form';
import { FormsService } from '../../../src/forms/forms.service';
import { IntakeService } from '../../../src/intake/intake.service';
import type { KeyKind } from '../../../src/keys/key.entity';
import { KeysService, type NewKeySlot } from '../../../src/keys/keys.service';
import { UsersService } from '../../../src/users/users.service';
import type { ServiceTier } from '../service-tier';
import { defaultFormAnswers, smallDefinition } from './forms.factory';

/**
 * Factories of the service tier: each builds its row through the owning feature's service, as
 * the application does (audit entries, keys and slots included), without HTTP.
 */

let counter = 0;

/** An account through UsersService (the test KDF is cheap: see test/support/worker-env.ts). */
export async function newUser(tier: ServiceTier, roles: Role[] = [Role.CASEWORKER]) {
  const username = `${roles[0] ?? 'user'}-${++counter}-${randomBytes(3).toString('hex')}`;
  const password = `Test-${randomBytes(12).toString('base64url')}`;
  const view = await tier.get(UsersService).create({ type: 'system' }, { username, roles, password });
  return { ...view, password };
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
