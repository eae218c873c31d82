import { availableParallelism, getPriority } from 'node:os';
import { threadId } from 'node:worker_threads';
import { valueSymbol } from 'piscina';
import {
  CryptoError,
  derivePasswordKeys,
  deriveReceiptKeys,
  generateReceipt,
  initCrypto,
  toHex,
  type PasswordKdfParams,
} from '../../src/crypto';
import { CryptoPool, MAX_QUEUE_PER_THREAD } from '../../src/crypto-pool';
import cryptoWorkerTask from '../../src/crypto-pool/worker';

const FAST_KDF: PasswordKdfParams = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
/** Heavy enough (~0.1–0.2 s) that blocking the event loop would be obvious. */
const SLOW_KDF: PasswordKdfParams = { opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 };
const SALT = Uint8Array.from({ length: 16 }, (_, i) => i);

/** Largest gap between ticks of a 5 ms interval while `work` runs. */
async function maxTickGap(
  work: () => Promise<unknown> | unknown,
): Promise<{ maxGap: number; ticks: number }> {
  let last = performance.now();
  let maxGap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 5);
  try {
    await new Promise((r) => setTimeout(r, 20));
    await work();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(timer);
  }
  return { maxGap: Math.max(maxGap, performance.now() - last), ticks };
}

describe('CryptoPool', () => {
  let pool: CryptoPool;

  beforeAll(async () => {
    await initCrypto();
    pool = new CryptoPool({ size: 2 });
  });
  afterAll(() => pool.close());

  it('defaults to one thread per CPU', async () => {
    const p = new CryptoPool();
    expect(p.size).toBe(availableParallelism());
    await p.close();
  });

  it('runs tasks in worker threads, not on the main thread', async () => {
    const id = await pool.workerThreadId();
    expect(id).not.toBe(threadId);
    expect(id).toBeGreaterThan(0);
  });

  it('returns exactly the bytes of the direct calls', async () => {
    const receipt = '4821 0937 5512 8064';
    const [viaPoolR, viaPoolP] = await Promise.all([
      pool.deriveReceiptKeys(receipt, SALT, FAST_KDF),
      pool.derivePasswordKeys('correct horse', SALT, FAST_KDF),
    ]);
    const directR = deriveReceiptKeys(receipt, SALT, FAST_KDF);
    const directP = derivePasswordKeys('correct horse', SALT, FAST_KDF);
    expect(toHex(viaPoolR.slotKey)).toBe(toHex(directR.slotKey));
    expect(toHex(viaPoolR.lookupValue)).toBe(toHex(directR.lookupValue));
    expect(toHex(viaPoolP.verifier)).toBe(toHex(directP.verifier));
    expect(toHex(viaPoolP.wrappingKey)).toBe(toHex(directP.wrappingKey));
    // Default parameters too.
    const d = await pool.deriveReceiptKeys(receipt, SALT);
    expect(toHex(d.slotKey)).toBe(toHex(deriveReceiptKeys(receipt, SALT).slotKey));
  });

  it('keeps the event loop responsive while 4 slow derivations run', async () => {
    await pool.derivePasswordKeys('warm-up', SALT, SLOW_KDF); // grow the worker heaps first
    await pool.derivePasswordKeys('warm-up', SALT, SLOW_KDF);
    // Control: the same derivation on the main thread blocks the loop for its whole duration,
    // which shows the measurement can detect blocking.
    const started = performance.now();
    const blocked = await maxTickGap(() => derivePasswordKeys('direct', SALT, SLOW_KDF));
    const direct = performance.now() - started - 40;
    expect(blocked.maxGap).toBeGreaterThan(direct * 0.7);

    let results: unknown[] = [];
    const pooled = await maxTickGap(async () => {
      results = await Promise.all([1, 2, 3, 4].map((i) => pool.derivePasswordKeys(`pw${i}`, SALT, SLOW_KDF)));
    });
    expect(results).toHaveLength(4);
    expect(pooled.maxGap).toBeLessThan(direct / 2);
    expect(pooled.ticks).toBeGreaterThan(10);
  });

  it('re-throws CryptoErrors from the worker with their code', async () => {
    const e = await pool.deriveReceiptKeys('not a receipt', SALT, FAST_KDF).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CryptoError);
    expect((e as CryptoError).code).toBe('INVALID_INPUT');
    const p = await pool
      .derivePasswordKeys('x', SALT, { opsLimit: 1, memLimitBytes: 1024 })
      .catch((x: unknown) => x);
    expect((p as CryptoError).code).toBe('INVALID_INPUT');
  });

  it('bounds the queue by default (size × 8) and refuses overflow with BUSY', async () => {
    expect(MAX_QUEUE_PER_THREAD).toBe(8);
    expect(pool.maxQueue).toBe(2 * 8);
    const small = new CryptoPool({ size: 1, maxQueue: 1 });
    try {
      expect(small.maxQueue).toBe(1);
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          small.derivePasswordKeys(`pw${i}`, SALT, FAST_KDF).then(
            () => 'ok',
            (e: unknown) => (e instanceof CryptoError ? e.code : String(e)),
          ),
        ),
      );
      expect(outcomes).toContain('ok');
      expect(outcomes).toContain('BUSY');
      expect(outcomes.every((o) => o === 'ok' || o === 'BUSY')).toBe(true);
    } finally {
      await small.close();
    }
    expect(() => new CryptoPool({ size: 1, maxQueue: -1 })).toThrow(CryptoError);
  });

  it('runs the tasks of one thread in the order they arrived, with or without an abort signal', async () => {
    // Piscina 5.3 alone put a task it could not hand to the busy thread back at the TAIL of its
    // queue: with one thread the order of a burst became 0, 1, 3, 5, 7, 9, 2, 6, … and under
    // steady load the even ones waited for the whole run (bench:intake's 25 s requests).
    const one = new CryptoPool({ size: 1 });
    try {
      const finished: number[] = [];
      const signal = new AbortController().signal;
      await Promise.all(
        Array.from({ length: one.maxQueue + 1 }, (_, i) =>
          one
            .deriveReceiptKeys(generateReceipt(), SALT, FAST_KDF, i % 3 === 0 ? {} : { signal })
            .then(() => finished.push(i)),
        ),
      );
      expect(finished).toEqual(Array.from({ length: one.maxQueue + 1 }, (_, i) => i));
    } finally {
      await one.close();
    }
  });

  it('bounds the queue of receipt derivations that carry an abort signal too', async () => {
    // Piscina skips its maxQueue check for tasks with a signal; the pool's own gate does not.
    const small = new CryptoPool({ size: 1, maxQueue: 2 });
    try {
      const signal = new AbortController().signal;
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () =>
          small.deriveReceiptKeys(generateReceipt(), SALT, FAST_KDF, { signal }).then(
            () => 'ok',
            (e: unknown) => (e instanceof CryptoError ? e.code : String(e)),
          ),
        ),
      );
      // One running, two waiting, three refused at once.
      expect(outcomes).toEqual(['ok', 'ok', 'ok', 'BUSY', 'BUSY', 'BUSY']);
    } finally {
      await small.close();
    }
  });

  it('an abandoned receipt derivation leaves the bounded queue: the next callers are not refused', async () => {
    // The bench:intake pool-1 failure: requests whose clients had timed out still held the queue
    // (1 running + MAX_QUEUE_PER_THREAD waiting), so the clients' retries heard BUSY (503).
    const one = new CryptoPool({ size: 1 });
    try {
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: unknown) => (e instanceof CryptoError ? e.code : e instanceof Error ? e.name : String(e)),
        );
      const running = outcome(one.deriveReceiptKeys(generateReceipt(), SALT, SLOW_KDF));
      const gone = new AbortController();
      const abandoned = Array.from({ length: one.maxQueue }, () =>
        outcome(one.deriveReceiptKeys(generateReceipt(), SALT, SLOW_KDF, { signal: gone.signal })),
      );
      await new Promise((r) => setImmediate(r));
      expect(one.queueSize).toBe(one.maxQueue); // full: one more now would be BUSY
      gone.abort();
      expect(await Promise.all(abandoned)).toEqual(abandoned.map(() => 'AbortError'));
      expect(one.queueSize).toBe(0);
      const next = Array.from({ length: one.maxQueue }, () =>
        outcome(one.deriveReceiptKeys(generateReceipt(), SALT, FAST_KDF)),
      );
      expect(await Promise.all([running, ...next])).toEqual([running, ...next].map(() => 'ok'));
    } finally {
      await one.close();
    }
  });

  it('counts the thread time spent: one thread busy back to back is busy for about the wall time', async () => {
    const single = new CryptoPool({ size: 1 });
    try {
      await single.derivePasswordKeys('warm-up', SALT, FAST_KDF);
      const before = single.stats();
      const started = performance.now();
      for (let i = 0; i < 4; i++) await single.derivePasswordKeys(`pw-${i}`, SALT, SLOW_KDF);
      const wallSeconds = (performance.now() - started) / 1000;
      const after = single.stats();
      expect(after.completed - before.completed).toBe(4);
      const busy = after.busySeconds - before.busySeconds;
      // The run time is measured inside the pool, the wall time around it (hand-offs included).
      expect(busy).toBeGreaterThan(wallSeconds * 0.5);
      expect(busy).toBeLessThanOrEqual(wallSeconds * 1.05);
    } finally {
      await single.close();
    }
  });

  it('refuses Argon2id memory above 256 MiB before it reaches a worker', async () => {
    const e = await pool
      .derivePasswordKeys('x', SALT, { opsLimit: 1, memLimitBytes: 512 * 1024 * 1024 })
      .catch((x: unknown) => x);
    expect((e as CryptoError).code).toBe('INVALID_INPUT');
  });

  it('the worker wipes its copy of password bytes after deriving (and on failure)', async () => {
    await initCrypto();
    const password = new TextEncoder().encode('worker copy of a password');
    const expected = derivePasswordKeys(password.slice(), SALT, FAST_KDF);
    const result = await cryptoWorkerTask({ op: 'password', password, salt: SALT, params: FAST_KDF });
    // The derived keys themselves (moved to the main thread as one buffer), not an error object.
    const moved = (result as Record<symbol, Uint8Array>)[valueSymbol];
    expect(toHex(moved)).toBe(toHex(expected.verifier) + toHex(expected.wrappingKey));
    expect(password.every((b) => b === 0)).toBe(true);
    const failing = new TextEncoder().encode('another password');
    const error = await cryptoWorkerTask({
      op: 'password',
      password: failing,
      salt: new Uint8Array(3), // bad salt: the derivation throws
      params: FAST_KDF,
    });
    expect(error).toEqual({ cryptoError: expect.objectContaining({ code: 'INVALID_KEY' }) });
    expect(failing.every((b) => b === 0)).toBe(true);
  });

  it('lowers the priority of its worker threads only, not of the main thread', async () => {
    const nice = new CryptoPool({ size: 1, niceness: 7 });
    try {
      expect(await nice.workerNiceness()).toBe(7);
      expect(await pool.workerNiceness()).toBe(0);
      expect(getPriority()).toBe(0);
    } finally {
      await nice.close();
    }
  });

  it('refuses a niceness outside 0–19', () => {
    for (const niceness of [-1, 20, 1.5]) {
      expect(() => new CryptoPool({ size: 1, niceness })).toThrow(CryptoError);
    }
  });

  it('refuses work after close()', async () => {
    const p = new CryptoPool({ size: 1 });
    await p.close();
    await p.close(); // idempotent
    await expect(p.deriveReceiptKeys('4821 0937 5512 8064', SALT, FAST_KDF)).rejects.toBeInstanceOf(
      CryptoError,
    );
  });
});
