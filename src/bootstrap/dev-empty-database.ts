import { existsSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';

/**
 * Development only: a secrets file with an empty database (a new DATABASE_URL, a dropped
 * database) starts a service nobody can sign in to and nobody can report through, because `init`
 * runs only without a secrets file. Says so on stderr, with the ways out. Returns what it said.
 */
export async function explainEmptyDevelopmentDatabase(
  app: INestApplicationContext,
  config: AppConfig,
  say: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string | null> {
  if (config.isProduction || !existsSync(config.secretsFile)) return null;
  const [state] = await app.get(DataSource).query<{ admins: boolean; forms: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE 'admin' = ANY (roles) AND NOT disabled) AS admins,
            EXISTS (SELECT 1 FROM forms) AS forms`,
  );
  if (state.admins && state.forms) return null;
  const missing = [state.admins ? null : 'no admin account', state.forms ? null : 'no intake form']
    .filter(Boolean)
    .join(' and ');
  const message =
    `warning: this database has ${missing}, but ${config.secretsFile} exists, so init did not run ` +
    '(the secrets belong to another database?). To start afresh in development, remove that file ' +
    'and start again (init then runs by itself); or point DATABASE_URL at the database the secrets ' +
    'were made for' +
    (state.forms ? '.' : '; `npm run cli -- forms:seed-default` adds the default form.');
  say(message);
  return message;
}
