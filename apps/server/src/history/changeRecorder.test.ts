import type { KubeObjectJson } from '@sextant/mesh';
import { describe, expect, it } from 'vitest';
import { FakeKubeClient, silentLogger } from '../testing/fakes.ts';
import { ChangeRecorder } from './changeRecorder.ts';
import { openSqlite } from './drivers.ts';
import { SqlChangeStore } from './sqlStore.ts';

const vs = (rv: string, weights: number[], name = 'reviews'): KubeObjectJson =>
  ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'bookinfo', resourceVersion: rv },
    spec: {
      hosts: ['reviews'],
      http: [
        {
          route: weights.map((weight, i) => ({
            destination: { host: 'reviews', subset: `v${i + 1}` },
            weight,
          })),
        },
      ],
    },
  }) as unknown as KubeObjectJson;

async function setup(options: { store?: SqlChangeStore; kube?: FakeKubeClient } = {}) {
  const store = options.store ?? (await SqlChangeStore.open(await openSqlite(':memory:')));
  const kube = options.kube ?? new FakeKubeClient();
  const clock = { now: 1_000 };
  const recorder = await ChangeRecorder.start({ store, kube, now: () => clock.now, logger: silentLogger });
  const changes = async () => {
    await recorder.flushed();
    return (await store.list({ limit: 100 })).reverse();
  };
  return { store, kube, clock, recorder, changes };
}

describe('ChangeRecorder', () => {
  it('takes the first LIST of a new history as its baseline, then records what the watch sees', async () => {
    const synced = new FakeKubeClient();
    synced.objects.virtualServices = [vs('1', [100])];
    const { kube, clock, changes, store, recorder } = await setup({ kube: synced });
    expect(await changes()).toEqual([]);
    clock.now = 2_000;
    kube.emitCacheEvent('virtualServices', { type: 'upsert', object: vs('2', [50, 50]) });
    // A status-only update (new resourceVersion, same content) is not a change.
    kube.emitCacheEvent('virtualServices', { type: 'upsert', object: vs('3', [50, 50]) });
    kube.emitCacheEvent('virtualServices', { type: 'delete', object: vs('4', [50, 50]) });
    const seen = await changes();
    expect(seen.map((c) => [c.operation, c.resourceVersion, c.attributed, c.seenLate])).toEqual([
      ['update', '2', false, false],
      ['delete', '4', false, false],
    ]);
    expect(seen[0]).toMatchObject({ time: 2_000, objectKind: 'VirtualService', namespace: 'bookinfo' });
    expect(seen[0]!.paths).toEqual(expect.arrayContaining(['spec.http[0].route']));
    await recorder.flushed();
    expect(await store.stateAt(1_500, 'bookinfo')).toHaveLength(1);
    expect(await store.stateAt(undefined, 'bookinfo')).toHaveLength(0);
  });

  it('attributes a write Sextant made, whether the note comes before or after the watch event', async () => {
    const { kube, recorder, changes } = await setup();
    kube.emitCacheEvent('virtualServices', { type: 'relisted', objects: [] });
    recorder.noteWrite({
      kind: 'virtualServices',
      namespace: 'bookinfo',
      name: 'reviews',
      operation: 'create',
      resourceVersion: '5',
      author: 'alice',
    });
    kube.emitCacheEvent('virtualServices', { type: 'upsert', object: vs('5', [100]) });
    kube.emitCacheEvent('virtualServices', { type: 'upsert', object: vs('6', [80, 20]) });
    recorder.noteWrite({
      kind: 'virtualServices',
      namespace: 'bookinfo',
      name: 'reviews',
      operation: 'update',
      resourceVersion: '6',
      author: 'bob',
    });
    kube.emitCacheEvent('virtualServices', { type: 'upsert', object: vs('7', [70, 30]) });
    kube.emitCacheEvent('virtualServices', { type: 'delete', object: vs('8', [70, 30]) });
    recorder.noteWrite({
      kind: 'virtualServices',
      namespace: 'bookinfo',
      name: 'reviews',
      operation: 'delete',
      author: 'carol',
    });
    expect((await changes()).map((c) => [c.operation, c.author ?? 'seen'])).toEqual([
      ['create', 'alice'],
      ['update', 'bob'],
      ['update', 'seen'],
      ['delete', 'carol'],
    ]);
  });

  it('after a restart or a watch gap records the difference as seen late', async () => {
    const before = new FakeKubeClient();
    before.objects.virtualServices = [vs('1', [100]), vs('1', [100], 'ratings')];
    const first = await setup({ kube: before });
    await first.recorder.stop();
    expect(await first.changes()).toEqual([]);

    // Restarted on the same store: reviews changed and ratings went while nobody watched.
    const after = new FakeKubeClient();
    after.objects.virtualServices = [vs('9', [0, 100]), vs('1', [100], 'details')];
    const again = await setup({ store: first.store, kube: after });
    expect((await again.changes()).map((c) => [c.operation, c.name, c.seenLate])).toEqual([
      ['update', 'reviews', true],
      ['create', 'details', true],
      ['delete', 'ratings', true],
    ]);
    // A watch gap: the LIST after it shows what was missed; one with nothing new records nothing.
    const missed = [vs('10', [50, 50]), vs('1', [100], 'details')];
    again.kube.emitCacheEvent('virtualServices', { type: 'relisted', objects: missed });
    expect((await again.changes()).map((c) => [c.operation, c.seenLate]).at(-1)).toEqual(['update', true]);
    again.kube.emitCacheEvent('virtualServices', { type: 'relisted', objects: missed });
    expect(await again.changes()).toHaveLength(4);
  });

  it('compares caches that were synced before it started at once', async () => {
    const kube = new FakeKubeClient();
    kube.objects.virtualServices = [vs('1', [100])];
    const store = await SqlChangeStore.open(await openSqlite(':memory:'));
    await store.add({
      time: 1,
      kind: 'namespaces',
      objectKind: 'Namespace',
      namespace: 'x',
      name: 'x',
      operation: 'baseline',
      resourceVersion: '1',
      author: undefined,
      attributed: false,
      seenLate: false,
      paths: [],
      before: undefined,
      after: { metadata: { name: 'x' } },
    });
    const { changes } = await setup({ store, kube });
    expect((await changes()).map((c) => [c.operation, c.name, c.seenLate])).toEqual([
      ['delete', 'x', true],
      ['create', 'reviews', true],
    ]);
  });
});
