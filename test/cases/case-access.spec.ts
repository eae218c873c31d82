import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import {
  KeyPair,
  initCrypto,
  keyPairFromPrivateKey,
  openKeySlot,
  unlockUserKeys,
  wipe,
} from '../../src/crypto';
import { KeysService } from '../../src/keys/keys.service';
import { toRecord } from '../../src/users/user-keys.service';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { newCase } from '../support/factories/cases.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser, TestUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let slug: string;
let openerId: string;
let coordinator: TestUser & { token: string };

beforeAll(async () => {
  await initCrypto();
  t = await startTestApp();
  slug = await createTriageForm(t);
  openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  coordinator = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
});
afterAll(() => t?.close());

/** The user's own key pair, from the database row and their password (what a thief of both holds). */
async function ownKeys(user: TestUser): Promise<KeyPair> {
  const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
  return keyPairFromPrivateKey(unlockUserKeys(toRecord(row), user.password, user.id));
}

/** Tries every slot of the case key in the database with `keys`: the case private key, or null. */
async function openWithAnySlot(caseId: string, keys: KeyPair): Promise<Uint8Array | null> {
  const slots = await t.dataSource.query<{ sealed_key: Buffer }[]>(
    `SELECT sealed_key FROM key_slots WHERE key_id = $1`,
    [caseId],
  );
  expect(slots.length).toBeGreaterThanOrEqual(3); // opener, coordination team key, recovery
  for (const slot of slots) {
    try {
      return openKeySlot(new Uint8Array(slot.sealed_key), keys, caseId).privateKey;
    } catch {
      // not this holder's slot
    }
  }
  return null;
}

const assign = (caseId: string, userId: string, token = coordinator.token) =>
  t.post<{ assignees?: string[]; error?: { code: string } }>(
    `/api/v1/cases/${caseId}/assignees`,
    { userId },
    { token },
  );
const unassign = (caseId: string, userId: string) =>
  t.request('DELETE', `/api/v1/cases/${caseId}/assignees/${userId}`, { token: coordinator.token });

describe('crypto-enforced access to a case', () => {
  it('an unassigned caseworker with the database and their own keys opens nothing; assigned they do; unassigned again they do not', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const worker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const keys = await ownKeys(worker);
    expect(await openWithAnySlot(caseId, keys)).toBeNull();
    expect((await t.get(`/api/v1/cases/${caseId}`, { token: worker.token })).status).toBe(404);

    expect((await assign(caseId, worker.id)).body.assignees).toContain(worker.id);
    const opened = await openWithAnySlot(caseId, keys);
    expect(opened).not.toBeNull();
    wipe(opened);
    expect((await t.get(`/api/v1/cases/${caseId}`, { token: worker.token })).status).toBe(200);

    expect((await unassign(caseId, worker.id)).status).toBe(204);
    expect(await openWithAnySlot(caseId, keys)).toBeNull();
    expect((await t.get(`/api/v1/cases/${caseId}`, { token: worker.token })).status).toBe(404);
    wipe(keys.privateKey);
  });

  it('a coordinator opens it through the coordination team key, without a slot of their own', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const keys = await ownKeys(coordinator);
    expect(await openWithAnySlot(caseId, keys)).toBeNull(); // no direct slot…
    const chain = await t.app.get(KeysService).openChain(coordinator.id, keys, caseId); // …a chain
    expect(chain).not.toBeNull();
    wipe(chain!.privateKey, keys.privateKey);
    expect((await t.get(`/api/v1/cases/${caseId}`, { token: coordinator.token })).status).toBe(200);
  });

  it('only an enabled caseworker or coordinator can be assigned, and only by a coordinator', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const analyst = await createUser(t, { roles: [Role.ANALYST] });
    const disabled = await createUser(t, { roles: [Role.CASEWORKER], disabled: true });
    for (const userId of [analyst.id, disabled.id, randomUUID()]) {
      const res = await assign(caseId, userId);
      expect([res.status, res.body.error?.code]).toEqual([422, 'CASE_ASSIGNEE_ROLE_REQUIRED']);
    }
    const worker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    await assign(caseId, worker.id);
    const other = await createUser(t, { roles: [Role.CASEWORKER] });
    expect((await assign(caseId, other.id, worker.token)).status).toBe(403);
    const holders = await t.app.get(KeysService).userHolders(caseId);
    expect(holders.sort()).toEqual([openerId, worker.id].sort());
  });

  it.each([
    ['role removed', { roles: [Role.ANALYST] }],
    ['disabled', { disabled: true }],
  ])('%s: the user loses every case slot in the same change', async (_, change) => {
    const a = await newCase(t, { slug, openerId });
    const b = await newCase(t, { slug, openerId });
    const worker = await createUser(t, { roles: [Role.CASEWORKER] });
    await assign(a.caseId, worker.id);
    await assign(b.caseId, worker.id);
    const slotsOf = async () =>
      (await t.app.get(KeysService).userSlots(worker.id)).filter((s) =>
        [a.caseId, b.caseId].includes(s.keyId),
      );
    expect(await slotsOf()).toHaveLength(2);
    await t.app.get(UsersService).update(coordinator.id, worker.id, change);
    expect(await slotsOf()).toHaveLength(0);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'case.assignments_removed' AND target_id = $1`,
      [worker.id],
    );
    expect(n).toBe(1);
  });

  it('a caseworker given another role keeps their case slots', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const worker = await createUser(t, { roles: [Role.CASEWORKER] });
    await assign(caseId, worker.id);
    await t.app
      .get(UsersService)
      .update(coordinator.id, worker.id, { roles: [Role.CASEWORKER, Role.ANALYST] });
    expect(await t.app.get(KeysService).userHolders(caseId)).toContain(worker.id);
  });
});
