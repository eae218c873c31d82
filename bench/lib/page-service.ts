import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, benchPgBase, initInstall, recreateDatabase } from './install';
import { ROOT, startNode, stop, waitForOk } from './service-process';

const PASSWORD = 'bench-password-long-enough';

/** The built API process with the default form open, a triager (so a team key), and its base URL. */
export interface PageService {
  baseUrl: string;
  api: ChildProcess;
  close(): Promise<void>;
}

/**
 * Boots the service as the benches do — build, an empty database of its own, `init` as an operator
 * runs it, `node dist/src/main.js` with the worker role in-process — for the hosted page's bench and
 * screenshots. Rate limits are off (one address makes every request); a triager is created so that
 * the form has its triage team key as a recipient (the JavaScript path seals to it).
 */
export async function startPageService(name: string, port: number): Promise<PageService> {
  const pg = benchPgBase();
  const db = `corridor_${name}`;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  await recreateDatabase(pg, db);
  const dir = mkdtempSync(join(tmpdir(), `corridor-${name}-`));
  const env: Record<string, string> = {
    DATABASE_URL: `${pg}/${db}`,
    CORRIDOR_SECRETS_FILE: join(dir, 'secrets.json'),
    REDIS_PREFIX: `${name}-${process.pid}`,
    PORT: String(port),
    METRICS_PORT: String(port + 10),
    LOG_LEVEL: 'warn',
    AUTH_REQUIRE_TOTP: 'false',
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
    REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0',
  };
  await initInstall(env, 'bench-admin', PASSWORD);
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startNode('dist/src/main.js', ['--with-worker'], env);
  const close = async () => {
    await stop(api);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if ((await waitForOk(`${baseUrl}/health/ready`, performance.now(), 60_000)) === null)
      throw new Error('service not ready');
    const call = apiClient(baseUrl);
    const admin = await call<{ token: string }>('POST', '/auth/login', {
      username: 'bench-admin',
      password: PASSWORD,
    });
    const triager = await call(
      'POST',
      '/users',
      { username: 'bench-triager', roles: ['triager'], password: PASSWORD },
      admin.body.token,
    );
    if (triager.status !== 201) throw new Error(`triager creation failed: ${triager.status}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { baseUrl, api, close };
}

/** The browser the page tests use: Debian's Chromium, never a downloaded one. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** Fills the default form's required answers (and the story) in a page of /f/report. */
export async function fillDefaultForm(
  page: { fill(s: string, v: string): Promise<void>; check(s: string): Promise<void> },
  story: string,
): Promise<void> {
  await page.fill('#f-what_happened', story);
  for (const id of [
    '#f-incident_kind-detention',
    '#f-detained_now-yes',
    '#f-in_danger_now-no',
    '#f-wants_evacuation-yes',
    '#f-who_at_risk-someone_else',
  ])
    await page.check(id);
}
