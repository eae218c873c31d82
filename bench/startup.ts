/**
 * `npm run bench:startup`: time from process start to `GET /health/ready` → 200, for the API alone
 * and for `npm start`'s API+worker process, next to the raw limit measured in the same run: a bare
 * Fastify server answering 200 on the same machine. Target (Foundation issue): under 3 s.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, peakRssMb, ROOT, startNode, stop, waitForOk } from './lib/service-process';

const RUNS = 5;
const PORT = 3917;

async function measure(script: string, args: string[], path: string) {
  const times: number[] = [];
  let rss: number | null = null;
  for (let i = 0; i < RUNS; i++) {
    const startedAt = performance.now();
    const child = startNode(script, args, { PORT: String(PORT), LOG_LEVEL: 'warn' });
    const elapsed = await waitForOk(`http://127.0.0.1:${PORT}${path}`, startedAt, 15_000);
    rss = peakRssMb(child.pid!) ?? rss;
    await stop(child);
    if (elapsed === null) throw new Error(`${script} did not become ready`);
    times.push(elapsed);
  }
  return { medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), peakRssMb: rss };
}

async function main() {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  const baselineFile = join(ROOT, 'dist', 'bare-fastify.js');
  writeFileSync(
    baselineFile,
    `const f = require('fastify')(); f.get('/health/ready', async () => ({ status: 'ok' }));
     f.listen({ port: ${PORT}, host: '127.0.0.1' }); process.on('SIGTERM', () => f.close().then(() => process.exit(0)));`,
  );
  const baseline = await measure('dist/bare-fastify.js', [], '/health/ready');
  const api = await measure('dist/src/main.js', [], '/health/ready');
  const both = await measure('dist/src/main.js', ['--with-worker'], '/health/ready');
  console.log(`startup to ready, median of ${RUNS} (min):`);
  console.log(`  raw limit, bare Fastify:       ${baseline.medianMs} ms (${baseline.minMs})`);
  console.log(
    `  API (start:api):               ${api.medianMs} ms (${api.minMs})   peak RSS ${api.peakRssMb} MB`,
  );
  console.log(
    `  API + worker (npm start):      ${both.medianMs} ms (${both.minMs})   peak RSS ${both.peakRssMb} MB`,
  );
  console.log(`  target < 3000 ms: ${both.medianMs < 3000 && api.medianMs < 3000 ? 'met' : 'MISSED'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
