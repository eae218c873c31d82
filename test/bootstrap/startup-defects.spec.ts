import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '../../src/access/permissions';
import { explainEmptyDevelopmentDatabase } from '../../src/bootstrap/dev-empty-database';
import { prepareEnvironment } from '../../src/bootstrap/prepare-environment';
import { ensureDatabaseExists } from '../../src/database/ensure-database';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { createUser } from '../support/factories/users.factory';
import { databaseUrl, withAdminClient } from '../support/pg-admin';
import { startTestApp, TestApp } from '../support/test-app';

describe('startup in development', () => {
  let t: TestApp;
  const secretsFile = join(mkdtempSync(join(tmpdir(), 'corridor-secrets-')), 'secrets.json');
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('installs no signal handler of its own: runUntilSignal closes the app once (no double pool end)', async () => {
    const before = process.listenerCount('SIGTERM');
    const other = await startTestApp({ databaseUrl: t.config.database.url });
    try {
      expect(process.listenerCount('SIGTERM')).toBe(before);
    } finally {
      await other.close();
    }
  });

  it('a secrets file with an empty database says what is wrong and how to fix it', async () => {
    writeFileSync(secretsFile, '{}\n');
    const config = { ...t.config, isProduction: false, secretsFile };
    const said: string[] = [];
    const message = await explainEmptyDevelopmentDatabase(t.app, config, (line) => said.push(line));
    expect(said).toEqual([message]);
    expect(message).toContain('no admin account and no intake form');
    expect(message).toContain(secretsFile);
    expect(message).toContain('remove that file');
    expect(message).toContain('forms:seed-default');

    await createUser(t, { roles: [Role.ADMIN] });
    await seedDefaultForm(t);
    expect(await explainEmptyDevelopmentDatabase(t.app, config, (line) => said.push(line))).toBeNull();
    // Without a secrets file, init runs by itself instead: nothing to say.
    const none = { ...config, secretsFile: join(secretsFile, '..', 'missing.json') };
    expect(await explainEmptyDevelopmentDatabase(t.app, none, (line) => said.push(line))).toBeNull();
    expect(said).toHaveLength(1);
  });

  it('creates a missing database named by an explicit DATABASE_URL', async () => {
    const name = `corridor_t_${process.pid}_explicit`;
    await withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}"`));
    try {
      const config = await prepareEnvironment({
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl(name),
        AUTO_INIT: 'false',
        CORRIDOR_SECRETS_FILE: join(secretsFile, '..', 'none.json'),
      });
      expect(config.database.url).toBe(databaseUrl(name));
      const found = await withAdminClient((admin) =>
        admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
      );
      expect(found.rowCount).toBe(1);
      expect(await ensureDatabaseExists(databaseUrl(name))).toBe(false); // there already
    } finally {
      await withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}"`));
    }
  });
});
