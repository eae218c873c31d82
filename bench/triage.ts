/**
 * `npm run bench:triage`: the human claim and the automated triage processor, on the real
 * application booted in this process (two roles' code, one process: its peak RSS is reported as
 * the one service process) against its own PostgreSQL database and Redis prefix.
 *
 * Phases (sizes by environment; defaults are the issue's):
 * 1. claim p50 with BENCH_SMALL (100) pending, then with BENCH_LARGE (100,000) pending: one
 *    claimer, claim then release, so that the backlog stays the same;
 * 2. saturating claim rate: BENCH_CLAIMERS (20) triagers, each claim then a `no_action` decision,
 *    for BENCH_DURATION_S; then the claim p99 at 70 % of that rate (open loop, exponential gaps);
 * 3. raw baseline: the same claim statement, the same report's rows and the same chain of slots
 *    opened with bare libsodium (recovery key → team key → report key → answers), plus the
 *    decision UPDATE, from BENCH_CLAIMERS plain `pg` clients;
 * 4. the triage processor draining BENCH_DRAIN (100,000) queued reports through a BullMQ worker
 *    (concurrency 8, as deployed) against a no-op BullMQ worker draining as many jobs, same run.
 * Every unexpected answer is counted; the run exits non-zero when any phase had one.
 * Reports are seeded with src/crypto directly (sealed to the triage team key as intake does), not
 * through intake: 100,000 receipt derivations would take the run's whole time budget.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Pool } from 'pg';
import { Role } from '../src/access/permissions';
import {
  generateCaseKeyPair,
  openFromCaseAsString,
  openKeySlot,
  sealKeySlot,
  sealToCase,
} from '../src/crypto';
import { answerLocation } from '../src/reports/report-locations';
import { TeamsService } from '../src/teams/teams.service';
import { TriageIntakeProcessor } from '../src/triage/triage-intake.processor';
import { CLAIM_STATEMENT } from '../src/triage/triage.repository';
import globalSetup from '../test/support/global-setup';
import { createSignedInUser } from '../test/support/factories/users.factory';
import { createTriageForm, pendingReport } from '../test/support/factories/triage.factory';
import { startTestApp, TestApp } from '../test/support/test-app';
import { median } from './lib/service-process';

const SMALL = Number(process.env.BENCH_SMALL ?? 100);
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const CLAIMERS = Number(process.env.BENCH_CLAIMERS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const DRAIN = Number(process.env.BENCH_DRAIN ?? 100_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);

let unexpected = 0;
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Seeds `n` pending reports sealed to the triage team key, in batches of one statement each. */
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
            r AS (INSERT INTO reports (id, form_id, form_version, channel, key_id, urgent, urgency_flags)
                  SELECT b.id, $6, $7, 'web', b.id, b.u, CASE WHEN b.u THEN '{detained_now}'::text[] ELSE '{}' END
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

async function claimOnce(t: TestApp, token: string): Promise<{ ms: number; id: string | null }> {
  const started = performance.now();
  const res = await t.post<{ report: { reportId: string } }>('/api/v1/triage/claim', undefined, { token });
  const elapsed = performance.now() - started;
  if (res.status !== 200) {
    unexpected++;
    return { ms: elapsed, id: null };
  }
  return { ms: elapsed, id: res.body.report.reportId };
}

/** Claim then release, `samples` times: the claim latency with a constant backlog. */
async function claimLatency(t: TestApp, token: string, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { ms: elapsed, id } = await claimOnce(t, token);
    out.push(elapsed);
    if (id && (await t.post(`/api/v1/triage/${id}/release`, undefined, { token })).status !== 200)
      unexpected++;
  }
  return out;
}

async function claimAndDecide(t: TestApp, token: string): Promise<number> {
  const { ms: elapsed, id } = await claimOnce(t, token);
  if (
    id &&
    (await t.post(`/api/v1/triage/${id}/decision`, { decision: 'no_action' }, { token })).status !== 200
  )
    unexpected++;
  return elapsed;
}

async function saturatingRate(t: TestApp, tokens: string[]): Promise<number> {
  let done = 0;
  const until = performance.now() + DURATION_S * 1000;
  await Promise.all(
    tokens.map(async (token) => {
      while (performance.now() < until) {
        await claimAndDecide(t, token);
        done++;
      }
    }),
  );
  return done / DURATION_S;
}

async function pacedLatency(t: TestApp, tokens: string[], rate: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + DURATION_S * 1000;
  const meanGap = (tokens.length / rate) * 1000;
  await Promise.all(
    tokens.map(async (token) => {
      let next = performance.now() + Math.random() * meanGap;
      while (next < until) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        latencies.push(await claimAndDecide(t, token));
        next += -Math.log(1 - Math.random()) * meanGap;
      }
    }),
  );
  return latencies;
}

/** The same claim statement and chain of slots with bare libsodium, from plain pg clients. */
async function rawRate(t: TestApp): Promise<number> {
  const pool = new Pool({ connectionString: t.config.database.url, max: CLAIMERS });
  const team = await t.app.get(TeamsService).currentTeamKey('triage');
  const [{ sealed_key: teamSlot }] = (
    await pool.query(`SELECT sealed_key FROM key_slots WHERE key_id = $1 AND holder_type = 'recovery'`, [
      team.keyId,
    ])
  ).rows;
  const [{ id: userId }] = (await pool.query(`SELECT id FROM users LIMIT 1`)).rows;
  let done = 0;
  const started = performance.now();
  const until = started + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CLAIMERS }, async () => {
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
          const rows = await client.query(
            `SELECT k.public_key, s.sealed_key, i.item_key, i.envelope FROM keys k
               JOIN key_slots s ON s.key_id = k.id AND s.holder_type = 'key'
               JOIN report_items i ON i.report_id = k.id WHERE k.id = $1`,
            [reportId],
          );
          const teamKeys = openKeySlot(new Uint8Array(teamSlot), t.recovery!, team.keyId, team.publicKey);
          const r = rows.rows[0];
          const reportKeys = openKeySlot(
            new Uint8Array(r.sealed_key),
            teamKeys,
            reportId,
            new Uint8Array(r.public_key),
          );
          for (const item of rows.rows)
            openFromCaseAsString(
              reportKeys,
              new Uint8Array(item.envelope),
              answerLocation(reportId, item.item_key),
            );
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

async function drain(
  t: TestApp,
  name: string,
  n: number,
  work: (job: Job) => Promise<unknown>,
  ids: string[],
) {
  const connection = { url: t.config.redis.url } as never;
  const prefix = `${t.config.redis.prefix}bench`;
  const queue = new Queue(name, { connection, prefix });
  for (let i = 0; i < n; i += 1000)
    await queue.addBulk(
      ids
        .slice(i, i + 1000)
        .map((reportId) => ({ name: 'j', data: { reportId }, opts: { jobId: reportId } })),
    );
  let finished = 0;
  let failed = 0;
  const started = performance.now();
  const worker = new Worker(name, work, { connection, prefix, concurrency: 8 });
  worker.on('failed', () => failed++);
  await new Promise<void>((resolve) =>
    worker.on('completed', () => {
      if (++finished === n) resolve();
    }),
  );
  const rate = n / ((performance.now() - started) / 1000);
  unexpected += failed;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

async function main() {
  await globalSetup();
  const t = await startTestApp({ logLevel: 'warn', env: { DATABASE_POOL_SIZE: String(CLAIMERS) } });
  try {
    const slug = await createTriageForm(t);
    const probe = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    await pendingReport(t, slug); // one through intake: the seeded ones must read the same
    await seedPending(t, slug, SMALL - 1);
    const smallP50 = median(await claimLatency(t, probe.token, LATENCY_SAMPLES));
    await seedPending(t, slug, LARGE - SMALL);
    const largeP50 = median(await claimLatency(t, probe.token, LATENCY_SAMPLES));
    console.log(
      `claim p50: ${ms(smallP50)} at ${SMALL} pending, ${ms(largeP50)} at ${LARGE} pending (ratio ${(largeP50 / smallP50).toFixed(2)}, limit 1.25)`,
    );

    const tokens: string[] = [];
    for (let i = 0; i < CLAIMERS; i++)
      tokens.push((await createSignedInUser(t, { roles: [Role.TRIAGER] })).token);
    const rate = await saturatingRate(t, tokens);
    const paced = await pacedLatency(t, tokens, rate * 0.7);
    const raw = await rawRate(t);
    console.log(
      `saturating claim rate: ${rate.toFixed(1)}/s with ${CLAIMERS} claimers; raw baseline ${raw.toFixed(1)}/s (ratio ${(rate / raw).toFixed(2)}, limit ≥ 0.50)`,
    );
    console.log(
      `claim at 70 % (${(rate * 0.7).toFixed(1)}/s): p50 ${ms(pct(paced, 50))}, p99 ${ms(pct(paced, 99))} (limit 50 ms), ${paced.length} claims`,
    );

    const drainIds = await seedPending(t, slug, DRAIN, false);
    const processor = t.app.get(TriageIntakeProcessor);
    const noop = await drain(t, 'bench-noop', DRAIN, async () => undefined, drainIds);
    const real = await drain(t, 'bench-triage', DRAIN, (job) => processor.process(job as never), drainIds);
    const [{ n: queued }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM reports WHERE queued_at IS NOT NULL`,
    );
    if (queued < DRAIN) unexpected += DRAIN - queued;
    console.log(
      `processor drain: ${real.toFixed(0)} reports/s over ${DRAIN}; BullMQ no-op drain ${noop.toFixed(0)} jobs/s (ratio ${(real / noop).toFixed(2)}, limit ≥ 0.50)`,
    );
  } finally {
    await t.close();
    clearInterval(rssTimer);
  }
  console.log(
    `peak RSS (bench + service in one process): ${(peakRss / 1048576).toFixed(0)} MB (limit 300 MB per process)`,
  );
  console.log(`unexpected answers: ${unexpected}`);
  process.exit(unexpected === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
