import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeChangeStore, FakeKubeClient, silentLogger } from '../testing/fakes.ts';
import { startChangeHistory } from './history.ts';

/** The retention calls a store receives: the cutoff and the size bound. */
class PruneRecordingStore extends FakeChangeStore {
  readonly prunes: Array<[cutoff: number, maxBytes: number | undefined]> = [];
  override async prune(cutoff: number, maxBytes: number | undefined): Promise<number> {
    this.prunes.push([cutoff, maxBytes]);
    return 0;
  }
}

describe('startChangeHistory', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies the retention at start and every ten minutes, by the injected clock', async () => {
    vi.useFakeTimers();
    const clock = { now: Date.UTC(2025, 0, 1, 12) };
    const store = new PruneRecordingStore();
    const history = await startChangeHistory({
      store,
      kube: new FakeKubeClient(),
      now: () => clock.now,
      logger: silentLogger,
      retentionMs: 14 * 86_400_000,
      maxBytes: 512 * 1024 * 1024,
    });
    expect(store.prunes).toEqual([[clock.now - 14 * 86_400_000, 512 * 1024 * 1024]]);

    clock.now += 3_600_000;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(store.prunes).toHaveLength(2);
    expect(store.prunes[1]![0]).toBe(clock.now - 14 * 86_400_000);

    await history.stop();
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(store.prunes).toHaveLength(2);
  });

  it('keeps recording when the retention fails', async () => {
    const store = new FakeChangeStore();
    // FakeChangeStore.prune throws: logged, not fatal.
    const history = await startChangeHistory({
      store,
      kube: new FakeKubeClient(),
      now: () => 0,
      logger: silentLogger,
      retentionMs: 1,
      maxBytes: 1,
    });
    await expect(history.flushed()).resolves.toBeUndefined();
    await history.stop();
  });
});
