import { DataSource } from 'typeorm';
import { Role } from '../../src/access/permissions';
import {
  generateRecoveryKeyPair,
  initCrypto,
  KeyPair,
  openKeySlotChecked,
  toBase64Url,
} from '../../src/crypto';
import { KeysService } from '../../src/keys/keys.service';
import { TeamsErrorCode } from '../../src/teams/teams.errors';
import { TeamsService } from '../../src/teams/teams.service';
import { createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { buildDataSourceOptions } from '../../src/database/data-source-options';

describe('TeamsService: team keys', () => {
  let t: TestApp;
  let recovery: KeyPair;

  beforeAll(async () => {
    await initCrypto();
    recovery = generateRecoveryKeyPair();
    t = await startTestApp({ env: { CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(recovery.publicKey) } });
  });
  afterAll(() => t.close());

  it('creates each team key once, as a team key row sealed to the recovery key', async () => {
    const teams = t.app.get(TeamsService);
    const [a, b] = await Promise.all([teams.currentTeamKey('triage'), teams.currentTeamKey('triage')]);
    expect(a.keyId).toBe(b.keyId);
    const coordination = await teams.currentTeamKey('coordination');
    expect(coordination.keyId).not.toBe(a.keyId);
    const rows = await t.dataSource.query<{ kind: string; team: string; generation: number }[]>(
      `SELECT k.kind, t.team, t.generation FROM team_keys t JOIN keys k ON k.id = t.key_id ORDER BY t.team`,
    );
    expect(rows).toEqual([
      { kind: 'team', team: 'coordination', generation: 1 },
      { kind: 'team', team: 'triage', generation: 1 },
    ]);
    const slot = await t.app.get(KeysService).recoverySlot(a.keyId);
    const opened = openKeySlotChecked(new Uint8Array(slot!.sealedKey), recovery, a.keyId, a.publicKey);
    expect(toBase64Url(opened.publicKey)).toBe(toBase64Url(a.publicKey));
  });

  it('a user given the triager role is a pending member, and told so', async () => {
    const triager = await createUser(t, { roles: [Role.TRIAGER] });
    const analyst = await createUser(t, { roles: [Role.ANALYST] });
    const teams = t.app.get(TeamsService);
    expect(await teams.membership(triager.id, 'triage')).toBe('pending');
    expect(await teams.membership(triager.id, 'coordination')).toBe('none');
    expect(await teams.membership(analyst.id, 'triage')).toBe('none');
    await expect(teams.assertMember(triager.id, 'triage')).rejects.toMatchObject({
      code: TeamsErrorCode.TEAM_MEMBERSHIP_PENDING,
      status: 403,
    });
    await expect(teams.assertMember(analyst.id, 'triage')).rejects.toMatchObject({
      code: TeamsErrorCode.TEAM_MEMBER_REQUIRED,
    });
  });
});

describe('migration TeamKeys', () => {
  it('round-trips empty, and refuses to drop team keys that reports are sealed to', async () => {
    const database = await createTestDatabase();
    const migrations = new DataSource(
      buildDataSourceOptions({ database: { url: database.url } as never }, 'test'),
    );
    await migrations.initialize();
    try {
      const last = async () =>
        (
          await migrations.query<{ name: string }[]>(
            `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
          )
        )[0].name;
      while ((await last()) !== 'TeamKeys1795330000000') await migrations.undoLastMigration();
      await migrations.undoLastMigration();
      expect(await migrations.query(`SELECT to_regclass('team_keys') AS t`)).toEqual([{ t: null }]);
      await migrations.runMigrations();
      const keyId = '6f1d3c52-8d2e-4c1b-9a57-0c4a0a0c2e11';
      await migrations.query(`INSERT INTO keys (id, kind, public_key) VALUES ($1, 'team', $2)`, [
        keyId,
        Buffer.alloc(32, 9),
      ]);
      await migrations.query(`INSERT INTO team_keys (key_id, team, generation) VALUES ($1, 'triage', 1)`, [
        keyId,
      ]);
      // A second current key for the same team is refused (one current key per team).
      const second = '7a2e4d63-9e3f-4d2c-8b68-1d5b1b1d3f22';
      await migrations.query(`INSERT INTO keys (id, kind, public_key) VALUES ($1, 'team', $2)`, [
        second,
        Buffer.alloc(32, 8),
      ]);
      await expect(
        migrations.query(`INSERT INTO team_keys (key_id, team, generation) VALUES ($1, 'triage', 2)`, [
          second,
        ]),
      ).rejects.toThrow(/team_keys_one_current/);
      while ((await last()) !== 'TeamKeys1795330000000') await migrations.undoLastMigration();
      await expect(migrations.undoLastMigration()).rejects.toThrow(/1 team keys exist/);
    } finally {
      await migrations.destroy();
      await database.drop();
    }
  });
});
