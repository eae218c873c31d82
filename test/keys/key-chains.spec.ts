import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { CaseAccessService } from '../../src/keys/case-access.service';
import { CurrentPrincipal, RequirePermission } from '../../src/access/decorators';
import { Permission, Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { generateCaseKeyPair, initCrypto, KeyPair, sealKeySlot, toBase64Url } from '../../src/crypto';
import { MAX_KEY_HOPS } from '../../src/keys/key-chain';
import type { KeyKind } from '../../src/keys/key.entity';
import { KeysModule } from '../../src/keys/keys.module';
import { KeysService } from '../../src/keys/keys.service';
import { User } from '../../src/users/user.entity';
import { insertBareReport } from '../support/factories/reports.factory';
import { createSignedInUser, TestUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Reads a key's public half through CaseAccessService, as the triage and cases routes do. */
@Controller('probe-chains')
class ProbeChainsController {
  constructor(private readonly access: CaseAccessService) {}

  @RequirePermission(Permission.SESSION_SELF)
  @Get(':id/public-key')
  publicKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.access.withCaseKeyPair(principal, id, (keys) => ({ publicKey: toBase64Url(keys.publicKey) }));
  }

  @RequirePermission(Permission.SESSION_SELF)
  @Post('readable')
  async readable(@CurrentPrincipal() principal: Principal, @Body() body: { ids: string[] }) {
    return { ids: [...(await this.access.readableCaseIds(principal, body.ids))].sort() };
  }
}

@Module({ imports: [KeysModule], controllers: [ProbeChainsController] })
class ProbeChainsModule {}

describe('chains of key slots (user → team or case key → report key)', () => {
  let t: TestApp;
  let triager: TestUser & { token: string };
  let caseworker: TestUser & { token: string };
  let outsider: TestUser & { token: string };
  let team: KeyPair & { id: string };

  const read = (token: string, id: string) =>
    t.get<{ publicKey?: string; error?: { code: string } }>(`/api/v1/probe-chains/${id}/public-key`, {
      token,
    });

  async function publicKeyOfUser(user: TestUser): Promise<Uint8Array> {
    return (await t.dataSource.manager.findOneByOrFail(User, { id: user.id })).publicKey;
  }

  /** A key row of `kind` (a report's key with its report row), its pair returned. */
  async function newKey(kind: KeyKind): Promise<KeyPair & { id: string }> {
    const id = randomUUID();
    const pair = generateCaseKeyPair();
    if (kind === 'report') await insertBareReport(t, id, pair.publicKey);
    else
      await t.dataSource.transaction((m) =>
        t.app.get(KeysService).create(m, { id, kind, publicKey: pair.publicKey }),
      );
    return { id, ...pair };
  }

  /** `holder`'s private key… no: `held`'s private key sealed to `holder` (a key-held slot). */
  async function keyHolds(
    holder: KeyPair & { id: string },
    held: KeyPair & { id: string },
    sealed?: Uint8Array,
  ) {
    await t.dataSource.transaction((m) =>
      t.app.get(KeysService).addSlots(m, [
        {
          keyId: held.id,
          holderType: 'key',
          holderId: null,
          holderKeyId: holder.id,
          sealedKey: sealed ?? sealKeySlot(held.privateKey, holder.publicKey, held.id),
        },
      ]),
    );
  }

  async function userHolds(user: TestUser, held: KeyPair & { id: string }) {
    const publicKey = await publicKeyOfUser(user);
    await t.dataSource.transaction((m) =>
      t.app.get(KeysService).addSlots(m, [
        {
          keyId: held.id,
          holderType: 'user',
          holderId: user.id,
          sealedKey: sealKeySlot(held.privateKey, publicKey, held.id),
        },
      ]),
    );
  }

  beforeAll(async () => {
    await initCrypto();
    t = await startTestApp({ extraModules: [ProbeChainsModule] });
    [triager, caseworker, outsider] = await Promise.all([
      createSignedInUser(t, { roles: [Role.TRIAGER] }),
      createSignedInUser(t, { roles: [Role.CASEWORKER] }),
      createSignedInUser(t, { roles: [Role.CASEWORKER] }),
    ]);
    team = await newKey('team');
    await userHolds(triager, team);
  });
  afterAll(() => t.close());

  it('opens a report through the team key that holds it (user → team key → report key)', async () => {
    const report = await newKey('report');
    await keyHolds(team, report);
    const res = await read(triager.token, report.id);
    expect(res.status).toBe(200);
    expect(res.body.publicKey).toBe(toBase64Url(report.publicKey));
    expect((await read(outsider.token, report.id)).status).toBe(404);
  });

  it('opens a report through a case key that holds it, and through team → case → report', async () => {
    const caseKey = await newKey('case');
    const report = await newKey('report');
    await keyHolds(caseKey, report);
    await userHolds(caseworker, caseKey);
    expect((await read(caseworker.token, report.id)).body.publicKey).toBe(toBase64Url(report.publicKey));
    expect((await read(triager.token, report.id)).status).toBe(404);
    await keyHolds(team, caseKey);
    expect((await read(triager.token, report.id)).body.publicKey).toBe(toBase64Url(report.publicKey));
  });

  it(`follows at most ${MAX_KEY_HOPS} key-held slots`, async () => {
    // user → k[n] → … → k[0]: k[0] is n hops away.
    const chain = [await newKey('report')];
    for (let i = 1; i <= MAX_KEY_HOPS + 1; i++) {
      chain.push(await newKey('case'));
      await keyHolds(chain[i], chain[i - 1]);
    }
    await userHolds(outsider, chain[MAX_KEY_HOPS + 1]);
    expect((await read(outsider.token, chain[1].id)).status).toBe(200); // MAX_KEY_HOPS hops
    expect((await read(outsider.token, chain[0].id)).status).toBe(404); // one more
    const bulk = await t.post<{ ids: string[] }>(
      '/api/v1/probe-chains/readable',
      { ids: [chain[0].id, chain[1].id] },
      { token: outsider.token },
    );
    expect(bulk.body.ids).toEqual([chain[1].id]);
  });

  it('refuses a forged hop: a slot sealed correctly to the team key but holding another key (404)', async () => {
    const report = await newKey('report');
    const forged = generateCaseKeyPair(); // a key the forger knows
    await keyHolds(team, report, sealKeySlot(forged.privateKey, team.publicKey, report.id));
    const res = await read(triager.token, report.id);
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe('NOT_FOUND');
  });

  it('refuses a forged team key on the way: the user slot holds a key that is not the stored team key', async () => {
    const fakeTeam = await newKey('team');
    const report = await newKey('report');
    await keyHolds(fakeTeam, report);
    // The forger replaces the outsider's slot content with a key pair of their own for fakeTeam.
    const mine = generateCaseKeyPair();
    const publicKey = await publicKeyOfUser(outsider);
    await t.dataSource.transaction((m) =>
      t.app.get(KeysService).addSlots(m, [
        {
          keyId: fakeTeam.id,
          holderType: 'user',
          holderId: outsider.id,
          sealedKey: sealKeySlot(mine.privateKey, publicKey, fakeTeam.id),
        },
      ]),
    );
    expect((await read(outsider.token, report.id)).status).toBe(404);
  });

  it('answers readable ids in bulk through chains, leaving out unknown, foreign and malformed ids', async () => {
    const viaTeam = await newKey('report');
    const viaCase = await newKey('report');
    const foreign = await newKey('report');
    const caseKey = await newKey('case');
    await keyHolds(team, viaTeam);
    await keyHolds(caseKey, viaCase);
    await keyHolds(team, caseKey);
    const ids = [viaTeam.id, viaCase.id, foreign.id, randomUUID(), 'garbage'];
    const res = await t.post<{ ids: string[] }>(
      '/api/v1/probe-chains/readable',
      { ids },
      { token: triager.token },
    );
    expect(res.body.ids).toEqual([viaTeam.id, viaCase.id].sort());
    const none = await t.post<{ ids: string[] }>(
      '/api/v1/probe-chains/readable',
      { ids },
      { token: outsider.token },
    );
    expect(none.body.ids).toEqual([]);
  });

  it('a cycle of key-held slots ends (no chain, no hang)', async () => {
    const a = await newKey('case');
    const b = await newKey('case');
    await keyHolds(a, b);
    await keyHolds(b, a);
    expect((await read(outsider.token, a.id)).status).toBe(404);
  });
});
