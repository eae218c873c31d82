/**
 * A child process of bench:triage: a no-op BullMQ worker (the same concurrency as the triage
 * processor) draining BENCH_NOOP_JOBS jobs already waiting in BENCH_NOOP_QUEUE, so that BullMQ's own
 * drain rate is measured in a process of its own, like the service's worker. Prints one JSON line:
 * jobs per second from its first completion to its last, failures, and its peak RSS.
 */
import { Worker } from 'bullmq';
import { peakRssMb } from './service-process';

async function main() {
  const n = Number(process.env.BENCH_NOOP_JOBS);
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } as never;
  let done = 0;
  let failed = 0;
  let first = 0;
  const worker = new Worker(process.env.BENCH_NOOP_QUEUE!, async () => undefined, {
    connection,
    prefix: process.env.BENCH_NOOP_PREFIX,
    concurrency: Number(process.env.BENCH_NOOP_CONCURRENCY ?? 8),
  });
  worker.on('failed', () => failed++);
  const last = await new Promise<number>((resolve) =>
    worker.on('completed', () => {
      if (++done === 1) first = performance.now();
      if (done === n) resolve(performance.now());
    }),
  );
  await worker.close();
  const rate = n > 1 ? (n - 1) / ((last - first) / 1000) : NaN;
  process.stdout.write(`${JSON.stringify({ rate, failed, rssMb: peakRssMb(process.pid) })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
