import { describe, expect, it } from 'vitest';
import { SingleFlight } from './singleFlight.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs once for concurrent calls with the same key, separately for other keys', async () => {
    const flights = new SingleFlight<number>(0);
    const gate = deferred<number>();
    let runs = 0;
    const run = () => {
      runs++;
      return gate.promise;
    };
    const a = flights.do('k', run);
    const b = flights.do('k', run);
    const c = flights.do('other', () => Promise.resolve(7));
    gate.resolve(42);
    expect(await a).toEqual({ value: 42, shared: 'computed' });
    expect(await b).toEqual({ value: 42, shared: 'joined' });
    expect(await c).toEqual({ value: 7, shared: 'computed' });
    expect(runs).toBe(1);
  });

  it('keeps a result for ttlMs after it settled, not a millisecond longer', async () => {
    const clock = { now: 1000 };
    const flights = new SingleFlight<number>(500, () => clock.now);
    let runs = 0;
    const run = async () => ++runs;
    expect(await flights.do('k', run)).toEqual({ value: 1, shared: 'computed' });
    clock.now = 1499;
    expect(await flights.do('k', run)).toEqual({ value: 1, shared: 'cached' });
    clock.now = 1500;
    expect(await flights.do('k', run)).toEqual({ value: 2, shared: 'computed' });
  });

  it('shares a failure with the callers waiting for it, then forgets it', async () => {
    const flights = new SingleFlight<number>(10_000);
    const gate = deferred<number>();
    const a = flights.do('k', () => gate.promise);
    const b = flights.do('k', () => gate.promise);
    gate.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    expect(await flights.do('k', async () => 3)).toEqual({ value: 3, shared: 'computed' });
  });
});
