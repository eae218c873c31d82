/**
 * `npm run bench:intake`: reports per second and latency of `POST /intake/report/reports` in both
 * modes, driving the built service over loopback HTTP with autocannon.
 *
 * - Sealed mode: bodies are prepared before the run with src/crypto exactly as a browser builds
 *   them (case key, one envelope per sensitive answer, a slot per recipient, the reporter slot), so
 *   the load measures the server. The browser's receipt KDF is replaced by random slot keys and
 *   lookup values — the server cannot tell the difference, and 45 ms of Argon2id per prepared body
 *   would only slow the preparation. First the saturating rate (closed loop), then the latency at
 *   70 % of it (`overallRate`).
 * - Plaintext mode: the server derives the receipt with Argon2id in its worker-thread pool, so its
 *   honest limit is the bare pool rate with the receipt parameters, measured in the same run.
 * - Raw baseline: the same rows (report, four answer items, key slots, receipt, outbox row, audit
 *   entry) written by a plain `pg` script in equivalent transactions, with the service's pool size.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import {
  DEFAULT_RECEIPT_KDF,
  fromBase64Url,
  generateCaseKeyPair,
  generateReceipt,
  initCrypto,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  toBase64Url,
} from '../src/crypto';
import { CryptoPool } from '../src/crypto-pool';
import { defaultFormAnswers } from '../test/support/factories/forms.factory';
import type { PublicForm } from '../test/support/factories/reports.factory';
import { peakRssMb, ROOT, startNode, stop, waitForOk } from './lib/service-process';

const PORT = 3941;
const BASE = `http://127.0.0.1:${PORT}`;
const PG = process.env.BENCH_PG_BASE ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'corridor_bench_intake';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POOL_SIZE = 20;
const PASSWORD = 'bench-password-long-enough';
const URL_PATH = '/api/v1/intake/report/reports';

async function recreateDatabase() {
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
}

async function api<T>(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
}

/** One sealed body as a browser builds it (see the header about the receipt KDF). */
function sealedBody(form: PublicForm): string {
  const reportId = randomUUID();
  const keys = generateCaseKeyPair();
  const answers = defaultFormAnswers(generateReceipt());
  const sealed: Record<string, string> = {};
  const statistics: Record<string, unknown> = {};
  for (const field of form.definition.fields) {
    const value = answers[field.key];
    if (field.classification === 'statistical') statistics[field.key] = value;
    else
      sealed[field.key] = toBase64Url(
        sealToCase(keys.publicKey, JSON.stringify(value), {
          purpose: 'report-answer',
          table: 'report_items',
          column: 'envelope',
          rowId: `${reportId}:${field.key}`,
        }),
      );
  }
  return JSON.stringify({
    sealed: {
      reportId,
      casePublicKey: toBase64Url(keys.publicKey),
      answers: sealed,
      slots: form.recipients.map((r) => ({
        keyId: r.keyId,
        sealedKey: toBase64Url(sealKeySlot(keys.privateKey, fromBase64Url(r.publicKey), reportId)),
      })),
      reporterSlot: toBase64Url(sealReporterSlot(keys.privateKey, randomBytes(32), reportId)),
      receiptLookupValue: toBase64Url(randomBytes(32)),
    },
    statistics,
    language: 'en',
  });
}

function cannon(bodies: () => string, options: { connections: number; overallRate?: number }) {
  return autocannon({
    url: BASE,
    connections: options.connections,
    duration: DURATION_S,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: URL_PATH,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies() }),
      },
    ],
  });
}

/** The bare pool: receipt derivations per second with the receipt parameters (2 threads). */
async function poolRate(): Promise<number> {
  const pool = new CryptoPool();
  const salt = randomBytes(16);
  let done = 0;
  const until = performance.now() + 5_000;
  await Promise.all(
    Array.from({ length: pool.size * 2 }, async () => {
      while (performance.now() < until) {
        await pool.deriveReceiptKeys(generateReceipt(), salt, DEFAULT_RECEIPT_KDF);
        done++;
      }
    }),
  );
  await pool.close();
  return done / 5;
}

/** The same rows as one sealed submission, in one transaction per report, from plain `pg`. */
async function rawBaseline(triagerIds: string[]): Promise<number> {
  const pool = new Pool({ connectionString: `${PG}/${DB}`, max: POOL_SIZE });
  const [{ id: formId }] = (await pool.query(`SELECT id FROM forms WHERE slug = 'report'`)).rows;
  const envelope = randomBytes(377);
  const slot = randomBytes(113);
  let done = 0;
  const until = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: POOL_SIZE }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          const id = randomUUID();
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO reports (id, form_id, form_version, channel, language, incident_month, region, categories,
               statistics, urgency_flags, urgent, case_public_key)
             VALUES ($1, $2, 1, 'web', 'en', '2026-10', 'chechnya', $3, $4, $5, true, $6)`,
            [id, formId, ['detention'], { region: 'chechnya' }, ['detained_now'], randomBytes(32)],
          );
          await client.query(
            `INSERT INTO report_items (report_id, kind, item_key, envelope)
             SELECT $1, 'answer', k, $2 FROM unnest($3::text[]) k`,
            [id, envelope, ['what_happened', 'contact_channel', 'contact_handle', 'name_or_alias']],
          );
          await client.query(
            `INSERT INTO case_key_slots (case_id, holder_type, holder_id, sealed_key)
             SELECT $1, 'user', u, $2 FROM unnest($3::uuid[]) u
             UNION ALL SELECT $1, 'recovery', NULL, $2 UNION ALL SELECT $1, 'reporter', NULL, $4`,
            [id, slot, triagerIds, randomBytes(73)],
          );
          await client.query(`INSERT INTO report_receipts (lookup_id, report_id) VALUES ($1, $2)`, [
            randomBytes(32).toString('base64url'),
            id,
          ]);
          await client.query(
            `INSERT INTO outbox (queue, job_name, entity_id) VALUES ('triage', 'report.received', $1)`,
            [id],
          );
          await client.query(
            `INSERT INTO audit_entries (actor_type, action, target_type, target_id, details)
             VALUES ('intake', 'report.submitted', 'report', $1, $2)`,
            [
              id,
              JSON.stringify({ channel: 'web', formSlug: 'report', formVersion: 1, clientEncrypted: true }),
            ],
          );
          await client.query('COMMIT');
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  await pool.end();
  return done / DURATION_S;
}

const line = (r: autocannon.Result) =>
  `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
  `2xx ${r['2xx']}, non-2xx ${r.non2xx}, errors ${r.errors}`;

async function main() {
  await initCrypto();
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  await recreateDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-intake-'));
  const env = {
    DATABASE_URL: `${PG}/${DB}`,
    CORRIDOR_SECRETS_FILE: join(dir, 'secrets.json'),
    REDIS_PREFIX: `bench-intake-${process.pid}`,
    PORT: String(PORT),
    LOG_LEVEL: 'warn',
    AUTH_REQUIRE_TOTP: 'false',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
  };
  // init: secrets, recovery key, first admin and the default form — as an operator would.
  const init = spawn(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'init', 'bench-admin'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  init.stdin.end(`${PASSWORD}\n`);
  if ((await new Promise((r) => init.once('exit', r))) !== 0) throw new Error('init failed');

  const child = startNode('dist/src/main.js', ['--with-worker'], env);
  try {
    if ((await waitForOk(`${BASE}/health/ready`, performance.now(), 30_000)) === null)
      throw new Error('service not ready');
    const admin = await api<{ token: string }>('POST', '/auth/login', {
      username: 'bench-admin',
      password: PASSWORD,
    });
    const triagerIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await api<{ id: string }>(
        'POST',
        '/users',
        { username: `bench-triager-${i}`, roles: ['triager'], password: PASSWORD },
        admin.body.token,
      );
      if (res.status !== 201) throw new Error(`triager creation failed: ${res.status}`);
      triagerIds.push(res.body.id);
    }
    const form = (await api<PublicForm>('GET', '/forms/report/public')).body;

    const prepared = Array.from({ length: 30_000 }, () => sealedBody(form));
    let next = 0;
    const nextSealed = () => prepared[next++ % prepared.length];

    // Warm-up (JIT, connection pools), then the saturating run and the paced run at 70 %.
    await autocannon({
      url: BASE,
      connections: 8,
      amount: 500,
      requests: [
        {
          method: 'POST',
          path: URL_PATH,
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: nextSealed() }),
        },
      ],
    });
    const sealedMax = await cannon(nextSealed, { connections: CONNECTIONS });
    const pacedRate = Math.max(1, Math.round(sealedMax.requests.average * 0.7));
    const sealedPaced = await cannon(nextSealed, { connections: CONNECTIONS, overallRate: pacedRate });
    if (next > prepared.length)
      console.warn(`note: ${next - prepared.length} sealed bodies were reused (409)`);

    const plaintextBody = JSON.stringify({ answers: defaultFormAnswers('bench'), language: 'ru' });
    const plaintext = await cannon(() => plaintextBody, { connections: 8 });
    const rss = peakRssMb(child.pid!);
    await stop(child);

    const raw = await rawBaseline(triagerIds);
    const argon = await poolRate();

    console.log(
      `intake benchmark (${DURATION_S} s per run, ${CONNECTIONS} connections, loopback, --with-worker)`,
    );
    console.log(
      `  raw baseline, same rows from plain pg (${POOL_SIZE} connections): ${raw.toFixed(0)} reports/s`,
    );
    console.log(
      `  raw limit, bare CryptoPool receipt Argon2id (t=2, m=19 MiB):  ${argon.toFixed(1)} derivations/s`,
    );
    console.log(`  sealed, saturating:                  ${line(sealedMax)}`);
    console.log(`  sealed, paced at 70 % (${pacedRate}/s):     ${line(sealedPaced)}`);
    console.log(`  plaintext, saturating (8 conns):     ${line(plaintext)}`);
    console.log(`  service peak RSS:                    ${rss} MB`);
    const sealedShare = sealedMax.requests.average / raw;
    const plainShare = plaintext.requests.average / argon;
    console.log(
      `  sealed / raw baseline: ${(sealedShare * 100).toFixed(0)} % (target >= 60 %: ${sealedShare >= 0.6 ? 'met' : 'MISSED'}); ` +
        `>= 800/s: ${sealedMax.requests.average >= 800 ? 'met' : 'MISSED'}; ` +
        `p99 at 70 % < 100 ms: ${sealedPaced.latency.p99 < 100 ? 'met' : 'MISSED'}`,
    );
    console.log(
      `  plaintext / bare Argon2id: ${(plainShare * 100).toFixed(0)} % (target >= 80 %: ${plainShare >= 0.8 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
