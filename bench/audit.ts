/**
 * `npm run bench:audit`: audited writes per second with 16 concurrent writers (each a transaction
 * inserting a domain row and its audit entry, with the sealer running alongside as in the worker),
 * next to the same inserts without audit (the raw limit) and with a chain-head row lock (the
 * design not chosen), all in the same run; then verification of 1,000,000 entries.
 *
 * Env: BENCH_SECONDS (per phase, split in BENCH_ROUNDS interleaved rounds; default 8 and 4), BENCH_WRITERS (16), BENCH_VERIFY_ENTRIES (1000000),
 * BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432).
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditAction } from '../src/audit/audit-action';
import { GENESIS_HASH, chainHash } from '../src/audit/audit-canonical';
import { AuditEntryRepository } from '../src/audit/audit-entry.repository';
import { createAuditServices } from '../src/audit/audit-standalone';
import { loadConfig } from '../src/config';
import { hash, initCrypto } from '../src/crypto';
import { buildDataSourceOptions } from '../src/database/data-source-options';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const VERIFY_ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 1_000_000);
const SERVER = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB = `corridor_bench_audit_${process.pid}`;

async function admin(sql: string) {
  const c = new Client({ connectionString: `${SERVER}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function configFor(poolSize: number) {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `${SERVER}/${DB}`,
    DATABASE_POOL_SIZE: String(poolSize),
    CORRIDOR_SECRETS_FILE: '/nonexistent/bench-secrets.json',
  });
}

async function pool(poolSize: number): Promise<DataSource> {
  const ds = new DataSource(buildDataSourceOptions(configFor(poolSize), 'corridor-bench'));
  return ds.initialize();
}

interface Phase {
  name: string;
  work: (i: number) => Promise<void>;
  done: number;
  ms: number;
  cpuMs: number;
}

/** Runs `WRITERS` loops of the phase's transaction for `seconds`, adding to its totals. */
async function runPhase(phase: Phase, seconds: number) {
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        await phase.work(w * 1_000_000 + phase.done + i);
        phase.done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  phase.ms += Date.now() - started;
  phase.cpuMs += (used.user + used.system) / 1000;
}

const rate = (p: Phase) => p.done / (p.ms / 1000);

async function writeBenchmarks(ds: DataSource, sealerDs: DataSource) {
  await ds.query(`CREATE TABLE bench_rows (id bigserial PRIMARY KEY, month text NOT NULL, n int NOT NULL)`);
  await ds.query(
    `CREATE TABLE bench_chain_head (id int PRIMARY KEY, seq bigint NOT NULL, hash bytea NOT NULL)`,
  );
  await ds.query(`INSERT INTO bench_chain_head VALUES (1, 0, $1)`, [Buffer.from(GENESIS_HASH)]);
  await ds.query(
    `CREATE TABLE bench_locked_entries (seq bigint PRIMARY KEY, details text NOT NULL, hash bytea NOT NULL)`,
  );
  const { audit } = createAuditServices(ds, configFor(WRITERS + 4));
  const sealerConfig = configFor(2);
  const { sealer } = createAuditServices(sealerDs, sealerConfig);
  const domainInsert = (m: { query: DataSource['query'] }, i: number) =>
    m.query(`INSERT INTO bench_rows (month, n) VALUES ('2026-11', $1)`, [i % 1000]);
  const phase = (name: string, work: Phase['work']): Phase => ({ name, work, done: 0, ms: 0, cpuMs: 0 });

  const raw = phase('unchained: domain insert only (raw limit)', (i) =>
    ds.transaction(async (m) => void (await domainInsert(m, i))),
  );
  const audited = phase('audited: domain insert + audit.record', (i) =>
    ds.transaction(async (m) => {
      await domainInsert(m, i);
      await audit.record(m, {
        actor: { type: 'user', id: `user-${i % 50}` },
        action: AuditAction.STATS_QUERIED,
        targetType: 'stats',
        details: { subject: 'reports', groupBy: ['month', 'region'], cells: i % 100 },
      });
    }),
  );
  // The same audited transaction with the sealer paused: what the sealing itself costs the writers.
  const unsealed = phase('audited, sealer paused (sealing cost)', audited.work);
  const locked = phase('chain-head row lock (design not chosen)', (i) =>
    ds.transaction(async (m) => {
      await domainInsert(m, i);
      const [head] = await m.query<{ seq: string; hash: Buffer }[]>(
        `SELECT seq, hash FROM bench_chain_head WHERE id = 1 FOR UPDATE`,
      );
      const seq = Number(head.seq) + 1;
      const details = `{"cells":${i % 100}}`;
      const h = Buffer.from(hash(Buffer.concat([head.hash, Buffer.from(details)])));
      await m.query(`INSERT INTO bench_locked_entries VALUES ($1, $2, $3)`, [seq, details, h]);
      await m.query(`UPDATE bench_chain_head SET seq = $1, hash = $2 WHERE id = 1`, [seq, h]);
    }),
  );

  // The sealer runs throughout, as the worker's AuditSealLoop runs it (same interval and batch).
  let sealing = true;
  let paused = false;
  let sealed = 0;
  let maxBacklog = 0;
  const sealerLoop = (async () => {
    while (sealing) {
      if (paused) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const pass = await sealer.sealBatch();
      sealed += pass.sealed;
      if (pass.sealed < sealerConfig.audit.sealBatch) {
        await new Promise((r) => setTimeout(r, sealerConfig.audit.sealIntervalMs));
      }
    }
  })();
  const backlogProbe = setInterval(() => {
    if (paused) return;
    void sealerDs
      .query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_entries WHERE seq IS NULL`)
      .then(([r]) => (maxBacklog = Math.max(maxBacklog, Number(r.n))));
  }, 500);
  // Interleaved rounds, so that the load other processes put on this shared machine hits every
  // phase alike and the ratios stay meaningful.
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of [raw, audited, unsealed, locked]) {
      paused = p === unsealed;
      await runPhase(p, SECONDS / ROUNDS);
      if (p === unsealed) sealed += await sealer.sealPending(); // catch up outside the measured time
      paused = false;
    }
  }
  clearInterval(backlogProbe);
  const drainStart = Date.now();
  sealing = false;
  await sealerLoop;
  sealed += await sealer.sealPending();
  const drainMs = Date.now() - drainStart;

  for (const p of [raw, audited, unsealed, locked]) {
    console.log(
      `${p.name.padEnd(44)} ${rate(p).toFixed(0).padStart(7)} tx/s  (${p.done} in ${(p.ms / 1000).toFixed(1)} s, ` +
        `bench process CPU ${((p.cpuMs * 1000) / p.done).toFixed(0)} µs/tx)`,
    );
  }
  console.log(
    `audited / unchained: ${((rate(audited) / rate(raw)) * 100).toFixed(0)}%   ` +
      `row lock / unchained: ${((rate(locked) / rate(raw)) * 100).toFixed(0)}%`,
  );
  console.log(
    `sealer: ${sealed} entries sealed; largest unsealed backlog seen ${maxBacklog}; drained ${drainMs} ms after writers stopped`,
  );
  return {
    raw: rate(raw),
    audited: rate(audited),
    auditedSealerPaused: rate(unsealed),
    locked: rate(locked),
    sealed,
    maxBacklog,
    drainMs,
  };
}

/** Writes VERIFY_ENTRIES sealed entries directly (triggers off, as a restore would), with checkpoints. */
async function generateLog(ds: DataSource, services: ReturnType<typeof createAuditServices>) {
  const started = Date.now();
  const batch = 10_000;
  let prev: Uint8Array = GENESIS_HASH;
  const occurredAt = new Date('2026-11-21T00:00:00.000Z').getTime();
  const entries = new AuditEntryRepository(ds);
  for (let from = 1; from <= VERIFY_ENTRIES; from += batch) {
    const rows: unknown[][] = [[], [], [], [], [], [], [], [], []];
    for (let seq = from; seq < Math.min(from + batch, VERIFY_ENTRIES + 1); seq++) {
      const e = {
        seq,
        occurredAt: new Date(occurredAt + seq).toISOString(),
        actorType: 'user',
        actorId: `user-${seq % 50}`,
        action: AuditAction.REPORT_CONTENT_DECRYPTED as string,
        targetType: 'report',
        targetId: `0b8d5a2e-0000-4000-8000-${String(seq).padStart(12, '0')}`,
        details: `{"fields":["situation","location"],"purpose":"triage"}`,
      };
      const h = chainHash(prev, e);
      [seq, e.occurredAt, e.actorType, e.actorId, e.action, e.targetType, e.targetId, e.details].forEach(
        (v, k) => rows[k].push(v),
      );
      rows[8].push(`${Buffer.from(prev).toString('hex')}:${Buffer.from(h).toString('hex')}`);
      prev = h;
    }
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(
        `INSERT INTO audit_entries (seq, occurred_at, actor_type, actor_id, action, target_type, target_id, details, prev_hash, hash)
         SELECT s, o::timestamptz, a, ai, ac, tt, ti, d, decode(split_part(h, ':', 1), 'hex'), decode(split_part(h, ':', 2), 'hex')
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             AS t(s, o, a, ai, ac, tt, ti, d, h)`,
        rows,
      );
      const head = await entries.head(m);
      if (head) await services.checkpoints.insert(m, await services.signer.sign(head.seq, head.hash));
    });
  }
  await ds.query(`ANALYZE audit_entries`);
  console.log(
    `generated ${VERIFY_ENTRIES} sealed entries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function main() {
  await initCrypto();
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const ds = await pool(WRITERS + 4);
  const sealerDs = await pool(2);
  try {
    await ds.runMigrations({ transaction: 'each' });
    console.log(`audit benchmark: ${WRITERS} writers, ${SECONDS} s per phase, node ${process.version}`);
    const writes = await writeBenchmarks(ds, sealerDs);

    // Verification reads a fresh log of VERIFY_ENTRIES entries (the written ones are dropped first).
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`DELETE FROM audit_entries`);
      await m.query(`DELETE FROM audit_checkpoints`);
    });
    await ds.query(`VACUUM audit_entries`);
    const services = createAuditServices(ds, configFor(WRITERS + 4));
    await generateLog(ds, services);
    const started = Date.now();
    const result = await services.verifier.verify();
    const verifySeconds = (Date.now() - started) / 1000;
    console.log(
      `verify: ${result.entries} entries, ${result.checkpoints} checkpoints, ok=${result.ok} in ${verifySeconds.toFixed(1)} s ` +
        `(${Math.round(result.entries / verifySeconds)} entries/s)`,
    );
    console.log(
      `peak RSS of this process (service code in-process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    console.log(JSON.stringify({ ...writes, verifySeconds, verifiedOk: result.ok }));
  } finally {
    await Promise.all([ds.destroy(), sealerDs.destroy()]);
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
