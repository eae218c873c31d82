/**
 * `npm run bench:stats`: statistics on a dedicated database (a copy of the migrated template).
 *
 * 1. seeds BENCH_REPORTS (1,000,000) reports and BENCH_CASES (200,000) cases by generate_series
 *    INSERTs, plain columns only (statistics reads nothing else), over 2024-01..2025-12, with a
 *    skewed region distribution so that the rare regions have small monthly counts;
 * 2. month × region for two years through StatsService.answer (atoms, cells and margins, primary
 *    and secondary suppression with the LP attack, rounding, the ledger, the audit entry), p50/p99
 *    over BENCH_ITERATIONS runs, next to the raw `GROUP BY` of the same table in the same run;
 * 3. protectTable alone on a generated 24 × 12 table with margins (secondary suppression);
 * 4. a cases query (month × status) as a check of the case side;
 * peak RSS of the process throughout. Every unexpected answer (a wrong cell count, a small count
 * published, a figure off the rounding base, a suppressed cell with a number) is counted; the run
 * exits 1 when there was one, and 3 when the figures are valid but one of the limits is
 * missed (each printed `met` or `MISSED`).
 */
import { FormsModule } from '../src/forms/forms.module';
import { protectTable } from '../src/stats/disclosure/protect';
import type { StatsAnswer } from '../src/stats/stats-answer';
import { StatsModule } from '../src/stats/stats.module';
import { StatsService } from '../src/stats/stats.service';
import { newForm } from '../test/support/factories/service-tier.factory';
import globalSetup from '../test/support/global-setup';
import { startServices, type ServiceTier } from '../test/support/service-tier';
import { generatedTable, seededRandom } from '../test/stats/table-generator';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 200_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const BATCH = 100_000;

let unexpected = 0;
/** The limits this run missed; any makes the run exit 3 (as bench:cases and bench:retention). */
const missed: string[] = [];
function verdict(figure: string, ok: boolean): string {
  if (!ok) missed.push(figure);
  return ok ? 'met' : 'MISSED';
}
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const problem = (what: string) => {
  unexpected++;
  console.error(`unexpected: ${what}`);
};

// Region k with probability ∝ 2^(−1.2k), capped at r11: a few thousand a month in r00, a handful in r11.
const REGION = `'r' || lpad(least(11, floor(-ln(1 - random()) / (1.2 * ln(2))))::int::text, 2, '0')`;
const MONTH_OFFSET = `floor(random() * 24)::int`;

async function seed(tier: ServiceTier): Promise<void> {
  const [form] = await tier.dataSource.query<{ form_id: string; version: number }[]>(
    `SELECT form_id, version FROM form_versions LIMIT 1`,
  );
  for (let done = 0; done < REPORTS; done += BATCH) {
    await tier.dataSource.query(
      `WITH k AS (INSERT INTO keys (id, kind, public_key)
                  SELECT gen_random_uuid(), 'report', decode(repeat('00', 32), 'hex') FROM generate_series(1, $1)
                  RETURNING id)
       INSERT INTO reports (id, form_id, form_version, channel, status, region, categories, urgent, key_id, received_at)
       SELECT gen_random_uuid(), $2, $3, (ARRAY['web', 'api', 'bot', 'partner', 'phone'])[1 + floor(random() * 5)::int],
              'received', ${REGION}, ARRAY['c' || floor(random() * 4)::int], random() < 0.1, k.id,
              timestamptz '2024-01-01 00:00Z' + ${MONTH_OFFSET} * interval '1 month' + floor(random() * 27) * interval '1 day'
         FROM k`,
      [Math.min(BATCH, REPORTS - done), form.form_id, form.version],
    );
  }
  for (let done = 0; done < CASES; done += BATCH) {
    await tier.dataSource.query(
      `WITH k AS (INSERT INTO keys (id, kind, public_key)
                  SELECT gen_random_uuid(), 'case', decode(repeat('00', 32), 'hex') FROM generate_series(1, $1)
                  RETURNING id),
            c AS (SELECT id, to_char(date '2024-01-01' + ${MONTH_OFFSET} * interval '1 month', 'YYYY-MM') AS m FROM k)
       INSERT INTO cases (id, key_id, status, created_month, updated_month, region)
       SELECT gen_random_uuid(), c.id,
              (ARRAY['verifying', 'accepted', 'planning', 'in_transit', 'sheltered'])[1 + floor(random() * 5)::int],
              c.m, c.m, ${REGION}
         FROM c`,
      [Math.min(BATCH, CASES - done)],
    );
  }
  await tier.dataSource.query(`ANALYZE reports; ANALYZE cases`);
}

/** The checks any answer must pass, against the true counts of its interior cells. */
function check(answer: StatsAnswer, truth: Map<string, number>, threshold: number, base: number): void {
  const months = 24;
  const regions = new Set([...truth.keys()].map((k) => k.split('|')[1])).size;
  if (answer.cells.length !== (months + 1) * (regions + 1))
    problem(`${answer.cells.length} cells, not ${(months + 1) * (regions + 1)}`);
  for (const cell of answer.cells) {
    if (cell.suppressed) {
      if ('count' in cell) problem('a suppressed cell with a count');
      continue;
    }
    if (cell.count % base !== 0) problem(`a count ${cell.count} off base ${base}`);
    const { month, region } = cell.values;
    if (month === '*' || region === '*') continue;
    const value = truth.get(`${month}|${region}`) ?? 0;
    if (value >= 1 && value < threshold) problem(`a small count (${value}) published`);
  }
}

async function main(): Promise<void> {
  await globalSetup();
  const tier = await startServices([FormsModule, StatsModule], {
    env: { STATS_SOLVER_TIME_LIMIT_MS: '5000' },
  });
  try {
    await newForm(tier, { default: true });
    let started = performance.now();
    await seed(tier);
    console.log(
      `seeded ${REPORTS} reports and ${CASES} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const raw = `SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, coalesce(region, 'unknown') AS region,
                        count(*)::int AS n
                   FROM reports WHERE received_at >= '2024-01-01T00:00:00Z' AND received_at < '2026-01-01T00:00:00Z'
                  GROUP BY 1, 2`;
    const truthRows = await tier.dataSource.query<{ month: string; region: string; n: number }[]>(raw);
    const truth = new Map(truthRows.map((r) => [`${r.month}|${r.region}`, r.n]));
    const small = truthRows.filter((r) => r.n < tier.config.stats.threshold).length;
    console.log(`month × region: ${truthRows.length} interior cells, ${small} of them under the threshold`);

    const rawTimes: number[] = [];
    const answerTimes: number[] = [];
    const stats = tier.get(StatsService);
    const definition = {
      subject: 'reports' as const,
      groupBy: ['month', 'region'] as const,
      from: '2024-01',
      to: '2025-12',
    };
    let suppressed = 0;
    let method = '';
    for (let i = 0; i < ITERATIONS; i++) {
      started = performance.now();
      await tier.dataSource.query(raw);
      rawTimes.push(performance.now() - started);
      started = performance.now();
      const answer = await stats.answer({ ...definition, groupBy: [...definition.groupBy] }, 'analyst', {
        type: 'system',
      });
      answerTimes.push(performance.now() - started);
      check(answer, truth, tier.config.stats.threshold, tier.config.stats.roundingBase);
      suppressed = answer.cells.filter((c) => c.suppressed).length;
      method = answer.protection.method;
    }
    const ratio = pct(answerTimes, 50) / pct(rawTimes, 50);
    console.log(
      `raw GROUP BY: p50 ${ms(pct(rawTimes, 50))}, p99 ${ms(pct(rawTimes, 99))} | protected answer (${suppressed} of 325 cells suppressed, ${method}, ledger of up to 20 reruns): ` +
        `p50 ${ms(pct(answerTimes, 50))}, p99 ${ms(pct(answerTimes, 99))} (limits 150/300 ms) | ratio p50 ${ratio.toFixed(2)}× — ` +
        verdict(
          'protected answer p50 < 150 ms, p99 < 300 ms',
          pct(answerTimes, 50) < 150 && pct(answerTimes, 99) < 300,
        ),
    );

    const random = seededRandom(24_12);
    const { cells, equations } = generatedTable([24, 12], () => {
      const r = random();
      return r < 0.15 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 60);
    });
    const secondary: number[] = [];
    for (let i = 0; i < 10; i++) {
      started = performance.now();
      const result = await protectTable(cells, equations, [], {
        threshold: 5,
        roundingBase: 5,
        timeLimitMs: 5_000,
      });
      secondary.push(performance.now() - started);
      cells.forEach((cell, index) => {
        if (cell.value >= 1 && cell.value < 5 && !result.cells[index].suppressed)
          problem('a small generated cell published');
      });
    }
    console.log(
      `protectTable on 24 × 12 with margins (${cells.length} cells): p50 ${ms(pct(secondary, 50))}, max ${ms(Math.max(...secondary))} (limit 100 ms, every run) — ` +
        verdict('protectTable 24 × 12 < 100 ms', Math.max(...secondary) < 100),
    );

    const caseTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      const answer = await stats.answer(
        { subject: 'cases', groupBy: ['month', 'status'], from: '2024-01', to: '2025-12' },
        'analyst',
        { type: 'system' },
      );
      caseTimes.push(performance.now() - started);
      if (answer.cells.length !== 25 * 10) problem(`cases month × status: ${answer.cells.length} cells`);
    }
    console.log(`cases month × status: p50 ${ms(pct(caseTimes, 50))}`);
  } finally {
    await tier.close();
    clearInterval(rssTimer);
  }
  console.log(
    `peak RSS: ${(peakRss / 1048576).toFixed(0)} MB (limit 300 MB) — ${verdict('peak RSS < 300 MB', peakRss < 300 * 1048576)}`,
  );
  console.log(`unexpected answers: ${unexpected}`);
  if (missed.length) console.log(`limits missed: ${missed.join('; ')}`);
  // 1: an unexpected answer (the figures are not valid); 3: valid figures, a limit missed.
  process.exit(unexpected ? 1 : missed.length ? 3 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
