import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import {
  type CryptoBackendChoice,
  type CryptoBackendName,
  cryptoBackend,
  CryptoError,
  type CryptoErrorCode,
  DEFAULT_PASSWORD_KDF,
  DEFAULT_RECEIPT_KDF,
  initCrypto,
  isBytes,
  isCryptoReady,
  type PasswordKdfParams,
  type PasswordKeys,
  type ReceiptKeys,
  validateKdfParams,
  wipe,
} from '../crypto';
import { ConcurrencyGate } from './concurrency-gate';
import { DERIVED_PAIR_BYTES, type CryptoTask, type CryptoWorkerData } from './protocol';

/*
 * Worker-thread pool for the slow crypto (Argon2id: ~45 ms per receipt, ~250 ms per password
 * with the defaults). Running those on the main thread would stall every request of the API
 * node for that long; here the event loop only posts a message and awaits.
 *
 * Node-only (worker_threads, piscina), hence outside src/crypto, which must stay browser-safe.
 * The browser calls the src/crypto functions directly.
 *
 * Memory: libsodium's WebAssembly heap grows to the largest memLimit a worker has used and
 * does not shrink, so expect about (64 MiB + ~10 MiB) × size resident with the defaults.
 */
export interface CryptoPoolOptions {
  /** Worker threads; default = number of CPUs (os.availableParallelism()). */
  size?: number;
  /**
   * Queued tasks beyond which new ones are refused with CryptoError('BUSY'); default size × 8
   * (MAX_QUEUE_PER_THREAD). A bounded backlog: with ~250 ms per password derivation, 8 queued
   * tasks per thread is already ~2 s of waiting; beyond that a flood (or an attacker hammering
   * the login) should get a fast 503/429 (the caller maps BUSY) instead of growing a queue — and
   * memory, and latency for everyone — without limit.
   */
  maxQueue?: number;
  /**
   * Nice value (0–19) of the worker threads; default 0 (unchanged). On Linux the nice value is
   * per thread, so the derivations yield the CPU to the event loop (and to PostgreSQL and Redis on
   * the same host) whenever both want it, and still use every idle cycle. Where the OS refuses,
   * the threads run at normal priority.
   */
  niceness?: number;
  /**
   * libsodium backend of the worker threads; default: the backend the main thread runs (once
   * initCrypto() has resolved), else `auto`. The threads refuse to start on another one.
   */
  backend?: CryptoBackendChoice;
  /**
   * Password derivations (64 MiB each by default) running at once; default size − 1 (at least 1).
   * Receipt derivations (19 MiB, a few ms natively) may use every thread, but a burst of sign-ins
   * keeps one core for requests and bounds the KDF memory to this many × m. Waiting password
   * tasks count towards `queueSize` and are refused with BUSY beyond `maxQueue`.
   */
  passwordThreads?: number;
}

export function defaultPoolSize(): number {
  try {
    return availableParallelism();
  } catch {
    return Math.max(1, cpus().length);
  }
}

/**
 * The service's pool size when CRYPTO_POOL_SIZE is unset, for the backend the KDF runs on.
 * WebAssembly (35 ms per receipt, ~200 ms per password here): CPUs − 1, one core left to the event
 * loop, as with every core deriving, sign-ins stalled every other request (BENCHMARKS.md).
 * Native (~2–3× faster): every CPU, for receipts (19 MiB, a few ms: one thread would cap intake
 * below 80/s on two cores); password derivations still run on at most size − 1 threads
 * (passwordThreads), as two 64 MiB derivations at once on two cores pushed the authenticated p99
 * past 100 ms and the RSS past 300 MB. The threads run at CRYPTO_POOL_NICE (10 by default), so
 * requests take a core first when both want it.
 */
export function serviceDefaultPoolSize(
  backend: CryptoBackendName = isCryptoReady() ? cryptoBackend() : 'wasm',
): number {
  return backend === 'native' ? defaultPoolSize() : Math.max(1, defaultPoolSize() - 1);
}

export interface CryptoPoolStats {
  threads: number;
  busyThreads: number;
  queued: number;
  maxQueue: number;
  completed: number;
  busySeconds: number;
}

/** Default queue bound per worker thread (maxQueue = size × this). */
export const MAX_QUEUE_PER_THREAD = 8;

/** The worker entry is plain .js next to this file, in src/ (Jest, run-ts) and in dist/ alike. */
export const CRYPTO_WORKER_FILENAME = join(__dirname, 'worker-entry.js');

export class CryptoPool {
  private readonly piscina: Piscina;
  readonly size: number;
  /** Tasks that may wait for a thread before new ones are refused with BUSY. */
  readonly maxQueue: number;
  /** Password derivations that may run at once (passwordThreads). */
  readonly passwordThreads: number;
  private readonly passwordGate: ConcurrencyGate;
  /**
   * Every task passes this strict-FIFO gate of `size` places before it reaches piscina, so that
   * piscina always has a free thread for it and never queues. Piscina 5.3's own queue is not
   * FIFO under load: a task it cannot hand to a busy thread goes back to the TAIL (and tasks with
   * an AbortSignal skip its maxQueue check altogether). With one thread and eight callers, every
   * second task of a burst waited for the whole run: 3 of 800 receipt derivations took 25 s
   * while the p99 was 0.4 s (bench:intake's CRYPTO_POOL_SIZE=1 timeouts). This gate also holds
   * the bounded backlog (`maxQueue`) for every kind of task.
   */
  private readonly threadGate: ConcurrencyGate;
  private closed = false;

  constructor(options: CryptoPoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new CryptoError('INVALID_INPUT', 'pool size must be >= 1');
    this.size = size;
    const maxQueue = options.maxQueue ?? size * MAX_QUEUE_PER_THREAD;
    if (!Number.isInteger(maxQueue) || maxQueue < 0) {
      throw new CryptoError('INVALID_INPUT', 'pool maxQueue must be an integer >= 0');
    }
    this.maxQueue = maxQueue;
    const passwordThreads = options.passwordThreads ?? Math.max(1, size - 1);
    if (!Number.isInteger(passwordThreads) || passwordThreads < 1 || passwordThreads > size) {
      throw new CryptoError('INVALID_INPUT', 'pool passwordThreads must be an integer from 1 to size');
    }
    this.passwordThreads = passwordThreads;
    this.passwordGate = new ConcurrencyGate(passwordThreads, maxQueue);
    this.threadGate = new ConcurrencyGate(size, maxQueue);
    const niceness = options.niceness ?? 0;
    if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
      throw new CryptoError('INVALID_INPUT', 'pool niceness must be an integer from 0 to 19');
    }
    const backend = options.backend ?? (isCryptoReady() ? cryptoBackend() : 'auto');
    const workerData: CryptoWorkerData = { niceness, backend };
    this.piscina = new Piscina({
      filename: CRYPTO_WORKER_FILENAME,
      minThreads: size,
      maxThreads: size,
      // Keep threads (and their initialised libsodium) alive between bursts.
      idleTimeout: 60_000,
      // The threadGate queues (in order, bounded); piscina only sees tasks it can run at once, or
      // one per thread that is restarting after an abort.
      maxQueue: size,
      // A Jest/SWC-free environment for workers; the entry handles TypeScript itself.
      execArgv: [],
      workerData,
    });
  }

  /** Argon2id password derivation in a worker; same bytes as derivePasswordKeys(). Keys are the caller's. */
  async derivePasswordKeys(
    password: string | Uint8Array,
    salt: Uint8Array,
    params: PasswordKdfParams = DEFAULT_PASSWORD_KDF,
  ): Promise<PasswordKeys> {
    const task: CryptoTask = { op: 'password', password, salt, params: validateKdfParams(params) };
    const [verifier, wrappingKey] = await this.passwordGate.run(() => this.derive(task));
    return { verifier, wrappingKey };
  }

  /**
   * Argon2id receipt derivation in a worker; same bytes as deriveReceiptKeys(). Keys are the caller's.
   * `signal`: the caller no longer wants the keys (its client went away). A derivation still
   * waiting leaves the queue at once, so abandoned requests do not hold the bounded queue and make
   * the next callers hear BUSY; a running one stops with its thread (piscina starts a new one).
   * The promise then rejects with an error named AbortError.
   */
  async deriveReceiptKeys(
    receipt: string,
    receiptSalt: Uint8Array,
    params: PasswordKdfParams = DEFAULT_RECEIPT_KDF,
    options: { signal?: AbortSignal } = {},
  ): Promise<ReceiptKeys> {
    const [slotKey, lookupValue] = await this.derive(
      { op: 'receipt', receipt, salt: receiptSalt, params: validateKdfParams(params) },
      options.signal,
    );
    return { slotKey, lookupValue };
  }

  /** The worker thread id that ran a task (diagnostics and tests). */
  async workerThreadId(): Promise<number> {
    return (await this.run({ op: 'threadId' })) as number;
  }

  /** The nice value a worker thread runs at (diagnostics and tests). */
  async workerNiceness(): Promise<number> {
    return (await this.run({ op: 'niceness' })) as number;
  }

  /** The libsodium backend the worker threads run (diagnostics and tests). */
  async workerBackend(): Promise<CryptoBackendName> {
    return (await this.run({ op: 'backend' })) as CryptoBackendName;
  }

  /** Tasks waiting for a free thread. */
  get queueSize(): number {
    return this.piscina.queueSize + this.threadGate.waitingCount + this.passwordGate.waitingCount;
  }

  /** Counts for monitoring: threads busy now, tasks waiting, tasks done and thread time spent on them. */
  stats(): CryptoPoolStats {
    const p = this.piscina;
    return {
      threads: this.size,
      busyThreads: Math.max(0, p.threads.length - p.idleThreads),
      queued: this.queueSize,
      maxQueue: this.maxQueue,
      completed: p.completed,
      // Mean run time (ms, from piscina's run-time histogram) × tasks run. Not piscina's
      // `utilization`: in 5.3 it divides seconds by milliseconds, 1000× too small.
      busySeconds: ((p.histogram.runTime?.mean ?? 0) * p.completed) / 1000,
    };
  }

  /** Stops the threads; pending tasks are rejected. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // They meet the closed pool and fail instead of hanging.
    this.passwordGate.releaseAll();
    this.threadGate.releaseAll();
    await this.piscina.destroy();
  }

  private async run(task: CryptoTask, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) throw new CryptoError('INVALID_INPUT', 'crypto pool is closed');
    await initCrypto(); // the main thread wipes the transferred buffer with libsodium
    let result: unknown;
    try {
      result = await this.threadGate.run(() => {
        if (this.closed) throw new CryptoError('INVALID_INPUT', 'crypto pool is closed');
        return this.piscina.run(task, signal ? { signal } : {});
      }, signal);
    } catch (e) {
      if (e instanceof Error && /queue is at limit/i.test(e.message)) {
        throw new CryptoError('BUSY', 'crypto pool queue is full');
      }
      throw e;
    }
    if (result && typeof result === 'object' && 'cryptoError' in result) {
      const { code, message } = (result as { cryptoError: { code: CryptoErrorCode; message: string } })
        .cryptoError;
      throw new CryptoError(code, message);
    }
    return result;
  }

  private async derive(task: CryptoTask, signal?: AbortSignal): Promise<[Uint8Array, Uint8Array]> {
    const packed = await this.run(task, signal);
    if (!isBytes(packed) || packed.length !== DERIVED_PAIR_BYTES) {
      throw new CryptoError('KDF_FAILED', 'unexpected result from crypto worker');
    }
    try {
      return [packed.slice(0, 32), packed.slice(32)];
    } finally {
      wipe(packed);
    }
  }
}
