import { Role } from '../../src/access/permissions';
import { AuditAction } from '../../src/audit/audit-action';
import { keyPairFromPrivateKey, KeyPair } from '../../src/crypto';
import { RedisClient } from '../../src/queue/redis.provider';
import { SessionStore } from '../../src/sessions/session-store';
import { TeamName } from '../../src/teams/team';
import { TeamsRepository } from '../../src/teams/teams.repository';
import { User } from '../../src/users/user.entity';
import { UserKeysService } from '../../src/users/user-keys.service';
import { newCase } from '../support/factories/cases.factory';
import { createTriageForm, submitTriageReport } from '../support/factories/triage.factory';
import { createSignedInUser, signIn, TestUser } from '../support/factories/users.factory';
import { reachableKeyIds, SlotRow } from '../support/key-reachability';
import { redisKeysNaming } from '../support/redis-scan';
import { startTestApp, TestApp } from '../support/test-app';
import { principalOf, readAsTriager } from '../intake/support';

jest.setTimeout(120_000);

type Signed = TestUser & { token: string };

/**
 * Deleting a user (DELETE /users/:id) offboards them in one transaction: every key slot, every
 * team membership (each team they were in rotates its key) and every session goes; what arrives
 * afterwards is out of reach of their key material even given the database.
 */
describe('user offboarding', () => {
  let t: TestApp;
  let slug: string;
  let admin: Signed;
  let alice: Signed; // triager, stays
  let colin: Signed; // coordinator, stays
  let victim: Signed; // triager and coordinator, with a case, two sessions: deleted
  let secondToken: string;
  let victimKeys: KeyPair;

  const generation = async (team: TeamName) =>
    (await t.app.get(TeamsRepository).currentKey(team))!.generation;
  const slotRows = () => t.dataSource.query<SlotRow[]>(`SELECT key_id, sealed_key FROM key_slots`);
  const slotsOf = async (userId: string) =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM key_slots WHERE holder_type = 'user' AND holder_id = $1`,
        [userId],
      )
    )[0].n;
  const redisKeysNamingVictim = async () => {
    const redis = t.app.get(RedisClient);
    return redisKeysNaming(redis.connection, redis.key(''), [victim.id]);
  };
  const reads = async (user: Signed, reportId: string) =>
    (await readAsTriager(t, await principalOf(t, user.token), reportId)).answers.story as string;

  beforeAll(async () => {
    t = await startTestApp();
    slug = await createTriageForm(t);
    admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    alice = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    colin = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
    victim = await createSignedInUser(t, { roles: [Role.TRIAGER, Role.COORDINATOR] });
    secondToken = await signIn(t, victim);
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: victim.id });
    victimKeys = keyPairFromPrivateKey((await t.app.get(UserKeysService).unlock(row, victim.password))!);
  });
  afterAll(() => t?.close());

  it('refused halfway (Redis failing), it deletes nothing: slots, memberships and generations stay', async () => {
    await newCase(t, { slug, openerId: victim.id });
    const before = {
      slots: await slotsOf(victim.id),
      triage: await generation('triage'),
      coordination: await generation('coordination'),
    };
    expect(before.slots).toBeGreaterThanOrEqual(3); // triage key, coordination key, the case
    const end = jest
      .spyOn(t.app.get(SessionStore), 'endUserSessions')
      .mockRejectedValueOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const res = await t.request('DELETE', `/api/v1/users/${victim.id}`, { token: admin.token });
    end.mockRestore();
    expect(res.status).toBe(503);
    expect((res.body as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    expect({
      slots: await slotsOf(victim.id),
      triage: await generation('triage'),
      coordination: await generation('coordination'),
    }).toEqual(before);
    expect(await t.dataSource.query(`SELECT 1 FROM users WHERE id = $1`, [victim.id])).toHaveLength(1);
    expect(await t.app.get(SessionStore).resolve(victim.token)).not.toBeNull();
  });

  it('removes every slot, session and membership, rotates both teams; the others still read the backlog', async () => {
    const backlog = await submitTriageReport(t, slug, { story: 'before the deletion' });
    const databaseBefore = await slotRows();
    const generations = {
      triage: await generation('triage'),
      coordination: await generation('coordination'),
    };
    expect(await redisKeysNamingVictim()).not.toEqual([]); // the session index names the user

    const res = await t.request('DELETE', `/api/v1/users/${victim.id}`, { token: admin.token });
    expect(res.status).toBe(204);

    expect(await slotsOf(victim.id)).toBe(0);
    for (const token of [victim.token, secondToken])
      expect(await t.app.get(SessionStore).resolve(token)).toBeNull();
    expect(await redisKeysNamingVictim()).toEqual([]);
    expect(await generation('triage')).toBe(generations.triage + 1);
    expect(await generation('coordination')).toBe(generations.coordination + 1);
    const teams = await t.get<{ team: string; members: { id: string }[] }[]>('/api/v1/teams', {
      token: admin.token,
    });
    for (const team of teams.body) expect(team.members.map((m) => m.id)).not.toContain(victim.id);
    expect(teams.body.find((x) => x.team === 'triage')!.members.map((m) => m.id)).toContain(alice.id);
    expect(teams.body.find((x) => x.team === 'coordination')!.members.map((m) => m.id)).toContain(colin.id);
    const removals = await t.dataSource.query<{ details: string }[]>(
      `SELECT details FROM audit_entries WHERE action = $1 AND target_id = $2`,
      [AuditAction.TEAM_MEMBER_REMOVED, victim.id],
    );
    expect(removals.map((r) => JSON.parse(r.details).reason)).toEqual(['deleted', 'deleted']);

    // The remaining triager reads the backlog and what comes next.
    expect(await reads(alice, backlog)).toBe('before the deletion');
    const after = await submitTriageReport(t, slug, { story: 'after the deletion' });
    expect(await reads(alice, after)).toBe('after the deletion');

    // The deleted user's key with every slot of a copy taken before and one taken after: what they
    // held before they may have kept; nothing that arrived afterwards opens.
    const { caseId } = await newCase(t, { slug, openerId: alice.id });
    const reach = reachableKeyIds([victimKeys], [...databaseBefore, ...(await slotRows())]);
    expect(reach.has(backlog)).toBe(true);
    expect(reach.has(after)).toBe(false);
    expect(reach.has(caseId)).toBe(false);
    const current = await t.app.get(TeamsRepository).currentKeys();
    for (const key of current.values()) expect(reach.has(key.keyId)).toBe(false);
  });
});
