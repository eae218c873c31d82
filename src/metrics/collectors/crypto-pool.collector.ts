import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { cryptoBackend, isCryptoReady } from '../../crypto';
import { CryptoPool } from '../../crypto-pool';
import { MetricsRegistry } from '../metrics-registry';

/**
 * The Argon2id thread pool (sign-ins, receipts): threads, how many are busy, tasks waiting for one
 * (new tasks are refused with BUSY at `corridor_crypto_pool_max_queue`), and thread time spent, whose
 * rate divided by the thread count is the pool's utilisation; and the libsodium backend the process
 * chose at start (CRYPTO_BACKEND), so that a silent fallback to WebAssembly shows.
 */
@Injectable()
export class CryptoPoolCollector {
  constructor(metrics: MetricsRegistry, @Inject(CryptoPool) pool: CryptoPool) {
    const registers = [metrics.registry];
    let busySecondsSoFar = 0;
    const threads = new Gauge({ name: 'corridor_crypto_pool_threads', help: 'Argon2id threads.', registers });
    const busy = new Gauge({
      name: 'corridor_crypto_pool_busy_threads',
      help: 'Argon2id threads running a derivation at scrape time.',
      registers,
    });
    const maxQueue = new Gauge({
      name: 'corridor_crypto_pool_max_queue',
      help: 'Derivations that may wait before new ones are refused (503/429).',
      registers,
    });
    const completed = new Gauge({
      name: 'corridor_crypto_pool_tasks_completed',
      help: 'Derivations finished since the process started.',
      registers,
    });
    const busySeconds = new Counter({
      name: 'corridor_crypto_pool_busy_seconds_total',
      help: 'Thread time spent on derivations; rate() ÷ threads = utilisation.',
      registers,
    });
    const queued = new Gauge({
      name: 'corridor_crypto_pool_queued',
      help: 'Derivations waiting for a free Argon2id thread.',
      registers,
    });
    const backend = new Gauge({
      name: 'corridor_crypto_backend',
      help: 'The libsodium backend in use: 1 for the chosen one (native or wasm), 0 for the other.',
      labelNames: ['backend'],
      registers,
    });
    metrics.addCollector('crypto_pool', () => {
      const chosen = isCryptoReady() ? cryptoBackend() : null;
      for (const name of ['native', 'wasm'] as const) backend.set({ backend: name }, name === chosen ? 1 : 0);
      const stats = pool.stats();
      queued.set(stats.queued);
      threads.set(stats.threads);
      busy.set(stats.busyThreads);
      maxQueue.set(stats.maxQueue);
      completed.set(stats.completed);
      // piscina gives a running total; a counter only moves forward by the difference.
      if (stats.busySeconds > busySecondsSoFar) {
        busySeconds.inc(stats.busySeconds - busySecondsSoFar);
        busySecondsSoFar = stats.busySeconds;
      }
    });
  }
}
