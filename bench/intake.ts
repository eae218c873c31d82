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
 *   honest limit is the bare pool rate with the receipt parameters and the SAME pool size, measured
 *   in the same run, on the same libsodium backend (CRYPTO_BACKEND). Run once with the service's
 *   default pool and once per size in BENCH_POOL_SIZES (1,2).
 * - Raw baseline: the same rows (report, four answer items, key slots, receipt, outbox row, audit
 *   entry) written by a plain `pg` script, one report per transaction, with the service's pool
 *   size: (a) as eight statements (BEGIN, six INSERTs, COMMIT), the issue's definition, and (b) as
 *   the one CTE statement the service now sends — the honest ceiling for the service's own SQL.
 *   (a) is also run as named prepared statements, and (b) is prepared, as the service's statement is.
 * - The service runs API-only (`node dist/src/main.js`), with the worker role (outbox relay, audit
 *   sealer, triage processor) in its own process (`node dist/src/worker.js`), as deployed; the
 *   sealed run is repeated without the worker process to show what it costs on the shared cores.
 * - Every phase counts its unexpected answers (non-2xx, connection errors, timeouts); the bench
 *   exits non-zero when a measured phase has any (bench/lib/unexpected-answers.ts). Sealed bodies
 *   are prepared per phase, each used once: a saturating phase gets room for
 *   BENCH_SEALED_PER_SECOND (2,500) per second of its duration, a paced phase its rate × duration
 *   plus a margin. A reused body would be a 409 and fail the check.
 */
import { apiClient, benchPgBase, initInstall, recreateDatabase } from './lib/install';
import { INSERT_SUBMISSION } from '../src/reports/reports.repository';
import { ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import {
  type CryptoBackendChoice,
  cryptoBackend,
  DEFAULT_RECEIPT_KDF,
  generateReceipt,
  initCrypto,
} from '../src/crypto';
import { CryptoPool, serviceDefaultPoolSize } from '../src/crypto-pool';
import { defaultFormAnswers } from '../test/support/factories/forms.factory';
import type { PublicForm } from '../test/support/factories/reports.factory';
import { sealedBody } from './lib/sealed-body';
import { ROOT, peakRssMb, serviceNodeFlags, startNode, stop, waitForOk } from './lib/service-process';
import { cpuPerRequest, cpuSnapshot } from './lib/process-cpu';
import { UnexpectedAnswers } from './lib/unexpected-answers';

const PORT = Number(process.env.BENCH_PORT ?? 3941);
const BASE = `http://127.0.0.1:${PORT}`;
const PG = benchPgBase();
const DB = 'corridor_bench_intake';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PLAINTEXT_CONNECTIONS = Number(process.env.BENCH_PLAINTEXT_CONNECTIONS ?? 8);
/** Requests per plaintext phase (a count, not a duration: see `cannon`). */
const PLAINTEXT_REQUESTS = Number(process.env.BENCH_PLAINTEXT_REQUESTS ?? 800);
const POOL_SIZES = (process.env.BENCH_POOL_SIZES ?? '1,2').split(',').map(Number);
const POOL_SIZE = 20;
const PASSWORD = 'bench-password-long-enough';
/** Upper bound of a saturating sealed phase's rate, for preparing its bodies (best run so far: 1,303/s). */
const SEALED_PER_SECOND = Number(process.env.BENCH_SEALED_PER_SECOND ?? 2_500);
const URL_PATH = '/api/v1/intake/report/reports';
const METRICS_PORT = PORT + 10;
/** Series a scrape during an intake run must show (README "Metrics"). */
const EXPECTED_SERIES = [
  'corridor_queue_jobs{queue="triage",state="waiting"}',
  'corridor_outbox_rows',
  'corridor_outbox_oldest_age_seconds',
  'corridor_audit_unsealed_entries',
  'corridor_crypto_pool_queued',
  'corridor_http_requests_total{method="POST",route="/api/v1/intake/:slug/reports",status="201"}',
];

/** Scrapes the API's metrics port; the series of EXPECTED_SERIES it lacks (all of them on failure). */
async function scrapeMetrics(): Promise<{ missing: string[]; outboxRows: string }> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();
    const value = (series: string) =>
      text
        .split('\n')
        .find((l) => l.startsWith(`${series} `))
        ?.slice(series.length + 1);
    return {
      missing: EXPECTED_SERIES.filter((s) => value(s) === undefined),
      outboxRows: value('corridor_outbox_rows') ?? '?',
    };
  } catch {
    return { missing: EXPECTED_SERIES, outboxRows: '?' };
  }
}

const api = apiClient(BASE);

function cannon(
  bodies: () => string,
  options: { connections: number; overallRate?: number; amount?: number },
) {
  return autocannon({
    url: BASE,
    connections: options.connections,
    // A fixed number of requests where the phase is slow (plaintext: ~100 ms each): a timed run
    // stops with requests in flight, which autocannon counts as timeouts although the service
    // answers them, and the unexpected-answer check could not tell those from real ones.
    ...(options.amount ? { amount: options.amount } : { duration: DURATION_S }),
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

/**
 * The service's CRYPTO_POOL_NICE (10 by default): its KDF threads yield to every other process of
 * the host, so on a shared machine a bare pool at nice 0 measures the other sessions' load as much
 * as the service (bench:auth measures its bare pool at the same nice value too).
 */
const SERVICE_NICE = Number(process.env.CRYPTO_POOL_NICE ?? 10);

/** The bare pool: receipt derivations per second with the receipt parameters and `size` threads. */
async function poolRate(size: number, niceness: number): Promise<number> {
  const pool = new CryptoPool({ size, niceness });
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

/** The service's own one-statement submission, so that the raw baseline writes exactly the same. */
const ONE_STATEMENT = INSERT_SUBMISSION;

const ITEM_KEYS = ['what_happened', 'contact_channel', 'contact_handle', 'name_or_alias'];
const AUDIT_DETAILS = JSON.stringify({
  channel: 'web',
  formSlug: 'report',
  formVersion: 1,
  clientEncrypted: true,
});

/**
 * The same rows as one sealed submission (report, 4 items, a slot per triager + recovery +
 * reporter, receipt, outbox row, audit entry), ONE transaction per report, from plain `pg` with the
 * service's pool size; `mode` = 'statements' (BEGIN, six INSERTs, COMMIT) or 'one-statement'.
 */
/**
 * 'statements': BEGIN, six INSERTs, COMMIT as a plain script sends them (unnamed: parsed and
 * planned each time); 'prepared-statements': the same as named prepared statements;
 * 'one-statement': the service's own prepared CTE.
 */
async function rawBaseline(
  triagerIds: string[],
  mode: 'statements' | 'prepared-statements' | 'one-statement',
): Promise<number> {
  const pool = new Pool({ connectionString: `${PG}/${DB}`, max: POOL_SIZE });
  const [{ id: formId }] = (await pool.query(`SELECT id FROM forms WHERE slug = 'report'`)).rows;
  // New reports get one slot held by the current triage team key (plus recovery and reporter), as
  // the service writes them.
  const [{ key_id: teamKeyId }] = (
    await pool.query(`SELECT key_id FROM team_keys WHERE team = 'triage' AND successor_key_id IS NULL`)
  ).rows;
  const envelope = randomBytes(377);
  const slot = randomBytes(113);
  // pg treats a query without a name as unnamed (parse and plan every time).
  const named = (name: string) => (mode === 'prepared-statements' ? name : undefined);
  const oneReport = async (client: import('pg').PoolClient) => {
    const id = randomUUID();
    const lookupId = randomBytes(32).toString('base64url');
    if (mode === 'one-statement') {
      const values = [
        id,
        formId,
        1,
        'web',
        'en',
        '2026-10',
        'chechnya',
        ['detention'],
        JSON.stringify({ region: 'chechnya' }),
        ['detained_now'],
        true,
        randomBytes(32),
        ITEM_KEYS,
        ITEM_KEYS.map(() => envelope),
        ['key', 'recovery', 'reporter'],
        [null, null, null],
        [teamKeyId, null, null],
        [slot, slot, randomBytes(73)],
        lookupId,
        'triage',
        'report.received',
        id,
        'intake',
        null,
        'report.submitted',
        'report',
        id,
        AUDIT_DETAILS,
        // No contact hints: sealed intake stores them when a triager first opens the report.
        [],
        [],
      ];
      await client.query({ name: ONE_STATEMENT.name, text: ONE_STATEMENT.text, values });
      return;
    }
    await client.query('BEGIN');
    await client.query({
      name: named('raw_key'),
      text: `INSERT INTO keys (id, kind, public_key) VALUES ($1, 'report', $2)`,
      values: [id, randomBytes(32)],
    });
    await client.query({
      name: named('raw_report'),
      text: `INSERT INTO reports (id, form_id, form_version, channel, language, incident_month, region, categories,
         statistics, urgency_flags, urgent, key_id)
       VALUES ($1, $2, 1, 'web', 'en', '2026-10', 'chechnya', $3, $4, $5, true, $1)`,
      values: [id, formId, ['detention'], { region: 'chechnya' }, ['detained_now']],
    });
    await client.query({
      name: named('raw_items'),
      text: `INSERT INTO report_items (report_id, kind, item_key, envelope)
       SELECT $1::uuid, 'answer', k, $2::bytea FROM unnest($3::text[]) k`,
      values: [id, envelope, ITEM_KEYS],
    });
    await client.query({
      name: named('raw_slots'),
      text: `INSERT INTO key_slots (key_id, holder_type, holder_id, holder_key_id, sealed_key)
       VALUES ($1::uuid, 'key', NULL, $3::uuid, $2::bytea), ($1::uuid, 'recovery', NULL, NULL, $2::bytea),
              ($1::uuid, 'reporter', NULL, NULL, $4::bytea)`,
      values: [id, slot, teamKeyId, randomBytes(73)],
    });
    await client.query({
      name: named('raw_receipt'),
      text: `INSERT INTO report_receipts (lookup_id, report_id) VALUES ($1, $2)`,
      values: [lookupId, id],
    });
    await client.query({
      name: named('raw_outbox'),
      text: `INSERT INTO outbox (queue, job_name, entity_id) VALUES ('triage', 'report.received', $1)`,
      values: [id],
    });
    await client.query({
      name: named('raw_audit'),
      text: `INSERT INTO audit_entries (actor_type, action, target_type, details)
       VALUES ('intake', 'report.submitted', 'report', $1)`,
      values: [AUDIT_DETAILS],
    });
    await client.query('COMMIT');
  };
  // Warm-up (connections, plans), not counted.
  await Promise.all(
    Array.from({ length: POOL_SIZE }, async () => {
      const client = await pool.connect();
      try {
        for (let i = 0; i < 10; i++) await oneReport(client);
      } finally {
        client.release();
      }
    }),
  );
  let done = 0;
  const until = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: POOL_SIZE }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          await oneReport(client);
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

/**
 * `count` sealed bodies for one phase, each used once. Past the end it hands out reused bodies,
 * which the service answers with 409: the unexpected-answer check then fails the phase.
 */
function sealedBodies(form: PublicForm, count: number) {
  progress(`preparing ${count} sealed bodies`);
  const bodies = Array.from({ length: count }, () => sealedBody(form));
  let used = 0;
  return {
    next: () => bodies[used++ % bodies.length],
    /** e.g. "12,034 of 25,000 bodies used" */
    usage: () => `${used.toLocaleString('en')} of ${count.toLocaleString('en')} bodies used`,
  };
}

/** Progress on stderr, so that stdout carries only the figures. */
const progress = (what: string) => process.stderr.write(`bench:intake: ${what}\n`);

function sealedRequests(nextSealed: () => string) {
  return [
    {
      method: 'POST' as const,
      path: URL_PATH,
      headers: { 'content-type': 'application/json' },
      setupRequest: (req: autocannon.Request) => ({ ...req, body: nextSealed() }),
    },
  ];
}

async function main() {
  // The bare pool runs the KDF on the backend the service does (CRYPTO_BACKEND, default auto).
  await initCrypto({ backend: (process.env.CRYPTO_BACKEND ?? 'auto') as CryptoBackendChoice });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  await recreateDatabase(PG, DB);
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-intake-'));
  const env: Record<string, string> = {
    DATABASE_URL: `${PG}/${DB}`,
    CORRIDOR_SECRETS_FILE: join(dir, 'secrets.json'),
    REDIS_PREFIX: `bench-intake-${process.pid}`,
    PORT: String(PORT),
    LOG_LEVEL: 'warn',
    AUTH_REQUIRE_TOTP: 'false',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
    // The API's metrics port, scraped once in the middle of the API + worker saturating phase.
    METRICS_PORT: String(METRICS_PORT),
  };
  await initInstall(env, 'bench-admin', PASSWORD);
  progress('initialised; starting the API and the worker process');

  const children = new Set<ChildProcess>();
  const startApi = async (extra: Record<string, string> = {}) => {
    // A CPU profile of each service process: BENCH_SERVICE_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=<dir>".
    const api = startNode('dist/src/main.js', [], { ...env, ...extra });
    children.add(api);
    if ((await waitForOk(`${BASE}/health/ready`, performance.now(), 30_000)) === null)
      throw new Error('service not ready');
    return api;
  };
  const startWorker = () => {
    const worker = startNode('dist/src/worker.js', [], {
      ...env,
      PORT: String(PORT + 1),
      METRICS_PORT: String(METRICS_PORT + 1),
    });
    children.add(worker);
    return worker;
  };
  const stopChild = async (child: ChildProcess) => {
    await stop(child);
    children.delete(child);
  };
  try {
    let apiProcess = await startApi();
    let worker = startWorker();
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

    const unexpected = new UnexpectedAnswers();
    const saturatingBodies = () => sealedBodies(form, Math.ceil(SEALED_PER_SECOND * DURATION_S));
    const pacedBodies = (rate: number) =>
      sealedBodies(form, Math.ceil(rate * DURATION_S * 1.1) + CONNECTIONS);
    const usage: string[] = [];

    // Waits until the worker process has relayed every outbox row and sealed every audit entry,
    // so that no run pays for the previous run's backlog.
    const drain = async () => {
      const db = new Client({ connectionString: `${PG}/${DB}` });
      await db.connect();
      try {
        const until = performance.now() + 180_000;
        while (performance.now() < until) {
          const { rows } = await db.query<{ n: string }>(
            `SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM audit_entries WHERE seq IS NULL) AS n`,
          );
          if (Number(rows[0].n) === 0) return;
          await new Promise((r) => setTimeout(r, 250));
        }
        console.warn('note: the worker did not drain the backlog within 180 s');
      } finally {
        await db.end();
      }
    };

    // Warm-up (JIT, connection pools, caches), then API only (the deployed shape, with the worker
    // role elsewhere) and API + worker process on the same two cores, each saturating then paced
    // at 70 % of its own saturating rate.
    const warmUpBodies = sealedBodies(form, 2_000);
    progress('warm-up');
    unexpected.autocannon(
      'warm-up',
      await autocannon({
        url: BASE,
        connections: CONNECTIONS,
        amount: 2_000,
        requests: sealedRequests(warmUpBodies.next),
      }),
      { measured: false },
    );
    await drain();
    await stopChild(worker);
    // Runs one sealed phase on its own bodies and counts its answers.
    const sealedPhase = async (
      phase: string,
      bodies: ReturnType<typeof sealedBodies>,
      overallRate?: number,
    ): Promise<autocannon.Result> => {
      progress(phase);
      const result = await cannon(bodies.next, { connections: CONNECTIONS, overallRate });
      usage.push(`${phase}: ${bodies.usage()}`);
      return unexpected.autocannon(phase, result);
    };
    let bodies = saturatingBodies();
    const sealedApiOnly = await sealedPhase('sealed, API only, saturating', bodies);
    const pacedApiOnlyRate = Math.max(1, Math.round(sealedApiOnly.requests.average * 0.7));
    bodies = pacedBodies(pacedApiOnlyRate);
    const sealedApiOnlyPaced = await sealedPhase('sealed, API only, paced at 70 %', bodies, pacedApiOnlyRate);
    worker = startWorker();
    progress('draining the backlog');
    await drain();
    bodies = saturatingBodies();
    const scrape = new Promise<Awaited<ReturnType<typeof scrapeMetrics>>>((resolve) =>
      setTimeout(() => void scrapeMetrics().then(resolve), (DURATION_S * 1000) / 2),
    );
    const sealedMax = await sealedPhase('sealed, API + worker, saturating', bodies);
    const scraped = await scrape;
    unexpected.count(
      'metrics scrape during "sealed, API + worker, saturating"',
      scraped.missing.length,
      scraped.missing.length
        ? `missing ${scraped.missing.join(', ')}`
        : `every expected series present (outbox rows at that moment: ${scraped.outboxRows})`,
    );
    const pacedRate = Math.max(1, Math.round(sealedMax.requests.average * 0.7));
    bodies = pacedBodies(pacedRate);
    const sealedPaced = await sealedPhase('sealed, API + worker, paced at 70 %', bodies, pacedRate);
    await drain();

    const plaintextBody = JSON.stringify({ answers: defaultFormAnswers('bench'), language: 'ru' });
    // Each plaintext phase: its bare pool (same size, same nice value) measured right before it,
    // so that on a shared host the two rates meet the same load, and where its CPU went.
    const plaintextRun = async (phase: string, size: number) => {
      const warm = await autocannon({
        url: BASE,
        connections: PLAINTEXT_CONNECTIONS,
        amount: 50,
        requests: [
          {
            method: 'POST',
            path: URL_PATH,
            headers: { 'content-type': 'application/json' },
            body: plaintextBody,
          },
        ],
      });
      unexpected.autocannon(`${phase} (warm-up)`, warm, { measured: false });
      await drain();
      const bare = await poolRate(size, SERVICE_NICE);
      const before = cpuSnapshot(apiProcess.pid!, worker.pid, DB);
      const result = unexpected.autocannon(
        phase,
        await cannon(() => plaintextBody, { connections: PLAINTEXT_CONNECTIONS, amount: PLAINTEXT_REQUESTS }),
      );
      return {
        result,
        bare,
        cpu: cpuPerRequest(before, cpuSnapshot(apiProcess.pid!, worker.pid, DB), result.requests.total),
      };
    };
    const plaintext = new Map<string, Awaited<ReturnType<typeof plaintextRun>>>();
    progress('plaintext mode, default pool size');
    plaintext.set('default', await plaintextRun('plaintext, default pool', serviceDefaultPoolSize()));
    const rss = peakRssMb(apiProcess.pid!);
    await stopChild(apiProcess);

    // A size named twice (BENCH_POOL_SIZES=1,1,1) is run and reported twice, each run on its own.
    const runLabel = (size: number, index: number) =>
      POOL_SIZES.indexOf(size) === index ? String(size) : `${size} (run ${index + 1})`;
    for (const [index, size] of POOL_SIZES.entries()) {
      progress(`plaintext mode, CRYPTO_POOL_SIZE=${size}`);
      apiProcess = await startApi({ CRYPTO_POOL_SIZE: String(size) });
      const label = runLabel(size, index);
      plaintext.set(label, await plaintextRun(`plaintext, CRYPTO_POOL_SIZE=${label}`, size));
      await stopChild(apiProcess);
    }
    await stopChild(worker);

    progress('raw baselines and bare Argon2id');
    const raw = await rawBaseline(triagerIds, 'statements');
    const rawPrepared = await rawBaseline(triagerIds, 'prepared-statements');
    const rawOne = await rawBaseline(triagerIds, 'one-statement');
    const argon = new Map<number, number>();
    const argonNice0 = new Map<number, number>();
    for (const size of new Set(POOL_SIZES)) {
      argon.set(size, await poolRate(size, SERVICE_NICE));
      argonNice0.set(size, await poolRate(size, 0));
    }
    const defaultPoolSize = serviceDefaultPoolSize();

    console.log(
      `intake benchmark (${DURATION_S} s per run, ${CONNECTIONS} connections, loopback, API + worker process)`,
    );
    console.log(`  crypto backend (service and bare pool): ${cryptoBackend()}`);
    console.log(
      `  PostgreSQL at ${PG.replace(/^postgres:\/\/[^@]*@/, '')}; service V8 flags: ${serviceNodeFlags().join(' ')}`,
    );
    console.log(
      `  raw baseline, plain pg, 8 statements per report (${POOL_SIZE} connections): ${raw.toFixed(0)} reports/s`,
    );
    console.log(
      `  raw baseline, plain pg, the same 8 as prepared statements:        ${rawPrepared.toFixed(0)} reports/s`,
    );
    console.log(
      `  raw baseline, plain pg, the service's one statement per report:     ${rawOne.toFixed(0)} reports/s`,
    );
    for (const [size, rate] of argon)
      console.log(
        `  bare CryptoPool receipt Argon2id, ${size} thread(s), nice ${SERVICE_NICE} (the service's): ${rate.toFixed(1)} derivations/s; ` +
          `at nice 0: ${argonNice0.get(size)!.toFixed(1)}/s`,
      );
    console.log(`  sealed, API only, saturating:              ${line(sealedApiOnly)}`);
    console.log(`  sealed, API only, paced at 70 % (${pacedApiOnlyRate}/s): ${line(sealedApiOnlyPaced)}`);
    console.log(`  sealed, API + worker, saturating:          ${line(sealedMax)}`);
    console.log(`  sealed, API + worker, paced at 70 % (${pacedRate}/s): ${line(sealedPaced)}`);
    for (const [size, { result, bare, cpu }] of plaintext) {
      console.log(
        `  plaintext (${PLAINTEXT_CONNECTIONS} conns), pool ${size === 'default' ? `default (${defaultPoolSize})` : size}: ${line(result)}`,
      );
      console.log(`    bare pool of that size right before: ${bare.toFixed(1)}/s; ${cpu}`);
    }
    console.log(`  API peak RSS:                        ${rss} MB`);
    for (const [label, max, paced] of [
      ['API only', sealedApiOnly, sealedApiOnlyPaced],
      ['API + worker', sealedMax, sealedPaced],
    ] as const) {
      const share = max.requests.average / raw;
      console.log(
        `  ${label}: sealed / raw (8 statements) ${(share * 100).toFixed(0)} % (target >= 60 %: ${share >= 0.6 ? 'met' : 'MISSED'}); ` +
          `sealed / raw (8 prepared) ${((max.requests.average / rawPrepared) * 100).toFixed(0)} %; ` +
          `sealed / raw (one statement) ${((max.requests.average / rawOne) * 100).toFixed(0)} %; ` +
          `>= 800/s: ${max.requests.average >= 800 ? 'met' : 'MISSED'}; ` +
          `p99 at 70 % < 100 ms: ${paced.latency.p99 < 100 ? 'met' : 'MISSED'}`,
      );
    }
    for (const [size, { result, bare }] of plaintext) {
      const threads = size === 'default' ? defaultPoolSize : Number.parseInt(size, 10);
      const share = result.requests.average / bare;
      const end = argon.get(threads);
      console.log(
        `  plaintext / bare Argon2id (nice ${SERVICE_NICE}, measured right before), pool ${size === 'default' ? `default (${threads})` : size}: ` +
          `${(share * 100).toFixed(0)} % (target >= 80 %: ${share >= 0.8 ? 'met' : 'MISSED'}); >= 96/s: ${result.requests.average >= 96 ? 'met' : 'MISSED'}` +
          (end
            ? `; against the bare pool at the end of the run: ${((result.requests.average / end) * 100).toFixed(0)} % (nice 0: ${((result.requests.average / argonNice0.get(threads)!) * 100).toFixed(0)} %)`
            : ''),
      );
    }
    console.log(`  sealed bodies (each used once): ${usage.join('; ')}`);
    unexpected.finish();
  } finally {
    for (const child of children) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
