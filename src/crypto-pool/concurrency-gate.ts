import { CryptoError } from '../crypto';

/** What a waiter aborted by its signal rejects with (the name callers test for). */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('the task was aborted before it started');
  error.name = 'AbortError';
  return error;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * At most `limit` holders at once; up to `maxWaiting` more wait in strict arrival order, beyond
 * that BUSY at once (a bounded backlog). A waiter whose signal aborts leaves the line at once, so
 * abandoned callers do not hold places. Closing lets every waiter through, so that each then
 * meets the closed pool instead of hanging.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    if (this.running < this.limit) this.running++;
    else if (this.waiting.length >= this.maxWaiting)
      throw new CryptoError('BUSY', 'crypto pool queue is full');
    else await this.wait(signal); // the place is handed over by the holder that leaves
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.running--;
    }
  }

  releaseAll(): void {
    for (const next of this.waiting.splice(0)) next.resolve();
  }

  private wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index === -1) return; // already handed the place: the task runs and sees the signal
        this.waiting.splice(index, 1);
        reject(abortError(signal!));
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
