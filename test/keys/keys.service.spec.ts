import { Role } from '../../src/access/permissions';
import { initCrypto, sealKeySlot, wipe } from '../../src/crypto';
import { IntakeModule } from '../../src/intake/intake.module';
import { KeysModule } from '../../src/keys/keys.module';
import { KeysService } from '../../src/keys/keys.service';
import { TeamsService } from '../../src/teams/teams.service';
import { UserAccountsService } from '../../src/users/user-accounts.service';
import { UsersModule } from '../../src/users/users.module';
import { newKey, newReport, newUser } from '../support/factories/service-tier.factory';
import { startServices, ServiceTier } from '../support/service-tier';

/** Keys and slots at the service level (no HTTP): the service tier of test/support. */
describe('KeysService', () => {
  let tier: ServiceTier;
  beforeAll(async () => {
    await initCrypto();
    tier = await startServices([KeysModule, UsersModule, IntakeModule]);
  });
  afterAll(() => tier.close());

  it('a new report gets a report key with its own id, a slot for the triage team key, recovery and the reporter', async () => {
    // A pending member of the triage team: the role, not yet the team key.
    const triager = await newUser(tier, [Role.TRIAGER], { teamMember: false });
    await newReport(tier, 'keys');
    const [report] = await tier.dataSource.query<{ id: string; key_id: string }[]>(
      `SELECT id, key_id FROM reports ORDER BY received_at DESC LIMIT 1`,
    );
    expect(report.key_id).toBe(report.id);
    const keys = tier.get(KeysService);
    const team = await tier.get(TeamsService).currentTeamKey('triage');
    expect(await keys.publicKeyOf(report.id)).toHaveLength(32);
    expect(await keys.keyHeldSlotHolders(report.id)).toEqual([team.keyId]);
    // Sealed to the team, not to each triager: a triager not yet granted the team key reads nothing.
    expect(await keys.userSlot(report.id, triager.id)).toBeNull();
    expect(await keys.readableKeyIds(triager.id, [report.id])).toEqual(new Set());
    expect(await keys.recoverySlot(report.id)).not.toBeNull();
    expect(await keys.reporterSlot(report.id)).not.toBeNull();
  });

  it('a slot held by a user opens to the key it names; deleting the key deletes its slots', async () => {
    const user = await newUser(tier, [Role.CASEWORKER]);
    const publicKey = new Uint8Array((await tier.get(UserAccountsService).findById(user.id))!.publicKey);
    const { id, keys } = await newKey(tier, 'case');
    const sealed = sealKeySlot(keys.privateKey, publicKey, id);
    await tier.dataSource.transaction((m) =>
      tier
        .get(KeysService)
        .addSlots(m, [{ keyId: id, holderType: 'user', holderId: user.id, sealedKey: sealed }]),
    );
    const slot = await tier.get(KeysService).userSlot(id, user.id);
    expect(Buffer.from(slot!.sealedKey).equals(Buffer.from(sealed))).toBe(true);
    expect(await tier.get(KeysService).publicKeyOf(id)).toEqual(keys.publicKey);
    wipe(keys.privateKey);

    await tier.dataSource.query(`DELETE FROM keys WHERE id = $1`, [id]);
    expect(await tier.get(KeysService).userSlot(id, user.id)).toBeNull();
  });

  it('a key held by another key: the slot names its holder key and goes with either', async () => {
    const holder = await newKey(tier, 'team');
    const held = await newKey(tier, 'case', [
      {
        holderType: 'key',
        holderId: null,
        holderKeyId: holder.id,
        sealedKey: new Uint8Array(113).fill(1),
      },
    ]);
    const count = async () =>
      (
        await tier.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM key_slots WHERE key_id = $1 AND holder_key_id = $2`,
          [held.id, holder.id],
        )
      )[0].n;
    expect(await count()).toBe(1);
    await tier.dataSource.query(`DELETE FROM keys WHERE id = $1`, [holder.id]);
    expect(await count()).toBe(0);
    wipe(holder.keys.privateKey, held.keys.privateKey);
  });

  it("a user's slot references the user: it goes with the account and cannot name a missing one", async () => {
    const user = await newUser(tier, [Role.CASEWORKER]);
    const { id, keys } = await newKey(tier, 'case');
    const slot = (holderId: string) => ({
      keyId: id,
      holderType: 'user' as const,
      holderId,
      sealedKey: new Uint8Array(113).fill(2),
    });
    await tier.dataSource.transaction((m) => tier.get(KeysService).addSlots(m, [slot(user.id)]));
    expect(await tier.get(KeysService).userSlot(id, user.id)).not.toBeNull();

    const missing = '00000000-0000-4000-8000-00000000abcd';
    await expect(
      tier.dataSource.transaction((m) => tier.get(KeysService).addSlots(m, [slot(missing)])),
    ).rejects.toMatchObject({ code: '23503', constraint: 'key_slots_holder_user_fk' });

    await tier.dataSource.query(`DELETE FROM users WHERE id = $1`, [user.id]);
    expect(await tier.get(KeysService).userSlot(id, user.id)).toBeNull();
    wipe(keys.privateKey);
  });

  it('a key that still has its report cannot be deleted (the report is deleted first)', async () => {
    await newReport(tier, 'keys');
    const [report] = await tier.dataSource.query<{ key_id: string }[]>(
      `SELECT key_id FROM reports ORDER BY received_at DESC LIMIT 1`,
    );
    await expect(
      tier.dataSource.query(`DELETE FROM keys WHERE id = $1`, [report.key_id]),
    ).rejects.toMatchObject({ code: '23503', constraint: 'reports_key_fk' });
    expect(await tier.get(KeysService).publicKeyOf(report.key_id)).toHaveLength(32);
  });
});
