import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Client } from 'pg';
import { Role } from '../../src/access/permissions';
import { initCommand, recoverUserCommand } from '../../src/auth/cli/auth.commands';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/common/cli/command';
import { AppConfig, loadConfig } from '../../src/config';
import { SECRET_SPECS } from '../../src/config/sections/secrets.section';
import {
  generateCaseKeyPair,
  generateRecoveryKeyPair,
  initCrypto,
  sealKeySlot,
  toBase64Url,
  wipe,
} from '../../src/crypto';
import { seedDefaultFormCommand } from '../../src/forms/forms.commands';
import { KeysService } from '../../src/keys/keys.service';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { insertBareReport } from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

/** Real (non-development) values of every server secret, as production would set them. */
function environmentSecrets(recoveryPublicKey: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    SECRET_SPECS.map((s, i) => [
      s.env,
      s.fileKey === 'recoveryPublicKey'
        ? toBase64Url(recoveryPublicKey)
        : Buffer.alloc(s.lengths[0], i + 7).toString('base64url'),
    ]),
  );
}

/** A stdin that says it is a terminal (as `npm run cli` on a console): the prompt path. */
function terminal(): PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void } {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
}

/** Resolves once `stream` has a reader (the command is waiting for its secret line). */
async function readerAttached(stream: NodeJS.ReadableStream): Promise<void> {
  for (let i = 0; i < 3000 && stream.listenerCount('data') === 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  if (stream.listenerCount('data') === 0) throw new Error('the command never read stdin');
}

function captureStream(stream: NodeJS.WriteStream): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}

describe('CLI: init refusals, init from the environment, recover-user', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    await initCrypto();
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'corridor-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  function io(config: AppConfig, stdin: NodeJS.ReadableStream | string, args: string[] = []) {
    const out: string[] = [];
    const err: string[] = [];
    const cli: CliIo = {
      args,
      config,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: typeof stdin === 'string' ? Readable.from([stdin]) : stdin,
    };
    return { cli, out, err };
  }

  /** The test app's database and secrets (development values), with its own secrets file path. */
  const devConfig = (secretsFile: string) =>
    loadConfig({
      ...process.env,
      DATABASE_URL: t.config.database.url,
      RUN_MIGRATIONS: 'false',
      CORRIDOR_SECRETS_FILE: secretsFile,
    });

  const adminCount = async () =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM users WHERE 'admin' = ANY(roles)`,
        )
      )[0].n,
    );

  describe('init', () => {
    it('in production starts without the secrets, and refuses a partial set before touching anything', async () => {
      const secretsFile = join(dir, 'partial', 'secrets.json');
      const overrides: Record<string, string> = {
        NODE_ENV: 'production',
        DATABASE_URL: t.config.database.url,
        REDIS_URL: 'redis://:not-used@127.0.0.1:6379',
        PASSWORD_KDF_OPS: '2',
        PASSWORD_KDF_MEM_MB: '19',
        CORRIDOR_SECRETS_FILE: secretsFile,
        CORRIDOR_TOTP_KEY: environmentSecrets(t.recovery!.publicKey).CORRIDOR_TOTP_KEY,
      };
      const saved = Object.fromEntries(Object.keys(overrides).map((k) => [k, process.env[k]]));
      Object.assign(process.env, overrides);
      const stderr = captureStream(process.stderr);
      let code: number;
      try {
        code = await runCli(['init']);
      } finally {
        stderr.restore();
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      expect(code).toBe(1);
      expect(stderr.text()).toMatch(/some secrets are set in the environment and some are not/);
      expect(existsSync(join(dir, 'partial'))).toBe(false);
      expect(await adminCount()).toBe(0);
    });

    it('refuses an unacceptable password, naming every broken rule and the minimum length; writes nothing', async () => {
      const secretsFile = join(dir, 'weak', 'secrets.json');
      const config = devConfig(secretsFile);
      const stdin = terminal();
      const { cli, err } = io(config, stdin, ['Night-Desk']);
      const stderr = captureStream(process.stderr);
      let code: number;
      try {
        const running = initCommand.run(cli);
        await readerAttached(stdin);
        // Short, and containing the username: two rules broken at once.
        stdin.write('night-desk1\r');
        code = await running;
      } finally {
        stderr.restore();
      }
      // The prompt says whose password is asked for (the normalised username), and echoes nothing.
      expect(stderr.text()).toContain('"night-desk"');
      expect(stderr.text()).not.toContain('night-desk1');
      expect(code).toBe(1);
      const message = err.join('\n');
      expect(message).toContain('not acceptable');
      expect(message).toContain('min_length, contains_username');
      expect(message).toContain(String(config.auth.passwordMinLength));
      expect(existsSync(secretsFile)).toBe(false);
      expect(await adminCount()).toBe(0);
    });

    it('refuses an invalid username before the password prompt and before writing anything', async () => {
      const secretsDir = join(dir, 'bad-name');
      // Never written: a prompt would wait on it forever.
      const stdin = new PassThrough();
      const { cli, err } = io(devConfig(join(secretsDir, 'secrets.json')), stdin, ['x']);
      expect(await initCommand.run(cli)).toBe(2);
      expect(err.join('\n')).toMatch(/^not a valid username: 2–63 characters/);
      expect(existsSync(secretsDir)).toBe(false);
      expect(await adminCount()).toBe(0);
    });

    it('an admin creation that fails after the secrets were written removes them again (a name taken by a non-admin)', async () => {
      await createUser(t, { roles: [Role.CASEWORKER], username: 'taken-name', totp: false });
      const secretsFile = join(dir, 'taken', 'secrets.json');
      const { cli } = io(devConfig(secretsFile), 'a-long-acceptable-passphrase\n', ['Taken-Name']);
      await expect(initCommand.run(cli)).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
      expect(existsSync(secretsFile)).toBe(false);
      expect(await adminCount()).toBe(0);
    });

    it('never overwrites a secrets file that appears while it waits for the password (two inits at once)', async () => {
      const secretsFile = join(dir, 'race', 'secrets.json');
      const stdin = new PassThrough();
      const { cli } = io(devConfig(secretsFile), stdin);
      const running = initCommand.run(cli);
      await readerAttached(stdin);
      // The other init got there first.
      mkdirSync(join(dir, 'race'), { recursive: true });
      writeFileSync(secretsFile, '{"written":"by the other init"}\n');
      stdin.end('a-long-acceptable-passphrase\n');
      await expect(running).rejects.toMatchObject({ code: 'EEXIST' });
      expect(readFileSync(secretsFile, 'utf8')).toBe('{"written":"by the other init"}\n');
      expect(await adminCount()).toBe(0);
    });

    describe('with every secret in the environment (production style)', () => {
      let database: Awaited<ReturnType<typeof createTestDatabase>>;
      let config: AppConfig;
      let db: Client;
      const secretsFile = () => join(dir, 'from-env', 'secrets.json');
      beforeAll(async () => {
        database = await createTestDatabase();
        db = new Client({ connectionString: database.url });
        await db.connect();
        config = loadConfig({
          ...process.env,
          ...environmentSecrets(generateRecoveryKeyPair().publicKey),
          DATABASE_URL: database.url,
          RUN_MIGRATIONS: 'false',
          CORRIDOR_SECRETS_FILE: secretsFile(),
        });
      });
      afterAll(async () => {
        await db.end();
        await database.drop();
      });

      it('a failed admin creation reports its own error and leaves no file behind', async () => {
        // A fault after the checks (the database going away): with no secrets file to remove, the
        // clean-up must not hide the error under its own.
        const create = jest
          .spyOn(UsersService.prototype, 'create')
          .mockRejectedValueOnce(new Error('the database went away'));
        try {
          const { cli } = io(config, 'a-long-acceptable-passphrase\n', ['env-admin-failing']);
          await expect(initCommand.run(cli)).rejects.toThrow('the database went away');
        } finally {
          create.mockRestore();
        }
        expect(existsSync(secretsFile())).toBe(false);
      });

      it('refuses an invalid username with 2, as without the environment', async () => {
        const { cli, err } = io(config, new PassThrough(), ['-bad']);
        expect(await initCommand.run(cli)).toBe(2);
        expect(err.join('\n')).toMatch(/^not a valid username/);
        expect(existsSync(secretsFile())).toBe(false);
      });

      it('creates only the admin: no secrets file, no recovery key printed, says the secrets are the environment’s', async () => {
        // An install whose default form was seeded before init: init does not claim to create it.
        expect(await seedDefaultFormCommand.run(io(config, '').cli)).toBe(0);
        const { cli, out } = io(config, 'a-long-acceptable-passphrase\n', ['Env-Admin']);
        expect(await initCommand.run(cli)).toBe(0);

        expect(existsSync(secretsFile())).toBe(false);
        expect(existsSync(join(dir, 'from-env'))).toBe(false);
        const printed = out.join('\n');
        expect(printed).toMatch(/server secrets come from the environment/);
        expect(printed).not.toMatch(/RECOVERY PRIVATE KEY|wrote the server secrets/);
        expect(printed).not.toMatch(/default intake form/);
        expect(printed).toContain('"env-admin"');
        const admins = await db.query<{ id: string; roles: string[] }>(
          `SELECT id, roles FROM users WHERE username = 'env-admin'`,
        );
        expect(admins.rows).toEqual([{ id: expect.any(String), roles: [Role.ADMIN] }]);
        const audit = await db.query<{ action: string }>(
          `SELECT action FROM audit_entries WHERE target_id = $1 ORDER BY action`,
          [admins.rows[0].id],
        );
        expect(audit.rows.map((r) => r.action)).toEqual(['install.initialised', 'user.created']);
      });
    });
  });

  describe('recover-user', () => {
    const recoveredAudit = (userId: string) =>
      t.dataSource.query<{ details: string }[]>(
        `SELECT details FROM audit_entries WHERE action = 'user.recovered' AND target_id = $1`,
        [userId],
      );

    /** A case key with the user's slot and, when `recoverable`, a recovery slot beside it. */
    async function caseSlot(userId: string, recoverable: boolean): Promise<string> {
      const id = randomUUID();
      const keys = generateCaseKeyPair();
      await insertBareReport(t, id, keys.publicKey);
      const user = await t.dataSource.manager.findOneByOrFail(User, { id: userId });
      await t.dataSource.transaction((m) =>
        t.app.get(KeysService).addSlots(m, [
          {
            keyId: id,
            holderType: 'user',
            holderId: userId,
            sealedKey: sealKeySlot(keys.privateKey, user.publicKey, id),
          },
          ...(recoverable
            ? [
                {
                  keyId: id,
                  holderType: 'recovery' as const,
                  holderId: null,
                  sealedKey: sealKeySlot(keys.privateKey, t.recovery!.publicKey, id),
                },
              ]
            : []),
        ]),
      );
      wipe(keys.privateKey);
      return id;
    }

    const recoveryKeyLine = () => `${toBase64Url(t.recovery!.privateKey)}\n`;

    it('without a username prints its usage and exits 2', async () => {
      const { cli, err } = io(t.config, recoveryKeyLine(), []);
      expect(await recoverUserCommand.run(cli)).toBe(2);
      expect(err.join('\n')).toContain('usage: recover-user <username>');
    });

    it('refuses a key that is not the install’s recovery key, saying why; asks for it by name on a terminal', async () => {
      const user = await createUser(t, { roles: [Role.CASEWORKER], totp: false });
      const stdin = terminal();
      const { cli, out, err } = io(t.config, stdin, [user.username]);
      const stderr = captureStream(process.stderr);
      let code: number;
      try {
        const running = recoverUserCommand.run(cli);
        await readerAttached(stdin);
        stdin.write(`${toBase64Url(generateRecoveryKeyPair().privateKey)}\r`);
        code = await running;
      } finally {
        stderr.restore();
      }
      expect(stderr.text()).toMatch(/recovery private key/i);
      expect(code).toBe(1);
      const message = err.join('\n');
      expect(message).toMatch(/^not a usable recovery key: \S/m);
      expect(out).toEqual([]);
      expect(await recoveredAudit(user.id)).toEqual([]);
    });

    it('answers "no such user" (exit 1) for an unknown username and records nothing', async () => {
      const before = await t.dataSource.query(
        `SELECT count(*) FROM audit_entries WHERE action = 'user.recovered'`,
      );
      const { cli, out, err } = io(t.config, recoveryKeyLine(), [`nobody-${randomUUID().slice(0, 8)}`]);
      expect(await recoverUserCommand.run(cli)).toBe(1);
      expect(err).toContain('no such user');
      expect(out).toEqual([]);
      expect(
        await t.dataSource.query(`SELECT count(*) FROM audit_entries WHERE action = 'user.recovered'`),
      ).toEqual(before);
    });

    it('re-seals the slots after a password reset and says how many; exits 1 when a slot could not be', async () => {
      const user = await createUser(t, { roles: [Role.CASEWORKER], totp: false });
      const recoverable = [await caseSlot(user.id, true), await caseSlot(user.id, true)];
      await t.app.get(UsersService).resetPassword(user.id, user.id, 'granite-willow-harbour-3');
      const sealed = async (keyId: string) =>
        Buffer.from((await t.app.get(KeysService).userSlot(keyId, user.id))!.sealedKey).toString('base64');
      const before = await Promise.all(recoverable.map(sealed));

      // Upper case: the username is normalised as at sign-in.
      const first = io(t.config, recoveryKeyLine(), [user.username.toUpperCase()]);
      expect(await recoverUserCommand.run(first.cli)).toBe(0);
      expect(first.out.join('\n')).toMatch(/\b2 key slot\(s\) re-sealed, 0 could not be/);
      const after = await Promise.all(recoverable.map(sealed));
      for (const [i, slot] of after.entries()) expect(slot).not.toBe(before[i]);

      // A slot without a recovery slot beside it cannot be re-sealed: the operator must hear it.
      await caseSlot(user.id, false);
      const second = io(t.config, recoveryKeyLine(), [user.username]);
      expect(await recoverUserCommand.run(second.cli)).toBe(1);
      expect(second.out.join('\n')).toMatch(/\b2 key slot\(s\) re-sealed, 1 could not be/);

      const details = (await recoveredAudit(user.id)).map(
        (r) => JSON.parse(r.details) as { keySlotsFailed: number },
      );
      expect(details.sort((a, b) => a.keySlotsFailed - b.keySlotsFailed)).toEqual([
        { keySlotsRestored: 2, keySlotsFailed: 0 },
        { keySlotsRestored: 2, keySlotsFailed: 1 },
      ]);
    });
  });

  it('help names init, lockdown and recover-user, says what each does, and that secrets come from stdin', async () => {
    const stdout = captureStream(process.stdout);
    try {
      expect(await runCli(['help'])).toBe(0);
    } finally {
      stdout.restore();
    }
    const help = stdout.text();
    // The names operators type (`npm run cli -- init`), each followed by its summary.
    for (const name of ['init', 'lockdown', 'recover-user'])
      expect(help).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(help).toMatch(/^ +usage: init \[admin-username\].*stdin/m);
    expect(help).toMatch(/^ +usage: recover-user <username>.*stdin/m);
  });
});
