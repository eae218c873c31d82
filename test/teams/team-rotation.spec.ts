import { Readable } from 'node:stream';
import { Role } from '../../src/access/permissions';
import { keyPairFromPrivateKey, KeyPair, toBase64Url } from '../../src/crypto';
import { keyIdOf } from '../../src/teams/recipients.service';
import { teamsBackfillCommand, teamsGrantCommand } from '../../src/teams/teams.commands';
import { User } from '../../src/users/user.entity';
import { UserKeysService } from '../../src/users/user-keys.service';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import {
  buildSealedSubmission,
  fetchPublicForm,
  submitPlaintext,
} from '../support/factories/reports.factory';
import { createSignedInUser, TestUser } from '../support/factories/users.factory';
import { reachableKeyIds, SlotRow } from '../support/key-reachability';
import { startTestApp, TestApp } from '../support/test-app';
import { latestReportId, principalOf, readAsTriager } from '../intake/support';

type Signed = TestUser & { token: string };
interface TeamBody {
  team: string;
  currentKeyId: string;
  generation: number;
  members: { id: string; username: string }[];
  pendingMembers: { id: string; username: string }[];
  pendingLinks: number;
}

describe('team keys: grant, removal and rotation end to end', () => {
  let t: TestApp;
  let slug: string;
  let admin: Signed;
  let alice: Signed;
  let bob: Signed;
  let carol: Signed;
  let dave: Signed;

  const teams = (token: string) => t.get<TeamBody[]>('/api/v1/teams', { token });
  const triage = async (token: string) => (await teams(token)).body.find((x) => x.team === 'triage')!;
  const grant = (token: string, userId: string) =>
    t.post<TeamBody & { error?: { code: string } }>(`/api/v1/teams/triage/grants/${userId}`, undefined, {
      token,
    });
  const submit = async (marker: string) => {
    await submitPlaintext(t, slug, defaultFormAnswers(marker));
    return latestReportId(t);
  };
  const reads = async (user: Signed, reportId: string) => {
    try {
      const report = await readAsTriager(t, await principalOf(t, user.token), reportId);
      return report.answers.what_happened as string;
    } catch {
      return null;
    }
  };
  const slotRows = () => t.dataSource.query<SlotRow[]>(`SELECT key_id, sealed_key FROM key_slots`);
  async function userKeyPair(user: TestUser): Promise<KeyPair> {
    const row = await t.dataSource.manager.findOneByOrFail(User, { id: user.id });
    return keyPairFromPrivateKey((await t.app.get(UserKeysService).unlock(row, user.password))!);
  }
  const cli = async (command: typeof teamsGrantCommand, args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await command.run({
      args,
      config: t.config,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: Readable.from([`${toBase64Url(t.recovery!.privateKey)}\n`]),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    t = await startTestApp();
    slug = await seedDefaultForm(t);
    admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    alice = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    bob = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    carol = await createSignedInUser(t, { roles: [Role.TRIAGER], teamMember: false });
  });
  afterAll(() => t.close());

  it('seals a new report once to the team key and once to the recovery key, whatever the team size', async () => {
    const reportId = await submit('one');
    const slots = await t.dataSource.query<{ holder_type: string; holder_key_id: string | null }[]>(
      `SELECT holder_type, holder_key_id FROM key_slots WHERE key_id = $1 ORDER BY holder_type`,
      [reportId],
    );
    const current = await triage(admin.token);
    expect(slots).toEqual([
      { holder_type: 'key', holder_key_id: current.currentKeyId },
      { holder_type: 'recovery', holder_key_id: null },
      { holder_type: 'reporter', holder_key_id: null },
    ]);
    const form = await fetchPublicForm(t, slug);
    expect(form.recipients.map((r) => r.keyId).sort()).toEqual([current.currentKeyId, 'recovery'].sort());
    expect(await reads(alice, reportId)).toContain('one');
    expect(await reads(bob, reportId)).toContain('one');
  });

  it('a pending member is told so, reads nothing, until a signed-in member grants them', async () => {
    const reportId = await latestReportId(t);
    const listed = await teams(carol.token);
    expect(listed.status).toBe(403);
    expect((listed.body as unknown as { error: { code: string } }).error.code).toBe(
      'TEAM_MEMBERSHIP_PENDING',
    );
    expect(await reads(carol, reportId)).toBeNull();
    expect((await triage(admin.token)).pendingMembers.map((m) => m.id)).toEqual([carol.id]);

    const granted = await grant(alice.token, carol.id);
    expect(granted.status).toBe(200);
    expect(granted.body.members.map((m) => m.id).sort()).toEqual([alice.id, bob.id, carol.id].sort());
    expect(granted.body.pendingMembers).toEqual([]);
    expect(await reads(carol, reportId)).toContain('one');
    const again = await grant(alice.token, carol.id);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('TEAM_GRANT_NOT_PENDING');
  });

  it('removal rotates the key: the removed member opens nothing sealed afterwards, even with the database', async () => {
    const before = await triage(admin.token);
    const oldReport = await latestReportId(t);
    const bobKeys = await userKeyPair(bob);
    const databaseBefore = await slotRows();

    const res = await t.request('PATCH', `/api/v1/users/${bob.id}`, {
      token: admin.token,
      body: { roles: [Role.ANALYST] },
    });
    expect(res.status).toBe(200);
    const after = await triage(admin.token);
    expect(after.generation).toBe(before.generation + 1);
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.members.map((m) => m.id).sort()).toEqual([alice.id, carol.id].sort());
    expect(after.pendingLinks).toBe(1);
    const bobSlots = await t.dataSource.query(`SELECT 1 FROM key_slots WHERE holder_id = $1`, [bob.id]);
    expect(bobSlots).toEqual([]);

    const newReport = await submit('two');
    const databaseAfter = await slotRows();
    // Bob's own key, every slot of a copy taken before his removal and of one taken after.
    const bobReaches = reachableKeyIds([bobKeys], [...databaseBefore, ...databaseAfter]);
    expect(bobReaches.has(before.currentKeyId)).toBe(true); // what he held before, he may have kept
    expect(bobReaches.has(oldReport)).toBe(true);
    expect(bobReaches.has(after.currentKeyId)).toBe(false);
    expect(bobReaches.has(newReport)).toBe(false);

    for (const member of [alice, carol]) {
      expect(await reads(member, oldReport)).toContain('one');
      expect(await reads(member, newReport)).toContain('two');
    }
  });

  it('the next member completes the link: old user slots go, the backlog reads through the new key', async () => {
    const oldReport = (
      await t.dataSource.query<{ id: string }[]>(`SELECT id FROM reports ORDER BY received_at LIMIT 1`)
    )[0].id;
    const linked = await triage(alice.token); // a member's listing opens the old key and links it
    expect(linked.pendingLinks).toBe(0);
    const oldUserSlots = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM key_slots s JOIN team_keys k ON k.key_id = s.key_id
        WHERE k.successor_key_id IS NOT NULL AND s.holder_type = 'user'`,
    );
    expect(oldUserSlots[0].n).toBe(0);
    dave = await createSignedInUser(t, { roles: [Role.TRIAGER], teamMember: false });
    expect((await grant(carol.token, dave.id)).status).toBe(200);
    expect(await reads(dave, oldReport)).toContain('one'); // user → new key → old key → report
    expect(await reads(alice, oldReport)).toContain('one');
  });

  it('disabling and deleting members rotate again; chains stay one team hop long; the recovery key grants', async () => {
    const reportsBefore = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM reports`);
    expect(
      (
        await t.request('PATCH', `/api/v1/users/${carol.id}`, {
          token: admin.token,
          body: { disabled: true },
        })
      ).status,
    ).toBe(200);
    const third = await submit('three');
    const afterDisable = await triage(admin.token);
    expect(afterDisable.generation).toBe(3);
    expect(afterDisable.members.map((m) => m.id).sort()).toEqual([alice.id, dave.id].sort());

    const erin = await createSignedInUser(t, { roles: [Role.TRIAGER], teamMember: false });
    const granted = await cli(teamsGrantCommand, ['triage', erin.username]);
    expect(granted.err).not.toContain(toBase64Url(t.recovery!.privateKey));
    expect(granted.code).toBe(0);
    // The recovery grant also linked every retired key straight to the current one.
    const links = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM key_slots s JOIN team_keys k ON k.key_id = s.key_id
        WHERE s.holder_key_id = $1`,
      [afterDisable.currentKeyId],
    );
    expect(links[0].n).toBe(2);
    for (const r of [...reportsBefore.map((x) => x.id), third]) expect(await reads(erin, r)).not.toBeNull();

    expect((await t.request('DELETE', `/api/v1/users/${dave.id}`, { token: admin.token })).status).toBe(204);
    const afterDelete = await triage(admin.token);
    expect(afterDelete.generation).toBe(4);
    const fourth = await submit('four');
    expect(await reads(erin, fourth)).toContain('four');
    expect(await reads(alice, fourth)).toContain('four');
    expect(await reads(alice, third)).toContain('three');
    const rotations = await t.dataSource.query<{ details: string }[]>(
      `SELECT details FROM audit_entries WHERE action = 'team.key_rotated' ORDER BY seq`,
    );
    expect(rotations.map((r) => JSON.parse(r.details).reason)).toEqual([
      'role_removed',
      'disabled',
      'deleted',
    ]);
  });

  it('rollover: a sealed report with one slot per member is accepted; backfill gives the team its slot', async () => {
    const form = await fetchPublicForm(t, slug);
    const members = (await triage(admin.token)).members;
    const rows = await t.dataSource.query<{ id: string; public_key: Buffer }[]>(
      `SELECT id, public_key FROM users WHERE id = ANY ($1::uuid[]) ORDER BY id`,
      [members.map((m) => m.id)],
    );
    const legacyForm = {
      ...form,
      recipients: [
        ...rows.map((r) => ({
          keyId: keyIdOf(new Uint8Array(r.public_key)),
          publicKey: toBase64Url(r.public_key),
        })),
        form.recipients.find((r) => r.keyId === 'recovery')!,
      ],
    };
    const legacy = buildSealedSubmission(legacyForm, defaultFormAnswers('legacy'));
    expect((await t.post(`/api/v1/intake/${slug}/reports`, legacy.body)).status).toBe(201);
    const frank = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    expect(await reads(alice, legacy.reportId)).toContain('legacy'); // her own slot
    expect(await reads(frank, legacy.reportId)).toBeNull(); // no team slot yet

    const backfilled = await cli(teamsBackfillCommand, ['triage']);
    expect(backfilled.code).toBe(0);
    expect(backfilled.out).toContain('backfilled: 1 slot(s) added');
    expect(await reads(frank, legacy.reportId)).toContain('legacy');
    expect((await cli(teamsBackfillCommand, ['triage'])).out).toContain('backfilled: 0 slot(s) added');
  });
});
