import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Role } from '../../access/permissions';
import { AuditAction } from '../../audit/audit-action';
import { AuditService } from '../../audit/audit.service';
import { SECRET_SPECS } from '../../config/sections/secrets.section';
import type { CliCommand } from '../../common/cli/command';
import {
  fromBase64Url,
  generateInitMaterial,
  initCrypto,
  isCryptoError,
  parseRecoveryPrivateKey,
  wipe,
} from '../../crypto';
import { TeamsService } from '../../teams/teams.service';
import { RecoveryService } from '../../users/recovery.service';
import { UserAccountsService } from '../../users/user-accounts.service';
import { UsersService } from '../../users/users.service';
import { DEFAULT_FORM_SLUG } from '../../forms/default-report-form';
import { FormsService } from '../../forms/forms.service';
import { LockdownService } from '../lockdown.service';
import { passwordProblems } from '../../users/password-policy';
import { withAppContext } from '../../common/cli/app-context';
import { readSecretLine } from '../../common/cli/read-secret';

const RECOVERY_INSTRUCTIONS = [
  '',
  '==================== RECOVERY PRIVATE KEY — SHOWN ONCE ====================',
  '',
  '  %KEY%',
  '',
  'Corridor does not keep this key. It restores a caseworker’s access to their cases after',
  'a lost password (`npm run cli -- recover-user <username>`, key on stdin).',
  '  - Write it down now and keep it offline (paper in a safe, an encrypted hardware token),',
  '    in two places held by two different administrators.',
  '  - Never store it on this server, in a password manager synced to the cloud, or in chat.',
  '  - Anyone holding it and a copy of the database can read every case.',
  '===========================================================================',
  '',
];

/** `init [admin-username]`: server secrets, the recovery key pair, the first admin. Once only. */
export const initCommand: CliCommand = {
  name: 'init',
  summary:
    'Set up a new install: server secrets, recovery key (printed once), first admin (password on stdin).',
  usage: 'init [admin-username]   (default username "admin"; the password is read from stdin)',
  allowMissingSecrets: true,
  async run({ args, config, out, err, stdin }) {
    const username = UsersService.normaliseUsername(args[0] ?? 'admin');
    // Before the password prompt and before any secret is written: a bad name costs nothing.
    if (!UsersService.isValidUsername(username)) {
      err(
        'not a valid username: 2–63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit.',
      );
      return 2;
    }
    // Production may take every secret from the environment; then only the admin is created.
    const secretsFromEnvironment = config.developmentSecrets.length === 0 && !existsSync(config.secretsFile);
    if (existsSync(config.secretsFile)) {
      err(`already initialised: ${config.secretsFile} exists. init refuses to run twice.`);
      return 1;
    }
    if (!secretsFromEnvironment && config.developmentSecrets.length < SECRET_SPECS.length) {
      err('some secrets are set in the environment and some are not; set all of them, or none, before init.');
      return 1;
    }
    await initCrypto();
    return withAppContext(config, async (app) => {
      if (await app.get(UserAccountsService).adminExists()) {
        err('already initialised: an admin account exists. init refuses to run twice.');
        return 1;
      }
      const password = await readSecretLine(stdin, `Password for the first admin "${username}": `, err);
      const problems = passwordProblems(password, username, config.auth.passwordMinLength);
      if (problems.length) {
        err(
          `the password is not acceptable (${problems.join(', ')}; at least ${config.auth.passwordMinLength} characters)`,
        );
        return 1;
      }
      let recoveryPrivateKey: string | undefined;
      let recoveryPublicKey: Uint8Array | undefined;
      if (!secretsFromEnvironment) {
        const material = generateInitMaterial();
        mkdirSync(dirname(config.secretsFile), { recursive: true, mode: 0o700 });
        writeFileSync(config.secretsFile, `${JSON.stringify(material.serverKeeps, null, 2)}\n`, {
          mode: 0o600,
          flag: 'wx',
        });
        recoveryPrivateKey = material.showOnceToAdministrators.recoveryPrivateKey;
        recoveryPublicKey = fromBase64Url(material.serverKeeps.recoveryPublicKey);
      }
      try {
        const admin = await app
          .get(UsersService)
          .create({ type: 'system' }, { username, roles: [Role.ADMIN], password });
        await app.get(AuditService).recordAlone({
          actor: { type: 'system' },
          action: AuditAction.INSTALL_INITIALISED,
          targetType: 'user',
          targetId: admin.id,
          details: {},
        });
        // The team keys' private halves are sealed to the recovery key (and to no one else yet).
        await app.get(TeamsService).ensureTeamKeys(recoveryPublicKey);
      } catch (error) {
        // Nothing has used the new secrets yet: remove them so that init can be run again.
        if (!secretsFromEnvironment) unlinkSync(config.secretsFile);
        throw error;
      }
      if (await app.get(FormsService).ensureDefaultForm())
        out(`created the default intake form "${DEFAULT_FORM_SLUG}".`);
      if (recoveryPrivateKey) {
        out(`wrote the server secrets to ${config.secretsFile} (mode 0600)`);
        for (const line of RECOVERY_INSTRUCTIONS) out(line.replace('%KEY%', recoveryPrivateKey));
      } else {
        out('server secrets come from the environment; the recovery key pair is yours to manage.');
      }
      out(`created the admin "${username}". Sign in and enrol two-factor authentication first.`);
      return 0;
    });
  },
};

/** `lockdown`: ends every session at once. */
export const lockdownCommand: CliCommand = {
  name: 'lockdown',
  summary: 'End every session now (a seized device, a suspected breach).',
  async run({ config, out }) {
    await initCrypto();
    const ended = await withAppContext(config, (app) =>
      app.get(LockdownService).lockdown({ type: 'system' }),
    );
    out(`lockdown: ${ended} session(s) ended`);
    return 0;
  },
};

/** `recover-user <username>`: re-seals a user's case key slots to their current key pair. */
export const recoverUserCommand: CliCommand = {
  name: 'recover-user',
  summary: 'After an admin password reset, give a user back their cases (recovery private key on stdin).',
  usage: 'recover-user <username>   (the recovery private key is read from stdin)',
  async run({ args, config, out, err, stdin }) {
    if (!args[0]) {
      err('usage: recover-user <username>');
      return 2;
    }
    await initCrypto();
    const text = await readSecretLine(stdin, 'Recovery private key: ', err);
    let recovery;
    try {
      recovery = parseRecoveryPrivateKey(text, config.secrets.recoveryPublicKey);
    } catch (error) {
      if (!isCryptoError(error)) throw error;
      err(`not a usable recovery key: ${error.message}`);
      return 1;
    }
    try {
      const result = await withAppContext(config, async (app) => {
        if (!(await app.get(UserAccountsService).findByUsername(UsersService.normaliseUsername(args[0]))))
          return null;
        return app.get(RecoveryService).recoverUser(args[0], recovery);
      });
      if (!result) {
        err('no such user');
        return 1;
      }
      out(
        `recovered: ${result.keySlotsRestored} key slot(s) re-sealed, ${result.keySlotsFailed} could not be`,
      );
      return result.keySlotsFailed ? 1 : 0;
    } finally {
      wipe(recovery.privateKey);
    }
  },
};
