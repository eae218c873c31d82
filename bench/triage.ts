/**
 * `npm run bench:triage`: the human claim and the automated triage processor, driving the built
 * service as deployed — the API (`node dist/src/main.js`) and the worker (`node dist/src/worker.js`:
 * outbox relay, audit sealer, triage processor) each a child process of its own, so that the peak
 * RSS printed is each service process's — against its own PostgreSQL database and Redis prefix.
 * This process only seeds (a test application booted here, HTTP unused), loads and measures.
 *
 * Phases (sizes by environment; defaults are the issue's):
 * 1. claim p50 with BENCH_SMALL (100) pending, then with BENCH_LARGE (100,000) pending: one
 *    claimer, claim then release, so that the backlog stays the same;
 * 2. saturating claim rate: BENCH_CLAIMERS (20) triagers, each claim then a `no_action` decision,
 *    for BENCH_DURATION_S; then the claim p99 at 70 % of that rate (open loop, exponential gaps);
 * 3. raw baseline: the service's claim statement (it answers the report's items and the chains of
 *    slots too), the same chain opened with bare libsodium (recovery key → team key → report key
 *    → answers), plus the decision UPDATE, in one transaction, from BENCH_CLAIMERS plain `pg`
 *    clients;
 * 4. drains of BENCH_DRAIN (100,000) queued jobs: BullMQ's no-op drain (a no-op worker in a child
 *    process, as many jobs at once as the triage processor, bench/lib/noop-drain-worker.ts), then the worker process draining as
 *    many real triage jobs (reports seeded without items, their `report.received` jobs added with
 *    the relay's options) — each rate from its first completion to its last;
 * 5. keep-up: sealed intake (bodies built as a browser does, bench/lib/sealed-body.ts) through the
 *    API with the worker running — first its saturating rate (BENCH_CONNECTIONS closed-loop
 *    connections, BENCH_DURATION_S), then that rate for BENCH_KEEPUP_S (60) while the queue depth
 *    (outbox rows + waiting and active triage jobs) is sampled every second: flat means a
 *    least-squares slope under 1 % of the intake rate per second.
 * Every phase counts its unexpected answers (non-2xx, a failed job, a report left untriaged); the
 * run exits non-zero when a measured phase had one (bench/lib/unexpected-answers.ts).
 * Reports are seeded with src/crypto directly (sealed to the triage team key as intake does), not
 * through intake: 100,000 receipt derivations would take the run's whole time budget.
 * Quick check: BENCH_SMALL=50 BENCH_LARGE=2000 BENCH_DRAIN=2000 BENCH_DURATION_S=3 BENCH_KEEPUP_S=10
 * BENCH_LATENCY_SAMPLES=50 (and NODE_ENV=test, as for the test application that seeds).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { Role } from '../src/access/permissions';
import {
  generateCaseKeyPair,
  openFromCaseAsString,
  openKeySlot,
  sealKeySlot,
  sealToCase,
  toBase64Url,
} from '../src/crypto';
import { FormsService } from '../src/forms/forms.service';
import { jobOptions } from '../src/outbox/job-options';
import { JobName, QueueName } from '../src/queue/queue-names';
import { QueueRegistry } from '../src/queue/queue-registry';
import { answerLocation } from '../src/reports/report-locations';
import { TeamsService } from '../src/teams/teams.service';
import { CLAIM_STATEMENT } from '../src/triage/triage.repository';
import { TRIAGE_PROCESSOR_CONCURRENCY } from '../src/triage/triage-intake.processor';
import globalSetup from '../test/support/global-setup';
import { createSignedInUser } from '../test/support/factories/users.factory';
import { createTriageForm, pendingReport } from '../test/support/factories/triage.factory';
import type { PublicForm } from '../test/support/factories/reports.factory';
import { startTestApp, TestApp } from '../test/support/test-app';
import { sealedBody } from './lib/sealed-body';
import { ROOT, median, peakRssMb, startNode, stop, waitForOk } from './lib/service-process';
import { UnexpectedAnswers } from './lib/unexpected-answers';

const SMALL = Number(process.env.BENCH_SMALL ?? 100);
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const CLAIMERS = Number(process.env.BENCH_CLAIMERS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const DRAIN = Number(process.env.BENCH_DRAIN ?? 100_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);
const KEEPUP_S = Number(process.env.BENCH_KEEPUP_S ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Upper bound of the saturating intake rate, for preparing its bodies (each used once). */
const SEALED_PER_SECOND = Number(process.env.BENCH_SEALED_PER_SECOND ?? 1_500);
const PORT = Number(process.env.BENCH_PORT ?? 3951);
const BASE = `http://127.0.0.1:${PORT}`;

const unexpected = new UnexpectedAnswers();
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;
/** Progress on stderr, so that stdout carries only the figures. */
const progress = (what: string) => process.stderr.write(`bench:triage: ${what}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers of one phase: how many, and how many were not the status expected. */
class PhaseCount {
  total = 0;
  bad = 0;
  constructor(readonly phase: string) {}
  see(ok: boolean) {
    this.total++;
    if (!ok) this.bad++;
  }
  report(options: { measured?: boolean } = {}) {
    unexpected.count(this.phase, this.bad, `${this.total} requests, ${this.bad} unexpected`, options);
  }
}

/** Kept-alive node:http (cheaper per request than fetch, which shares the two cores with the service). */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function post(path: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: `/api/v1${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Seeds `n` pending reports sealed to the triage team key, in batches of one statement each: with
 * their triage items (and marked queued, so the worker's reconciler leaves them alone), or without
 * (reports whose triage job is still to run).
 */
async function seedPending(t: TestApp, formSlug: string, n: number, withItems = true): Promise<string[]> {
  const team = await t.app.get(TeamsService).currentTeamKey('triage');
  const [{ id: formId, current_version: version }] = await t.dataSource.query(
    `SELECT id, current_version FROM forms WHERE slug = $1`,
    [formSlug],
  );
  const ids: string[] = [];
  for (let done = 0; done < n; done += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - done) }, () => {
      const id = randomUUID();
      const keys = generateCaseKeyPair();
      const row = {
        id,
        publicKey: Buffer.from(keys.publicKey),
        slot: Buffer.from(sealKeySlot(keys.privateKey, team.publicKey, id)),
        story: Buffer.from(
          sealToCase(keys.publicKey, JSON.stringify('bench story'), answerLocation(id, 'story')),
        ),
        urgent: Math.random() < 0.2,
      };
      return row;
    });
    ids.push(...batch.map((b) => b.id));
    await t.dataSource.query(
      `WITH k AS (INSERT INTO keys (id, kind, public_key) SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[]) RETURNING id),
            r AS (INSERT INTO reports (id, form_id, form_version, channel, key_id, urgent, urgency_flags, queued_at)
                  SELECT b.id, $6, $7, 'web', b.id, b.u, CASE WHEN b.u THEN '{detained_now}'::text[] ELSE '{}' END,
                         CASE WHEN $10 THEN now() END
                    FROM unnest($1::uuid[], $8::boolean[]) AS b(id, u) RETURNING id),
            s AS (INSERT INTO key_slots (key_id, holder_type, holder_key_id, sealed_key)
                  SELECT i, 'key', $5::uuid, s FROM unnest($1::uuid[], $4::bytea[]) AS x(i, s) WHERE $10),
            it AS (INSERT INTO report_items (report_id, kind, item_key, envelope)
                  SELECT i, 'answer', 'story', e FROM unnest($1::uuid[], $9::bytea[]) AS x(i, e) WHERE $10)
       INSERT INTO triage_items (report_id, priority, waiting_since, hints_computed)
       SELECT b.id, CASE WHEN b.u THEN 2 ELSE 0 END, now() - random() * interval '3 days', true
         FROM unnest($1::uuid[], $8::boolean[]) AS b(id, u) WHERE $10`,
      [
        batch.map((b) => b.id),
        batch.map(() => 'report'),
        batch.map((b) => b.publicKey),
        batch.map((b) => b.slot),
        team.keyId,
        formId,
        version,
        batch.map((b) => b.urgent),
        batch.map((b) => b.story),
        withItems,
      ],
    );
  }
  return ids;
}

async function claimOnce(token: string, count: PhaseCount): Promise<{ ms: number; id: string | null }> {
  const started = performance.now();
  const res = await post('/triage/claim', token).catch(() => ({ status: 0, json: undefined }));
  const elapsed = performance.now() - started;
  count.see(res.status === 200);
  const id = res.status === 200 ? (res.json as { report: { reportId: string } }).report.reportId : null;
  return { ms: elapsed, id };
}

/** Claim then release, `samples` times: the claim latency with a constant backlog. */
async function claimLatency(token: string, samples: number, count: PhaseCount): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { ms: elapsed, id } = await claimOnce(token, count);
    out.push(elapsed);
    if (id) count.see((await post(`/triage/${id}/release`, token)).status === 200);
  }
  return out;
}

async function claimAndDecide(token: string, count: PhaseCount): Promise<number> {
  const { ms: elapsed, id } = await claimOnce(token, count);
  if (id)
    count.see(
      (await post(`/triage/${id}/decision`, token, { decision: 'no_action' }).catch(() => ({ status: 0 })))
        .status === 200,
    );
  return elapsed;
}

async function saturatingRate(tokens: string[], count: PhaseCount): Promise<number> {
  let done = 0;
  const until = performance.now() + DURATION_S * 1000;
  await Promise.all(
    tokens.map(async (token) => {
      while (performance.now() < until) {
        await claimAndDecide(token, count);
        done++;
      }
    }),
  );
  return done / DURATION_S;
}

async function pacedLatency(tokens: string[], rate: number, count: PhaseCount): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + DURATION_S * 1000;
  const meanGap = (tokens.length / rate) * 1000;
  await Promise.all(
    tokens.map(async (token) => {
      let next = performance.now() + Math.random() * meanGap;
      while (next < until) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        latencies.push(await claimAndDecide(token, count));
        next += -Math.log(1 - Math.random()) * meanGap;
      }
    }),
  );
  return latencies;
}

/** The same claim statement and chain of slots with bare libsodium, from plain pg clients. */
/** `userIds`: one triager per client, as the service's claimers (the claim serialises per triager). */
async function rawRate(t: TestApp, userIds: string[]): Promise<number> {
  const pool = new Pool({ connectionString: t.config.database.url, max: CLAIMERS });
  const team = await t.app.get(TeamsService).currentTeamKey('triage');
  const [{ sealed_key: teamSlot }] = (
    await pool.query(`SELECT sealed_key FROM key_slots WHERE key_id = $1 AND holder_type = 'recovery'`, [
      team.keyId,
    ])
  ).rows;
  let done = 0;
  const started = performance.now();
  const until = started + DURATION_S * 1000;
  await Promise.all(
    userIds.map(async (userId) => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          await client.query('BEGIN');
          const now = new Date();
          const claim = await client.query({
            name: CLAIM_STATEMENT.name,
            text: CLAIM_STATEMENT.text,
            values: [userId, now, new Date(now.getTime() + 900_000), 1_000_000],
          });
          const reportId = claim.rows[0]?.report_id as string | null;
          if (!reportId) {
            // The backlog ran out (small BENCH_LARGE): the rate is over the time actually used.
            await client.query('ROLLBACK');
            break;
          }
          // The statement's own answer (the service reads nothing else to open the report): the
          // report key's slot held by the team key (first hop of the shortest chain) and the items.
          const row = claim.rows[0] as {
            public_key: Buffer;
            chains: { sealed: string[] }[];
            items: { kind: string; itemKey: string; envelope: string }[];
          };
          const hex = (h: string) => new Uint8Array(Buffer.from(h.slice(2), 'hex'));
          const teamKeys = openKeySlot(new Uint8Array(teamSlot), t.recovery!, team.keyId, team.publicKey);
          const reportKeys = openKeySlot(
            hex(row.chains[0].sealed[0]),
            teamKeys,
            reportId,
            new Uint8Array(row.public_key),
          );
          for (const item of row.items.filter((i) => i.kind === 'answer'))
            openFromCaseAsString(reportKeys, hex(item.envelope), answerLocation(reportId, item.itemKey));
          await client.query(
            `UPDATE triage_items SET decision = 'no_action', lease_holder = NULL, lease_expires_at = NULL WHERE report_id = $1`,
            [reportId],
          );
          await client.query('COMMIT');
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  return done / elapsed;
}

/** Adds one `report.received` job per id to `queue`, with the outbox relay's options. */
async function addJobs(queue: Queue, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000)
    await queue.addBulk(
      ids.slice(i, i + 1000).map((reportId) => ({
        name: JobName.REPORT_RECEIVED,
        data: { reportId },
        opts: jobOptions(reportId),
      })),
    );
}

/** BullMQ's own drain rate: a no-op worker in a child process of its own over `n` waiting jobs. */
async function noopDrain(t: TestApp, n: number): Promise<{ rate: number; failed: number }> {
  const name = 'bench-noop';
  const queue = new Queue(name, {
    connection: { url: t.config.redis.url } as never,
    prefix: t.config.redis.prefix,
  });
  await addJobs(
    queue,
    Array.from({ length: n }, () => randomUUID()),
  );
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.js'), 'bench/lib/noop-drain-worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      REDIS_URL: t.config.redis.url,
      BENCH_NOOP_QUEUE: name,
      BENCH_NOOP_PREFIX: t.config.redis.prefix,
      BENCH_NOOP_JOBS: String(n),
      // The no-op worker runs as many jobs at once as the triage processor does.
      BENCH_NOOP_CONCURRENCY: String(TRIAGE_PROCESSOR_CONCURRENCY),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise((r) => child.once('exit', r));
  await queue.obliterate({ force: true });
  await queue.close();
  if (code !== 0) throw new Error(`the no-op drain worker exited with ${String(code)}`);
  return JSON.parse(out) as { rate: number; failed: number };
}

/**
 * The worker process draining the triage jobs of `ids` (already waiting): reports triaged per
 * second, from the first triage item written to the last (the worker's start-up left out).
 */
async function workerDrain(t: TestApp, startWorker: () => ChildProcess, ids: string[]) {
  const count = async () =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM triage_items`))[0].n;
  const before = await count();
  const target = before + ids.length;
  const worker = startWorker();
  let first: { at: number; n: number } | null = null;
  const until = performance.now() + Math.max(600_000, ids.length * 20);
  let n = before;
  while (performance.now() < until) {
    n = await count();
    if (!first && n > before) first = { at: performance.now(), n };
    if (n >= target) break;
    await sleep(100);
  }
  const rate = first && n > first.n ? (n - first.n) / ((performance.now() - first.at) / 1000) : NaN;
  return { worker, rate, untriaged: target - n };
}

/** Outbox rows + waiting and active triage jobs: what the worker has still to do. */
async function queueDepth(t: TestApp, triage: Queue): Promise<number> {
  const [{ n }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox`);
  const jobs = await triage.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return n + Object.values(jobs).reduce((a, b) => a + b, 0);
}

/** Least-squares slope of `points` (seconds, depth), in depth per second. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxy = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxx ? sxy / sxx : NaN;
}

function sealedBodies(form: PublicForm, count: number) {
  progress(`preparing ${count} sealed bodies`);
  const bodies = Array.from({ length: count }, () => sealedBody(form));
  let used = 0;
  // Past the end a reused body answers 409: the unexpected-answer check then fails the phase.
  return () => bodies[used++ % bodies.length];
}

function intake(next: () => string, overallRate?: number, duration = DURATION_S) {
  return autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/api/v1/intake/report/reports',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: next() }),
      },
    ],
  });
}

async function main() {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  await globalSetup();
  // Seeding only: its database, recovery key, users and sessions; its own HTTP is not used.
  const t = await startTestApp({ logLevel: 'warn' });
  const env: Record<string, string> = {
    DATABASE_URL: t.config.database.url,
    REDIS_PREFIX: t.config.redis.prefix,
    REDIS_URL: t.config.redis.url,
    CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(t.config.secrets.recoveryPublicKey),
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'warn',
    PORT: String(PORT),
    METRICS_PORT: String(PORT + 10),
    DATABASE_POOL_SIZE: String(CLAIMERS),
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
    INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
  };
  const children = new Set<ChildProcess>();
  const startWorker = () => {
    const child = startNode('dist/src/worker.js', [], {
      ...env,
      PORT: String(PORT + 1),
      METRICS_PORT: String(PORT + 11),
    });
    children.add(child);
    return child;
  };
  try {
    const slug = await createTriageForm(t);
    await t.app.get(FormsService).ensureDefaultForm();
    const probe = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const tokens: string[] = [];
    const claimerIds: string[] = [];
    for (let i = 0; i < CLAIMERS; i++) {
      const claimer = await createSignedInUser(t, { roles: [Role.TRIAGER] });
      tokens.push(claimer.token);
      claimerIds.push(claimer.id);
    }
    await pendingReport(t, slug); // one through intake: the seeded ones must read the same
    await seedPending(t, slug, SMALL - 1);

    progress('starting the API process');
    const api = startNode('dist/src/main.js', [], env);
    children.add(api);
    if ((await waitForOk(`${BASE}/health/ready`, performance.now(), 60_000)) === null)
      throw new Error('the API process is not ready');

    const warm = new PhaseCount('warm-up (claim and release)');
    await claimLatency(probe.token, 20, warm);
    warm.report({ measured: false });
    progress('claim latency with the small backlog');
    const small = new PhaseCount(`claim latency, ${SMALL} pending`);
    const smallP50 = median(await claimLatency(probe.token, LATENCY_SAMPLES, small));
    small.report();
    await seedPending(t, slug, LARGE - SMALL);
    progress('claim latency with the large backlog');
    const large = new PhaseCount(`claim latency, ${LARGE} pending`);
    const largeP50 = median(await claimLatency(probe.token, LATENCY_SAMPLES, large));
    large.report();

    progress('saturating claim rate');
    const saturating = new PhaseCount('claim + decision, saturating');
    const rate = await saturatingRate(tokens, saturating);
    saturating.report();
    progress('claims paced at 70 %');
    const pacedCount = new PhaseCount('claim + decision, paced at 70 %');
    const paced = await pacedLatency(tokens, rate * 0.7, pacedCount);
    pacedCount.report();
    progress('raw baseline');
    const raw = await rawRate(t, claimerIds);

    progress('no-op drain');
    const noop = await noopDrain(t, DRAIN);
    unexpected.count('BullMQ no-op drain', noop.failed, `${DRAIN} jobs, ${noop.failed} failed`);
    const drainIds = await seedPending(t, slug, DRAIN, false);
    const triage = t.app.get(QueueRegistry).get(QueueName.TRIAGE);
    await addJobs(triage, drainIds);
    progress('worker drain');
    const drained = await workerDrain(t, startWorker, drainIds);
    const failed = (await triage.getJobCounts('failed')).failed;
    unexpected.count(
      'worker drain',
      failed + drained.untriaged,
      `${DRAIN} jobs, ${failed} failed, ${drained.untriaged} reports left untriaged`,
    );

    const form = (await (await fetch(`${BASE}/api/v1/forms/report/public`)).json()) as PublicForm;
    const saturatingBodies = sealedBodies(form, Math.ceil(SEALED_PER_SECOND * DURATION_S));
    progress('sealed intake, saturating, with the worker process');
    const intakeMax = unexpected.autocannon('sealed intake, saturating', await intake(saturatingBodies));
    const intakeRate = Math.max(1, Math.round(intakeMax.requests.average));
    // The saturating run's backlog is drained before the keep-up run starts.
    const drainUntil = performance.now() + 120_000;
    while ((await queueDepth(t, triage)) > 0 && performance.now() < drainUntil) await sleep(250);
    const keepUpBodies = sealedBodies(form, Math.ceil(intakeRate * KEEPUP_S * 1.1) + CONNECTIONS);
    progress(`keep-up: sealed intake at ${intakeRate}/s for ${KEEPUP_S} s`);
    const samples: [number, number][] = [];
    const keepUpStarted = performance.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push([(performance.now() - keepUpStarted) / 1000, await queueDepth(t, triage)]);
        await sleep(1000);
      }
    })();
    const keepUp = unexpected.autocannon(
      `keep-up, sealed intake at ${intakeRate}/s`,
      await intake(keepUpBodies, intakeRate, KEEPUP_S),
    );
    sampling = false;
    await sampler;
    const depthSlope = slope(samples);
    const maxDepth = Math.max(...samples.map((s) => s[1]));
    const flat = depthSlope < 0.01 * intakeRate;

    const apiRss = peakRssMb(api.pid!);
    const workerRss = peakRssMb(drained.worker.pid!);
    console.log(`triage benchmark (shared cores: compare ratios within one run)`);
    console.log(
      `  claim p50: ${ms(smallP50)} at ${SMALL} pending, ${ms(largeP50)} at ${LARGE} pending (ratio ${(largeP50 / smallP50).toFixed(2)}, limit 1.25)`,
    );
    console.log(
      `  saturating claim rate: ${rate.toFixed(1)}/s with ${CLAIMERS} claimers (claim + decision); raw baseline ${raw.toFixed(1)}/s (ratio ${(rate / raw).toFixed(2)}, limit ≥ 0.50)`,
    );
    console.log(
      `  claim at 70 % (${(rate * 0.7).toFixed(1)}/s): p50 ${ms(pct(paced, 50))}, p99 ${ms(pct(paced, 99))} (limit 50 ms), ${paced.length} claims`,
    );
    console.log(
      `  drain of ${DRAIN}: worker process ${drained.rate.toFixed(0)} reports/s; BullMQ no-op drain ${noop.rate.toFixed(0)} jobs/s (ratio ${(drained.rate / noop.rate).toFixed(2)}, limit ≥ 0.50)`,
    );
    console.log(
      `  sealed intake with the worker: saturating ${intakeRate}/s (p99 ${intakeMax.latency.p99} ms); at that rate for ${KEEPUP_S} s: ` +
        `${Math.round(keepUp.requests.average)}/s, queue depth slope ${depthSlope.toFixed(2)}/s, max ${maxDepth}, last ${samples.at(-1)?.[1]} ` +
        `(flat, slope < 1 % of the rate: ${flat ? 'met' : 'MISSED'})`,
    );
    console.log(`  peak RSS: API process ${apiRss} MB, worker process ${workerRss} MB (limit 300 MB each)`);
    unexpected.finish();
  } finally {
    for (const child of children) await stop(child);
    agent.destroy();
    await t.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
