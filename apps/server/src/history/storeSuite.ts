import { expect, it } from 'vitest';
import { newChange } from '../testing/historyFixtures.ts';
import type { ChangeStore } from './changeStore.ts';

/**
 * One test suite every ChangeStore passes: SQLite in the unit tests (sqlStore.test.ts), a real
 * PostgreSQL in the integration tests (apps/server/test/postgresStore.itest.ts). `open` gives an
 * empty store each time, `reopen` the same database again (a restart).
 */
export function changeStoreSuite(
  open: () => Promise<{ store: ChangeStore; reopen: () => Promise<ChangeStore> }>,
) {
  it('adds, lists newest first, gets one with its contents, and survives a restart', async () => {
    const { store, reopen } = await open();
    expect(await store.add(newChange())).toBe(true);
    expect(
      await store.add(
        newChange({
          time: 2_000,
          operation: 'update',
          resourceVersion: '2',
          before: { spec: { hosts: ['reviews'] } },
          after: { spec: { hosts: ['reviews'], http: [] } },
          author: 'alice',
          attributed: true,
        }),
      ),
    ).toBe(true);
    const listed = await store.list({ limit: 10 });
    expect(listed.map((c) => [c.operation, c.resourceVersion, c.author, c.attributed])).toEqual([
      ['update', '2', 'alice', true],
      ['create', '1', undefined, false],
    ]);
    const one = await store.get(listed[0]!.id);
    expect(one).toMatchObject({
      kind: 'virtualServices',
      time: 2_000,
      before: { spec: { hosts: ['reviews'] } },
      after: { spec: { hosts: ['reviews'], http: [] } },
      paths: ['spec.http'],
    });
    expect(await store.get(999_999)).toBeUndefined();
    await store.close();
    const again = await reopen();
    expect((await again.list({ limit: 10 })).map((c) => c.resourceVersion)).toEqual(['2', '1']);
    await again.close();
  });

  it('records a change once when two replicas see it, and takes the author from whoever knows it', async () => {
    const { store } = await open();
    expect(await store.add(newChange())).toBe(true);
    expect(await store.add(newChange({ time: 1_005 }))).toBe(false);
    expect(await store.add(newChange({ author: 'bob', attributed: true }))).toBe(false);
    const [only] = await store.list({ limit: 10 });
    expect(only).toMatchObject({ time: 1_000, author: 'bob', attributed: true });
    expect(
      await store.attribute(
        { kind: 'virtualServices', namespace: 'bookinfo', name: 'reviews', resourceVersion: '1' },
        'carol',
      ),
    ).toBe(false);
    await store.close();
  });

  it('filters by namespaces, kinds, name and time, pages by id, and never lists baselines', async () => {
    const { store } = await open();
    await store.add(newChange({ operation: 'baseline', resourceVersion: '0', time: 500 }));
    await store.add(newChange({ namespace: 'shop', resourceVersion: '10' }));
    await store.add(
      newChange({ kind: 'services', objectKind: 'Service', resourceVersion: '11', time: 1_500 }),
    );
    await store.add(newChange({ name: 'ratings', resourceVersion: '12', time: 3_000 }));
    const rv = async (f: Parameters<ChangeStore['list']>[0]) =>
      (await store.list(f)).map((c) => c.resourceVersion);
    expect(await rv({ limit: 10 })).toEqual(['12', '11', '10']);
    expect(await rv({ limit: 10, namespaces: ['bookinfo'] })).toEqual(['12', '11']);
    expect(await rv({ limit: 10, namespaces: [] })).toEqual([]);
    expect(await rv({ limit: 10, kinds: ['services'] })).toEqual(['11']);
    expect(await rv({ limit: 10, name: 'ratings' })).toEqual(['12']);
    expect(await rv({ limit: 10, from: 1_200, to: 2_000 })).toEqual(['11']);
    const [first] = await store.list({ limit: 1 });
    expect(await rv({ limit: 10, beforeId: first!.id })).toEqual(['11', '10']);
    await store.close();
  });

  it('answers the state at a time: each object as last recorded then, deleted ones gone', async () => {
    const { store } = await open();
    await store.add(newChange({ operation: 'baseline', resourceVersion: '1', time: 100, after: { v: 1 } }));
    await store.add(newChange({ operation: 'update', resourceVersion: '2', time: 200, after: { v: 2 } }));
    await store.add(newChange({ name: 'ratings', resourceVersion: '3', time: 300, after: { r: 1 } }));
    await store.add(newChange({ operation: 'delete', resourceVersion: '4', time: 400, after: undefined }));
    await store.add(newChange({ namespace: 'shop', name: 'cart', resourceVersion: '5', time: 150 }));
    const at = async (t?: number, ns?: string) =>
      (await store.stateAt(t, ns)).map((c) => `${c.name}:${c.resourceVersion}`);
    expect(await at(50)).toEqual([]);
    expect(await at(150, 'bookinfo')).toEqual(['reviews:1']);
    expect(await at(250, 'bookinfo')).toEqual(['reviews:2']);
    expect(await at(350, 'bookinfo')).toEqual(['ratings:3', 'reviews:2']);
    expect(await at(undefined, 'bookinfo')).toEqual(['ratings:3']);
    expect(await at()).toEqual(['ratings:3', 'cart:5']);
    expect(await store.since()).toBe(100);
    await store.close();
  });

  it("prunes by age but keeps every object's last state; prunes by size down to the limit", async () => {
    const { store } = await open();
    for (let i = 1; i <= 30; i++)
      await store.add(
        newChange({
          operation: i === 1 ? 'create' : 'update',
          resourceVersion: String(i),
          time: i * 100,
          after: { v: i, pad: 'x'.repeat(2_000) },
        }),
      );
    await store.add(newChange({ name: 'gone', resourceVersion: '100', time: 50 }));
    await store.add(newChange({ name: 'gone', operation: 'delete', resourceVersion: '101', time: 60 }));
    expect(await store.prune(2_000, undefined)).toBe(21);
    expect((await store.list({ limit: 100 })).map((c) => Number(c.resourceVersion)).at(-1)).toBe(20);
    expect((await store.stateAt()).map((c) => c.resourceVersion)).toEqual(['30']);
    // Far past the cutoff the last state still stands.
    expect(await store.prune(1_000_000, undefined)).toBe(10);
    expect((await store.stateAt()).map((c) => c.resourceVersion)).toEqual(['30']);
    for (let i = 31; i <= 200; i++)
      await store.add(
        newChange({
          operation: 'update',
          resourceVersion: String(i),
          time: i * 100,
          after: { v: i, pad: 'x'.repeat(2_000) },
        }),
      );
    const removed = await store.prune(0, 150_000);
    expect(removed).toBeGreaterThan(0);
    expect((await store.stateAt()).map((c) => c.resourceVersion)).toEqual(['200']);
    const left = (await store.list({ limit: 1_000 })).map((c) => Number(c.resourceVersion));
    // The oldest went first.
    expect(Math.min(...left)).toBeGreaterThan(31);
    await store.close();
  });
}
