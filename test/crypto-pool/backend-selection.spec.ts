import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from '../support/test-database';

/*
 * CRYPTO_BACKEND at start, in real service processes (src/main.ts from source) on which
 * sodium-native cannot be resolved (support/without-sodium-native.js, preloaded): `native` must
 * refuse to start with a message saying why; `auto` must fall back to WebAssembly and say so in
 * the start log.
 */
const root = join(__dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the API; resolves when it exits, or kills it once `until` matches its output. */
function runService(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(__dirname, 'support', 'without-sodium-native.js'),
        join(root, 'scripts', 'run-ts.js'),
        'src/main.ts',
      ],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', AUTO_INIT: 'false', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const run: Run = { code: null, stdout: '', stderr: '' };
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const check = () => {
      if (until && until.test(run.stdout)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (d: Buffer) => {
      run.stdout += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      run.code = code;
      resolve(run);
    });
  });
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe('CRYPTO_BACKEND when sodium-native cannot be loaded', () => {
  it('native: the service refuses to start and says why', async () => {
    const run = await runService({ CRYPTO_BACKEND: 'native', DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "CRYPTO_BACKEND=native but the native libsodium (sodium-native) cannot be loaded: Cannot find module 'sodium-native'",
    );
    expect(run.stdout).not.toMatch(/Corridor API listening/);
  }, 90_000);

  it('auto: the service starts on WebAssembly and its start log names the backend', async () => {
    const run = await runService(
      { CRYPTO_BACKEND: 'auto', DATABASE_URL: database.url, LOG_LEVEL: 'info' },
      /Corridor API listening/,
    );
    const line = run.stdout.split('\n').find((l) => l.includes('crypto backend'));
    expect(line).toBeDefined();
    expect(JSON.parse(line as string)).toMatchObject({ backend: 'wasm', requested: 'auto' });
    expect(run.stdout).toMatch(/Corridor API listening/);
  }, 90_000);
});
