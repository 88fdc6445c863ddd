import { describe, expect, it } from 'vitest';
import { PodLogStore } from './podLogStore.ts';

function storeWith(count: number, capacity = 5): PodLogStore {
  const store = new PodLogStore(capacity);
  for (let i = 1; i <= count; i++) store.append('ns', 'pod', 'c', { timeMs: i * 1000, text: `line ${i}` });
  return store;
}

describe('PodLogStore', () => {
  it.each([
    { name: 'all lines', count: 3, options: {}, expected: ['line 1', 'line 2', 'line 3'] },
    {
      name: 'old lines rotate out',
      count: 8,
      options: {},
      expected: ['line 4', 'line 5', 'line 6', 'line 7', 'line 8'],
    },
    { name: 'tail', count: 8, options: { tailLines: 2 }, expected: ['line 7', 'line 8'] },
    { name: 'tail 0', count: 3, options: { tailLines: 0 }, expected: [] },
    { name: 'since', count: 4, options: { sinceMs: 3000 }, expected: ['line 3', 'line 4'] },
    { name: 'since then tail', count: 5, options: { sinceMs: 2000, tailLines: 1 }, expected: ['line 5'] },
  ])('$name', ({ count, options, expected }) => {
    expect(
      storeWith(count)
        .read('ns', 'pod', 'c', options)
        .map((l) => l.text),
    ).toEqual(expected);
  });

  it('reads an unknown container as empty', () => {
    expect(storeWith(2).read('ns', 'pod', 'other')).toEqual([]);
  });

  it('tells followers about new lines until they unsubscribe', () => {
    const store = storeWith(1);
    const seen: string[] = [];
    const stop = store.follow('ns', 'pod', 'c', (l) => seen.push(l.text));
    store.append('ns', 'pod', 'c', { timeMs: 5, text: 'new' });
    stop();
    store.append('ns', 'pod', 'c', { timeMs: 6, text: 'after' });
    expect(seen).toEqual(['new']);
  });

  it('forgets a deleted pod', () => {
    const store = storeWith(2);
    store.forgetPod('ns', 'pod');
    expect(store.read('ns', 'pod', 'c')).toEqual([]);
  });
});
