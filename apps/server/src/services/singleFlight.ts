/**
 * Identical concurrent calls share one computation; a result is reused for `ttlMs` after it
 * settled and never after. Failures are not kept: the next call tries again.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly done = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    /** Milliseconds; injected so tests control expiry. */
    private readonly now: () => number = Date.now,
  ) {}

  /** `run` is called only when no call with `key` is running and no fresh result is kept. */
  async do(
    key: string,
    run: () => Promise<T>,
  ): Promise<{ value: T; shared: 'computed' | 'joined' | 'cached' }> {
    const cached = this.done.get(key);
    if (cached) {
      if (cached.expires > this.now()) return { value: cached.value, shared: 'cached' };
      this.done.delete(key);
    }
    const running = this.inFlight.get(key);
    if (running) return { value: await running, shared: 'joined' };

    const promise = run();
    this.inFlight.set(key, promise);
    try {
      const value = await promise;
      if (this.ttlMs > 0) {
        this.evictExpired();
        const entry = { value, expires: this.now() + this.ttlMs };
        this.done.set(key, entry);
        // An idle server should not hold a large graph until the next request.
        setTimeout(() => {
          if (this.done.get(key) === entry) this.done.delete(key);
        }, this.ttlMs).unref();
      }
      return { value, shared: 'computed' };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Results are short-lived; dropping the expired ones on each store keeps the map small. */
  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.done) if (entry.expires <= now) this.done.delete(key);
  }
}
