import { Agent, request } from 'node:http';

export interface PacedPostsResult {
  requests: number;
  p50: number;
  p99: number;
  /** Answers by status (0: a connection error; -1: a client that ran out of prepared bodies). */
  statuses: Record<number, number>;
}

/**
 * An open loop of POSTs: `connections` clients, each with one kept-alive socket, sending at random
 * (exponential) intervals `rate` per second together, each with the next of `bodies` (used once:
 * a sealed body names its report), until `until` resolves. Open, so that latency measures waiting
 * caused by the server rather than a queue the clients build themselves (see open-loop.ts).
 */
export async function pacedPosts(options: {
  url: string;
  bodies: string[];
  connections: number;
  rate: number;
  until: Promise<unknown>;
}): Promise<PacedPostsResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.url);
  const post = (body: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          agent,
          method: 'POST',
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  let done = false;
  void options.until.then(() => (done = true));
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const meanGapMs = (options.connections / options.rate) * 1000;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      await pause(Math.random() * meanGapMs);
      while (!done) {
        if (next >= options.bodies.length) {
          statuses[-1] = (statuses[-1] ?? 0) + 1; // ran out of prepared bodies: counted, never silent
          return;
        }
        const body = options.bodies[next++];
        const started = performance.now();
        const status = await post(body);
        latencies.push(performance.now() - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
        await pause(-Math.log(1 - Math.random()) * meanGapMs);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, p50: at(0.5), p99: at(0.99), statuses };
}
