import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from './service-process';

const PG_SOCKET_DIR = '/var/run/postgresql';

/**
 * Where the benchmarks (service and raw baselines alike) reach PostgreSQL: BENCH_PG_BASE, else the
 * local Unix socket when there is one (what the README recommends for a co-located database), else
 * loopback TCP.
 */
export function benchPgBase(): string {
  if (process.env.BENCH_PG_BASE) return process.env.BENCH_PG_BASE;
  if (existsSync(`${PG_SOCKET_DIR}/.s.PGSQL.5432`))
    return `postgres://postgres@${encodeURIComponent(PG_SOCKET_DIR)}`;
  return 'postgres://postgres@127.0.0.1:5432';
}

/** Drops and creates a benchmark's own database, so that every run starts empty. */
export async function recreateDatabase(pgBaseUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: `${pgBaseUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

/**
 * Runs `init` as an operator would (the admin password on stdin): secrets file, recovery key, first
 * admin and the default form. Needs a built `dist/`.
 */
export async function initInstall(
  env: Record<string, string>,
  username: string,
  password: string,
): Promise<void> {
  const init = spawn(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'init', username], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  init.stdin.end(`${password}\n`);
  const code = await new Promise((r) => init.once('exit', r));
  if (code !== 0) throw new Error(`init failed (${String(code)})`);
}

/** A JSON client of the API under `/api/v1` at `baseUrl`. */
export function apiClient(baseUrl: string) {
  return async <T>(method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
  };
}
