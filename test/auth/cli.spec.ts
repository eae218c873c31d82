import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Role } from '../../src/access/permissions';
import { initCommand, lockdownCommand } from '../../src/auth/cli/auth.commands';
import type { CliIo } from '../../src/common/cli/command';
import { loadConfig } from '../../src/config';
import { fromBase64Url, initCrypto, parseRecoveryPrivateKey } from '../../src/crypto';
import { User } from '../../src/users/user.entity';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('CLI: init, lockdown', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    await initCrypto();
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'corridor-init-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  function io(secretsFile: string, stdin: string, args: string[] = []) {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: t.config.database.url,
      RUN_MIGRATIONS: 'false',
      CORRIDOR_SECRETS_FILE: secretsFile,
    });
    const cli: CliIo = {
      args,
      config,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: Readable.from([stdin]),
    };
    return { cli, out, err };
  }

  it('init writes the secrets (0600 in new 0700 directories), prints the recovery key once and creates the admin', async () => {
    // Two missing levels: the directories are created as needed.
    const secretsFile = join(dir, 'state', 'secrets', 'secrets.json');
    const password = 'first-admin-long-passphrase';
    const { cli, out } = io(secretsFile, `${password}\n`, ['Root-Admin']);
    expect(await initCommand.run(cli)).toBe(0);

    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state', 'secrets')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(secrets).sort()).toEqual([
      'auditSigningKey',
      'blindIndexKey',
      'receiptPepper',
      'receiptSalt',
      'recoveryPublicKey',
      'totpKey',
    ]);
    const printed = out.join('\n');
    const keyLine = out[out.findIndex((l) => l.includes('RECOVERY PRIVATE KEY')) + 2].trim();
    // The printed private key matches the stored public key, and is not in the file.
    expect(() => parseRecoveryPrivateKey(keyLine, fromBase64Url(secrets.recoveryPublicKey))).not.toThrow();
    expect(readFileSync(secretsFile, 'utf8')).not.toContain(keyLine);
    expect(printed.split(keyLine)).toHaveLength(2);
    // What the operator is told: where the secrets are, what the key is for and how to keep it.
    expect(printed).toContain(`wrote the server secrets to ${secretsFile}`);
    expect(printed).toMatch(/Corridor does not keep this key/);
    expect(printed).toMatch(/`npm run cli -- recover-user <username>`, key on stdin/);
    expect(printed).toMatch(/Write it down now and keep it offline/);
    expect(printed).toMatch(/two places held by two different administrators/);
    expect(printed).toMatch(/Never store it on this server/);
    expect(printed).toMatch(/Anyone holding it and a copy of the database can read every case/);
    expect(printed).toContain('created the default intake form "report"');
    expect(printed).toMatch(/created the admin "root-admin"\. Sign in and enrol two-factor authentication/);
    // The app starts on the new secrets.
    expect(loadConfig({ ...process.env, CORRIDOR_SECRETS_FILE: secretsFile }).developmentSecrets).toEqual([]);

    const forms = await t.dataSource.query<{ slug: string }[]>(`SELECT slug FROM forms`);
    expect(forms).toEqual([{ slug: 'report' }]);
    const admin = await t.dataSource.manager.findOneByOrFail(User, { username: 'root-admin' });
    expect(admin.roles).toEqual([Role.ADMIN]);
    const actions = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_entries WHERE target_id = $1`,
      [admin.id],
    );
    expect(actions.map((a) => a.action).sort()).toEqual(['install.initialised', 'user.created']);
  });

  it('init refuses to run twice: the secrets file exists, or an admin does', async () => {
    const first = io(join(dir, 'state', 'secrets', 'secrets.json'), 'another-long-passphrase\n');
    expect(await initCommand.run(first.cli)).toBe(1);
    expect(first.err.join('\n')).toMatch(/refuses to run twice/);

    const fresh = join(dir, 'other', 'secrets.json');
    const second = io(fresh, 'another-long-passphrase\n');
    expect(await initCommand.run(second.cli)).toBe(1);
    expect(second.err.join('\n')).toMatch(/admin account exists/);
    expect(() => statSync(fresh)).toThrow();
  });

  it('lockdown ends every session', async () => {
    const user = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const { cli, out } = io(join(dir, 'none.json'), '');
    expect(await lockdownCommand.run(cli)).toBe(0);
    expect(out.join('\n')).toMatch(/lockdown: \d+ session\(s\) ended/);
    expect((await t.get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
  });
});
