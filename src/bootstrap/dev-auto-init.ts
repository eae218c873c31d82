import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { initCommand } from '../auth/cli/auth.commands';
import type { AppConfig } from '../config';

/**
 * Development convenience: the first `npm start` on a machine runs `init` (secrets file, recovery
 * key, an `admin` account with a random password), printing what it did to stderr. Never in
 * production, never when a secrets file exists, never with AUTO_INIT=false.
 */
export async function autoInitForDevelopment(config: AppConfig): Promise<boolean> {
  if (!config.autoInit || config.isProduction || existsSync(config.secretsFile)) return false;
  const password = randomBytes(18).toString('base64url');
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(
    'notice: development install without secrets — running `init` automatically (AUTO_INIT=false disables this)',
  );
  const code = await initCommand.run({
    args: ['admin'],
    config,
    out: say,
    err: say,
    stdin: Readable.from([`${password}\n`]),
  });
  if (code !== 0) return false;
  say(`notice: development admin "admin" created with password ${password} (shown once; development only)`);
  return true;
}
