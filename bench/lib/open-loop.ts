import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface OpenLoopOptions {
  url: string;
  headers: Record<string, string>;
  /** Concurrent clients, each with its own kept-alive connection. */
  connections: number;
  /** Requests per second, all clients together. */
  rate: number;
  durationS: number;
}

export interface OpenLoopResult {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /**
   * p99 of this process's own event-loop delay during the run: the part of a measured latency
   * that may be the load generator's rather than the service's (it shares the two cores).
   */
  clientLagP99: number;
}

/**
 * An open-loop load: `connections` clients that each send a GET at random (exponential) intervals,
 * together `rate` per second, so that latency measures waiting caused by the server (a stalled
 * event loop, a slow query), not a queue that a closed loop of clients builds by itself. autocannon's
 * `overallRate` fires all its connections in the same tick, which measures its own bursts instead.
 *
 * node:http with one kept-alive socket per client: `fetch` (undici's WHATWG layer) allocates
 * several times more per request, and its garbage collections landed in the measured tail.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.url);
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, headers: options.headers },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });

  const latencies: number[] = [];
  let errors = 0;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const until = performance.now() + options.durationS * 1000;
  const meanGapMs = (options.connections / options.rate) * 1000;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      await pause(Math.random() * meanGapMs);
      while (performance.now() < until) {
        const started = performance.now();
        const status = await get().catch(() => 0);
        latencies.push(performance.now() - started);
        if (status !== 200) errors++;
        await pause(-Math.log(1 - Math.random()) * meanGapMs);
      }
    }),
  );
  lag.disable();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round1(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return {
    rate: latencies.length / options.durationS,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    clientLagP99: round1(lag.percentile(99) / 1e6),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
