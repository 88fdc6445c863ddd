import { describe, expect, it } from 'vitest';
import { localLayoutStore } from './layoutStore.ts';

/** A Storage over a Map that throws like a full localStorage past `quota` characters. */
function memoryStorage(quota = Infinity): Storage {
  const map = new Map<string, string>();
  const size = () => [...map.values()].reduce((n, v) => n + v.length, 0);
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      const before = map.get(k);
      map.set(k, v);
      if (size() > quota) {
        if (before === undefined) map.delete(k);
        else map.set(k, before);
        throw new DOMException('full', 'QuotaExceededError');
      }
    },
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

const layout = (savedAt: number, n = 1) => ({
  layout: 'dagre' as const,
  savedAt,
  positions: Object.fromEntries(Array.from({ length: n }, (_, i) => [`node-${i}`, { x: i, y: 2 * i + 1 }])),
});

describe('localLayoutStore', () => {
  it('saves, loads and removes a view', () => {
    const store = localLayoutStore(memoryStorage());
    store.save('ns=a', layout(1));
    expect(store.load('ns=a')).toEqual(layout(1));
    expect(store.load('ns=b')).toBeUndefined();
    store.remove('ns=a');
    expect(store.load('ns=a')).toBeUndefined();
  });

  it('ignores what it cannot read', () => {
    const storage = memoryStorage();
    storage.setItem('sextant.graph.layout.v1:ns=a', '{not json');
    storage.setItem('sextant.graph.layout.v1:ns=b', JSON.stringify({ layout: 'circle', positions: {} }));
    const store = localLayoutStore(storage);
    expect(store.load('ns=a')).toBeUndefined();
    expect(store.load('ns=b')).toBeUndefined();
  });

  it('keeps the 24 most recently saved views', () => {
    const storage = memoryStorage();
    const store = localLayoutStore(storage);
    for (let i = 0; i < 30; i++) store.save(`ns=${i}`, layout(1000 + i));
    expect(storage.length).toBe(24);
    expect(store.load('ns=5')).toBeUndefined();
    expect(store.load('ns=6')).toBeDefined();
  });

  it('drops older views when the storage is full, and gives up quietly when one view is too big', () => {
    const one = JSON.stringify(layout(1, 20)).length;
    const storage = memoryStorage(one * 3 + 10);
    const store = localLayoutStore(storage);
    for (let i = 0; i < 3; i++) store.save(`ns=${i}`, layout(1000 + i, 20));
    store.save('ns=new', layout(2000, 20));
    expect(store.load('ns=new')).toBeDefined();
    expect(store.load('ns=0')).toBeUndefined();
    expect(() => store.save('ns=huge', layout(3000, 500))).not.toThrow();
    expect(store.load('ns=huge')).toBeUndefined();
  });

  it('works without a storage (private mode)', () => {
    const store = localLayoutStore(undefined);
    store.save('ns=a', layout(1));
    expect(store.load('ns=a')).toBeUndefined();
  });
});
