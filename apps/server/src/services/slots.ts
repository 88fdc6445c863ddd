/**
 * At most `size` holders at once; the others wait in arrival order. A waiter whose signal aborts
 * (its client went away) leaves the queue and its turn goes to the next. Hand-written rather than
 * p-limit: p-limit runs functions and can only clear its whole queue, where a replay holds its slot
 * across a stream it hands out and one waiter must be able to leave.
 */
export class Slots {
  private held = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`size must be a whole number >= 1, got ${size}`);
  }

  /** Slots taken now. */
  get busy(): number {
    return this.held;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves when a slot is this caller's, with the function that gives it back (calling it again
   * does nothing). Rejects with the signal's reason if it aborts first, holding nothing then.
   */
  take(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const grant = () => {
        signal?.removeEventListener('abort', leave);
        this.held++;
        resolve(this.releaser());
      };
      const leave = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      if (this.held < this.size) {
        grant();
        return;
      }
      this.queue.push(grant);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      this.queue.shift()?.();
    };
  }
}
