import { describe, expect, it } from 'vitest';
import { ObjectStore } from './store.ts';
import type { KubeObject, StoreEvent } from './types.ts';

const VS = { group: 'networking.istio.io', resource: 'virtualservices' };
const vs = (name: string, spec: unknown = { hosts: [name] }): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo' },
  spec,
});

function newStore(historyLimit = 100): ObjectStore {
  let uid = 0;
  return new ObjectStore({
    historyLimit,
    now: () => new Date('2026-01-02T03:04:05.678Z'),
    newUid: () => `uid-${++uid}`,
  });
}

describe('ObjectStore', () => {
  it('assigns identity on create and bumps the resourceVersion on every write', () => {
    const store = newStore();
    const created = store.create(VS, vs('reviews'));
    expect(created.metadata).toMatchObject({
      uid: 'uid-1',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: '2026-01-02T03:04:05Z',
    });
    const updated = store.update(VS, { ...created, spec: { hosts: ['reviews', 'x'] } });
    expect(updated.metadata).toMatchObject({ uid: 'uid-1', resourceVersion: '2', generation: 2 });
    const labelled = store.update(VS, { ...updated, metadata: { ...updated.metadata, labels: { a: 'b' } } });
    expect(labelled.metadata).toMatchObject({ resourceVersion: '3', generation: 2 });
    expect(store.resourceVersion()).toBe('3');
  });

  it('refuses a duplicate create with 409 AlreadyExists', () => {
    const store = newStore();
    store.create(VS, vs('reviews'));
    expect(() => store.create(VS, vs('reviews'))).toThrow(
      expect.objectContaining({ code: 409, reason: 'AlreadyExists' }),
    );
  });

  it('refuses an update with a stale resourceVersion (409 Conflict) and keeps the stored object', () => {
    const store = newStore();
    const v1 = store.create(VS, vs('reviews'));
    store.update(VS, { ...v1, spec: { hosts: ['b'] } });
    expect(() => store.update(VS, { ...v1, spec: { hosts: ['c'] } })).toThrow(
      expect.objectContaining({ code: 409, reason: 'Conflict' }),
    );
    expect(store.get(VS, 'bookinfo', 'reviews')?.spec).toEqual({ hosts: ['b'] });
  });

  it('treats an empty resourceVersion as an unconditional update', () => {
    const store = newStore();
    const v1 = store.create(VS, vs('reviews'));
    store.update(VS, { ...v1, spec: { hosts: ['b'] } });
    const forced = store.update(VS, {
      ...v1,
      metadata: { ...v1.metadata, resourceVersion: '' },
      spec: { hosts: ['c'] },
    });
    expect(forced.spec).toEqual({ hosts: ['c'] });
  });

  it('does not create a revision for a no-op update', () => {
    const store = newStore();
    const v1 = store.create(VS, vs('reviews'));
    expect(store.update(VS, structuredClone(v1)).metadata.resourceVersion).toBe('1');
  });

  it('404s on update and delete of a missing object', () => {
    const store = newStore();
    expect(() => store.update(VS, vs('nope'))).toThrow(expect.objectContaining({ code: 404 }));
    expect(() => store.delete(VS, 'bookinfo', 'nope')).toThrow(expect.objectContaining({ code: 404 }));
  });

  it('checks delete preconditions', () => {
    const store = newStore();
    store.create(VS, vs('reviews'));
    expect(() => store.delete(VS, 'bookinfo', 'reviews', { resourceVersion: '99' })).toThrow(
      expect.objectContaining({ code: 409 }),
    );
    expect(() => store.delete(VS, 'bookinfo', 'reviews', { uid: 'other' })).toThrow(
      expect.objectContaining({ code: 409 }),
    );
    expect(store.delete(VS, 'bookinfo', 'reviews', { resourceVersion: '1' }).metadata.resourceVersion).toBe(
      '2',
    );
    expect(store.get(VS, 'bookinfo', 'reviews')).toBeUndefined();
  });

  it('writes nothing and emits nothing on dry run', () => {
    const store = newStore();
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    const dry = store.create(VS, vs('reviews'), { dryRun: true });
    expect(dry.metadata.name).toBe('reviews');
    expect(store.get(VS, 'bookinfo', 'reviews')).toBeUndefined();
    expect(events).toEqual([]);
    expect(store.resourceVersion()).toBe('0');
  });

  it('replays events after a resourceVersion and reports expired history', () => {
    const store = newStore(2);
    const a = store.create(VS, vs('a')); // rv 1
    store.create(VS, vs('b')); // rv 2
    store.update(VS, { ...a, spec: { hosts: ['z'] } }); // rv 3
    expect(store.eventsSince(VS, 1)).toMatchObject([
      { type: 'ADDED', object: { metadata: { name: 'b' } } },
      { type: 'MODIFIED', object: { metadata: { name: 'a' } } },
    ]);
    expect(store.eventsSince(VS, 3)).toEqual([]);
    expect(store.eventsSince(VS, 0)).toBe('expired');
  });

  it('forgets its history like a restarted API server: older versions expire, newer ones replay', () => {
    const store = newStore();
    store.create(VS, vs('a')); // rv 1
    store.create(VS, vs('b')); // rv 2
    store.expireHistory();
    expect(store.eventsSince(VS, 1)).toBe('expired');
    expect(store.eventsSince(VS, 2)).toEqual([]);
    const other = { group: '', resource: 'services' };
    expect(store.eventsSince(other, 1)).toBe('expired');
    store.create(VS, vs('c')); // rv 3
    expect(store.eventsSince(VS, 2)).toMatchObject([{ type: 'ADDED', object: { metadata: { name: 'c' } } }]);
    expect(store.list(VS).map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('lists in a stable order, per namespace or across all', () => {
    const store = newStore();
    store.create(VS, { ...vs('b'), metadata: { name: 'b', namespace: 'z' } });
    store.create(VS, vs('c'));
    store.create(VS, vs('a'));
    expect(store.list(VS).map((o) => o.metadata.name)).toEqual(['a', 'c', 'b']);
    expect(store.list(VS, 'z').map((o) => o.metadata.name)).toEqual(['b']);
  });
});
