import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { CaseAccessService } from '../../src/keys/case-access.service';
import { CurrentPrincipal, RequirePermission } from '../../src/access/decorators';
import { Permission, Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { recoverUserCommand } from '../../src/auth/cli/auth.commands';
import {
  generateCaseKeyPair,
  generateRecoveryKeyPair,
  initCrypto,
  sealKeySlot,
  toBase64Url,
  wipe,
} from '../../src/crypto';
import { KeysModule } from '../../src/keys/keys.module';
import { KeysService } from '../../src/keys/keys.service';
import { User } from '../../src/users/user.entity';
import { insertBareReport } from '../support/factories/reports.factory';
import { createSignedInUser, signIn, TestUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** A stand-in for the cases feature: reads a case key through the helper, as real routes will. */
@Controller('probe-cases')
class ProbeCasesController {
  constructor(private readonly access: CaseAccessService) {}

  @RequirePermission(Permission.CASES_READ)
  @Get(':id/public-key')
  publicKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.access.withCaseKeyPair(principal, id, (keys) => ({ publicKey: toBase64Url(keys.publicKey) }));
  }

  @RequirePermission(Permission.CASES_READ)
  @Post('readable')
  async readable(@CurrentPrincipal() principal: Principal, @Body() body: { ids: string[] }) {
    return { ids: [...(await this.access.readableCaseIds(principal, body.ids))].sort() };
  }
}

@Module({ imports: [KeysModule], controllers: [ProbeCasesController] })
class ProbeCasesModule {}

describe('CaseAccessService', () => {
  const recovery = { publicKey: new Uint8Array(), privateKey: new Uint8Array() };
  let t: TestApp;
  let holder: TestUser & { token: string };
  let outsider: TestUser & { token: string };
  const cases: { id: string; publicKey: string }[] = [];

  beforeAll(async () => {
    await initCrypto();
    Object.assign(recovery, generateRecoveryKeyPair());
    t = await startTestApp({
      extraModules: [ProbeCasesModule],
      env: { CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(recovery.publicKey) },
    });
    holder = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    outsider = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const slots = t.app.get(KeysService);
    const holderRow = await t.dataSource.manager.findOneByOrFail(User, { id: holder.id });
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      const keys = generateCaseKeyPair();
      await insertBareReport(t, id, keys.publicKey);
      await t.dataSource.transaction((m) =>
        slots.addSlots(m, [
          {
            keyId: id,
            holderType: 'user',
            holderId: holder.id,
            sealedKey: sealKeySlot(keys.privateKey, holderRow.publicKey, id),
          },
          {
            keyId: id,
            holderType: 'recovery',
            holderId: null,
            sealedKey: sealKeySlot(keys.privateKey, recovery.publicKey, id),
          },
        ]),
      );
      cases.push({ id, publicKey: toBase64Url(keys.publicKey) });
      wipe(keys.privateKey);
    }
  });
  afterAll(() => t.close());

  const read = (token: string, id: string) =>
    t.get<{ publicKey?: string; error?: { code: string } }>(`/api/v1/probe-cases/${id}/public-key`, {
      token,
    });

  it('opens the case key pair for a slot holder', async () => {
    const res = await read(holder.token, cases[0].id);
    expect(res.status).toBe(200);
    expect(res.body.publicKey).toBe(cases[0].publicKey);
  });

  it('answers the same 404 for a case without a slot, an unknown case and a malformed id', async () => {
    const answers = await Promise.all([
      read(outsider.token, cases[0].id),
      read(holder.token, randomUUID()),
      read(holder.token, 'nope'),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body.error?.code).toBe('NOT_FOUND');
    }
  });

  it('refuses a forged slot whose key is not the case key stored with the report (404)', async () => {
    const id = randomUUID();
    const real = generateCaseKeyPair();
    const forged = generateCaseKeyPair(); // a key the forger knows, sealed correctly to the holder
    await insertBareReport(t, id, real.publicKey);
    const outsiderRow = await t.dataSource.manager.findOneByOrFail(User, { id: outsider.id });
    await t.dataSource.transaction((m) =>
      t.app.get(KeysService).addSlots(m, [
        {
          keyId: id,
          holderType: 'user',
          holderId: outsider.id,
          sealedKey: sealKeySlot(forged.privateKey, outsiderRow.publicKey, id),
        },
      ]),
    );
    const res = await read(outsider.token, id);
    expect(res.status).toBe(404);
    expect(res.body.publicKey).toBeUndefined();
  });

  it('lists readable cases in bulk, leaving out foreign and unknown ids alike', async () => {
    const ids = [...cases.map((c) => c.id), randomUUID(), 'garbage'];
    const mine = await t.post<{ ids: string[] }>(
      '/api/v1/probe-cases/readable',
      { ids },
      { token: holder.token },
    );
    expect(mine.body.ids).toEqual(cases.map((c) => c.id).sort());
    const theirs = await t.post<{ ids: string[] }>(
      '/api/v1/probe-cases/readable',
      { ids },
      { token: outsider.token },
    );
    expect(theirs.body.ids).toEqual([]);
  });

  it('after an admin reset the user reads nothing, until recover-user re-seals their slots', async () => {
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    const password = 'granite-willow-harbour-3';
    expect(
      (await t.post(`/api/v1/users/${holder.id}/password-reset`, { password }, { token: admin.token }))
        .status,
    ).toBe(200);
    holder = { ...holder, password, token: await signIn(t, { ...holder, password }) };
    expect((await read(holder.token, cases[1].id)).status).toBe(404);

    const out: string[] = [];
    const err: string[] = [];
    const code = await recoverUserCommand.run({
      args: [holder.username],
      config: t.config,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: Readable.from([`${toBase64Url(recovery.privateKey)}\n`]),
    });
    expect(err.join('\n')).not.toContain(toBase64Url(recovery.privateKey));
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('3 key slot(s) re-sealed');
    for (const c of cases) expect((await read(holder.token, c.id)).body.publicKey).toBe(c.publicKey);
    const audit = await t.dataSource.query<{ details: string }[]>(
      `SELECT details FROM audit_entries WHERE action = 'user.recovered' AND target_id = $1`,
      [holder.id],
    );
    expect(audit).toEqual([{ details: '{"keySlotsFailed":0,"keySlotsRestored":3}' }]);
  });

  it('recover-user refuses a key that is not the configured recovery key', async () => {
    const wrong = generateRecoveryKeyPair();
    const err: string[] = [];
    const code = await recoverUserCommand.run({
      args: [holder.username],
      config: t.config,
      out: () => undefined,
      err: (l) => err.push(l),
      stdin: Readable.from([`${toBase64Url(wrong.privateKey)}\n`]),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/not a usable recovery key/);
  });
});
