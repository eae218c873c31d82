/**
 * A small in-process cache for data read on every public request (the current form, the current
 * recipients): entries live `ttlMs`, concurrent misses of one key share a single load, and
 * `invalidate()` drops everything — including a load that started before the change, whose result
 * is then returned to its callers but not kept.
 *
 * Staleness is bounded by the TTL across processes (another API node's change is seen within
 * `ttlMs`) and is zero within the process that made the change, provided it calls `invalidate()`.
 */
export class ShortTtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly loading = new Map<K, Promise<V>>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The cached value of `key`, or `load()`'s; results `keep` rejects (e.g. "not found") are not cached. */
  get(key: K, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return Promise.resolve(hit.value);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const promise = load().then(
      (value) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        if (generation === this.generation && this.ttlMs > 0 && keep(value)) {
          this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
        }
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }
}
