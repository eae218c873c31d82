/**
 * `npm run bench:auth`: sign-ins per second, and the latency of an authenticated no-op request
 * (`GET /api/v1/auth/me`) under 200 concurrent clients while sign-ins saturate the KDF pool —
 * the point being that Argon2id runs in worker threads and must not stall other requests.
 * Target (accounts issue): authenticated p99 under 20 ms while sign-ins run.
 *
 * BENCH_LOG_LEVEL (default `info`, production's), BENCH_PACED_RATE (300), BENCH_DURATION_S (15),
 * BENCH_SIGN_IN_CONCURRENCY (16).
 *
 * Raw limits measured in the same run: the same GET without sign-in load; the same GET while a
 * bare Argon2id pool runs in the bench process (the tail the KDF alone adds on these cores); and
 * the bare CryptoPool Argon2id rate with the production password parameters.
 */
import { apiClient, benchPgBase, initInstall, recreateDatabase } from './lib/install';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  type CryptoBackendChoice,
  cryptoBackend,
  DEFAULT_PASSWORD_KDF,
  generatePasswordSalt,
  initCrypto,
} from '../src/crypto';
import { CryptoPool, serviceDefaultPoolSize } from '../src/crypto-pool';
import {
  ROOT,
  currentRssMb,
  peakRssMb,
  serviceNodeFlags,
  startNode,
  stop,
  waitForOk,
} from './lib/service-process';
import { OpenLoopResult, openLoop } from './lib/open-loop';
import { UnexpectedAnswers } from './lib/unexpected-answers';

const PORT = 3931;
const BASE = `http://127.0.0.1:${PORT}`;
const PG = benchPgBase();
const DB = 'corridor_bench_auth';
const CONNECTIONS = 200;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
/**
 * Sign-ins in flight. Every answer waits for LOGIN_MIN_RESPONSE_MS (500 ms), so N clients can
 * never exceed N / 0.5 s sign-ins whatever the pool does: 8 capped the run at 16/s, below what one
 * native password thread derives quietly. 16 saturates the pool and stays within its bounded queue
 * (one running + size × 8 waiting), so no sign-in is refused with BUSY.
 */
const SIGN_IN_CONCURRENCY = Number(process.env.BENCH_SIGN_IN_CONCURRENCY ?? 16);
const USERS = 16;
const PASSWORD = 'bench-password-long-enough';
const SERVICE_NICE = Number(process.env.CRYPTO_POOL_NICE ?? 10);

const api = apiClient(BASE);

async function signIn(username: string): Promise<string> {
  const res = await api<{ token: string }>('POST', '/auth/login', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return res.body.token;
}

/** 200 clients as fast as they can (closed loop: latency then measures throughput), or paced. */
function cannon(token: string | null, overallRate?: number, path = '/api/v1/auth/me') {
  return autocannon({
    url: `${BASE}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(overallRate ? { overallRate } : {}),
  });
}

const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 300);

function paced(token: string): Promise<OpenLoopResult> {
  return openLoop({
    url: `${BASE}/api/v1/auth/me`,
    headers: { authorization: `Bearer ${token}` },
    connections: CONNECTIONS,
    rate: PACED_RATE,
    durationS: DURATION_S,
  });
}

/**
 * The same open loop while a bare Argon2id pool as large as the service's, at the service's
 * default nice value, derives without pause in this process (not in the service): the tail that
 * the KDF's CPU and memory traffic alone add on these cores, whatever the service does.
 */
async function pacedBesideBarePool(token: string): Promise<OpenLoopResult> {
  const pool = new CryptoPool({ size: serviceDefaultPoolSize(), niceness: SERVICE_NICE });
  const salt = generatePasswordSalt();
  let running = true;
  const loops = Array.from({ length: pool.size * 2 }, async () => {
    while (running) await pool.derivePasswordKeys(PASSWORD, salt, DEFAULT_PASSWORD_KDF);
  });
  try {
    return await paced(token);
  } finally {
    running = false;
    await Promise.all(loops);
    await pool.close();
  }
}

/**
 * The bare pool, as large as the service's (CPUs − 1 threads), in this process: Argon2id
 * derivations per second with the production password parameters, the most sign-ins can reach.
 */
async function poolRate(): Promise<number> {
  // On the backend the service runs (CRYPTO_BACKEND, default auto), and so at its pool size.
  await initCrypto({ backend: (process.env.CRYPTO_BACKEND ?? 'auto') as CryptoBackendChoice });
  // At the service's nice value (CRYPTO_POOL_NICE, 10), as bench:intake measures its bare pool:
  // at nice 0 it would measure the other processes of a shared host as much as the KDF.
  const pool = new CryptoPool({ size: serviceDefaultPoolSize(), niceness: SERVICE_NICE });
  const salt = generatePasswordSalt();
  let done = 0;
  const until = performance.now() + 5_000;
  await Promise.all(
    Array.from({ length: pool.size * 2 }, async () => {
      while (performance.now() < until) {
        await pool.derivePasswordKeys(PASSWORD, salt, DEFAULT_PASSWORD_KDF);
        done++;
      }
    }),
  );
  await pool.close();
  return done / 5;
}

async function main() {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  await recreateDatabase(PG, DB);
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-auth-'));
  const env = {
    DATABASE_URL: `${PG}/${DB}`,
    CORRIDOR_SECRETS_FILE: join(dir, 'secrets.json'),
    REDIS_PREFIX: `bench-auth-${process.pid}`,
    PORT: String(PORT),
    // Production's default: a line per request (to /dev/null here), as a deployment would run.
    LOG_LEVEL,
    AUTH_REQUIRE_TOTP: 'false',
    LOGIN_THROTTLE_PER_USERNAME: '1000000',
    LOGIN_THROTTLE_PER_ADDRESS: '1000000',
    DATABASE_POOL_SIZE: '20',
  };
  await initInstall(env, 'bench-admin', PASSWORD);

  const rawPool = await poolRate();

  const child = startNode('dist/src/main.js', [], env);
  try {
    if ((await waitForOk(`${BASE}/health/ready`, performance.now(), 20_000)) === null)
      throw new Error('service not ready');
    const adminToken = await signIn('bench-admin');
    const usernames: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const res = await api(
        'POST',
        '/users',
        { username: `bench-user-${i}`, roles: ['caseworker'], password: PASSWORD },
        adminToken,
      );
      if (res.status !== 201) throw new Error(`user creation failed: ${res.status}`);
      usernames.push(`bench-user-${i}`);
    }
    const token = await signIn(usernames[0]);
    const rssTrail: string[] = [];
    const sampleRss = (phase: string) => rssTrail.push(`${phase} ${currentRssMb(child.pid!)} MB`);
    sampleRss('after setup');

    const unexpected = new UnexpectedAnswers();
    const openLoopPhase = (phase: string, r: OpenLoopResult) => {
      unexpected.count(phase, r.errors, `non-200 or failed ${r.errors}`);
      return r;
    };
    const bareStack = unexpected.autocannon(
      'GET /health/live, saturating',
      await cannon(null, undefined, '/health/live'),
    );
    sampleRss('after /health/live');
    const baseline = unexpected.autocannon('GET /auth/me, saturating', await cannon(token));
    sampleRss('after /auth/me');
    const pacedBaseline = openLoopPhase('GET /auth/me, open loop', await paced(token));
    sampleRss('after open loop');
    const pacedBesidePool = openLoopPhase(
      'GET /auth/me, open loop beside a bare pool',
      await pacedBesideBarePool(token),
    );

    let signIns = 0;
    let failures = 0;
    let running = true;
    const loops = Array.from({ length: SIGN_IN_CONCURRENCY }, async (_, k) => {
      for (let i = k; running; i += SIGN_IN_CONCURRENCY) {
        const res = await api('POST', '/auth/login', { username: usernames[i % USERS], password: PASSWORD });
        if (res.status === 200) signIns++;
        else failures++;
      }
    });
    await new Promise((r) => setTimeout(r, 2_000)); // let the pool saturate
    const before = signIns;
    const startedAt = performance.now();
    const loaded = unexpected.autocannon('GET /auth/me, saturating, sign-ins running', await cannon(token));
    sampleRss('after /auth/me with sign-ins');
    const pacedLoaded = openLoopPhase('GET /auth/me, open loop, sign-ins running', await paced(token));
    sampleRss('after open loop with sign-ins');
    const seconds = (performance.now() - startedAt) / 1000;
    const duringLoad = (signIns - before) / seconds;
    running = false;
    await Promise.all(loops);
    unexpected.count(
      'sign-ins beside the loaded runs',
      failures,
      `non-200 ${failures} of ${signIns + failures}`,
    );
    const rss = peakRssMb(child.pid!);

    const line = (r: autocannon.Result) =>
      `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`;
    console.log(
      `auth benchmark (${CONNECTIONS} connections, ${DURATION_S} s each, production Argon2id t=3 m=64 MiB)`,
    );
    console.log(
      `  PostgreSQL at ${PG.replace(/^postgres:\/\/[^@]*@/, '')}; service V8 flags: ${serviceNodeFlags().join(' ')}; LOG_LEVEL=${LOG_LEVEL}`,
    );
    console.log(
      `  raw limit, bare CryptoPool Argon2id (${serviceDefaultPoolSize()} thread(s) as in the service, passwords on ${serviceDefaultPoolSize() > 1 ? serviceDefaultPoolSize() - 1 : 1}, nice ${SERVICE_NICE}, ${cryptoBackend()} backend, no other load): ${rawPool.toFixed(1)} derivations/s`,
    );
    console.log(`  raw limit, GET /health/live (no auth), saturating:  ${line(bareStack)}`);
    console.log(`  GET /auth/me, saturating, no sign-ins:              ${line(baseline)}`);
    console.log(`  GET /auth/me, saturating, sign-ins running:         ${line(loaded)}`);
    const pacedLine = (r: OpenLoopResult) =>
      `${Math.round(r.rate)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors} (load generator's own event-loop lag p99 ${r.clientLagP99} ms)`;
    console.log(`  GET /auth/me, open loop ${PACED_RATE}/s, no sign-ins:      ${pacedLine(pacedBaseline)}`);
    console.log(
      `  raw limit, open loop ${PACED_RATE}/s beside a bare Argon2id pool in another process: ${pacedLine(pacedBesidePool)}`,
    );
    console.log(`  GET /auth/me, open loop ${PACED_RATE}/s, sign-ins running: ${pacedLine(pacedLoaded)}`);
    console.log(
      `  sign-ins/s while the two loaded runs ran:           ${duringLoad.toFixed(1)}/s (${failures} failed), ` +
        `${((duringLoad / rawPool) * 100).toFixed(0)} % of the bare pool's rate`,
    );
    console.log(`  service peak RSS:                                   ${rss} MB`);
    console.log(`  service RSS by phase:                               ${rssTrail.join(', ')}`);
    console.log(
      `  target p99 < 20 ms under sign-in load (paced):      ${pacedLoaded.p99 < 20 ? 'met' : 'MISSED'}`,
    );
    unexpected.finish();
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
