import { CryptoError } from '../crypto';

/**
 * At most `limit` holders at once; up to `maxWaiting` more wait in order, beyond that BUSY at once
 * (the same bounded-backlog rule as the pool's queue). Closing lets every waiter through, so
 * that each then meets the closed pool instead of hanging.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else if (this.waiting.length >= this.maxWaiting)
      throw new CryptoError('BUSY', 'crypto pool queue is full');
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  releaseAll(): void {
    for (const next of this.waiting.splice(0)) next();
  }
}
