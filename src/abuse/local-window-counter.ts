/** Beyond this many live keys, the counter forgets the oldest windows first. */
const MAX_KEYS = 100_000;

/**
 * Fixed-window counters in this process's memory: the fallback of the Redis counters while Redis is
 * away, so that limits still hold per process instead of not at all.
 */
export class LocalWindowCounter {
  private readonly counts = new Map<string, { window: number; count: number }>();

  increment(key: string, window: number): number {
    const entry = this.counts.get(key);
    if (entry && entry.window === window) return ++entry.count;
    if (this.counts.size >= MAX_KEYS) this.evictBefore(window);
    this.counts.set(key, { window, count: 1 });
    return 1;
  }

  private evictBefore(window: number): void {
    for (const [key, entry] of this.counts) if (entry.window < window) this.counts.delete(key);
    if (this.counts.size >= MAX_KEYS) this.counts.clear();
  }
}
