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

  it('shares a total budget of lines among containers, each keeping its newest', () => {
    const store = new PodLogStore(10, 20, 2);
    const write = (pod: string, from: number, to: number) => {
      for (let i = from; i <= to; i++) store.append('ns', pod, 'c', { timeMs: i, text: `${pod} ${i}` });
    };
    write('a', 1, 15);
    // One container: its own capacity (10) is the bound.
    expect(store.read('ns', 'a', 'c').map((l) => l.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `a ${i + 6}`),
    );
    // Four containers share 20 lines: 5 each, the oldest dropped at the next line.
    for (const pod of ['b', 'c', 'd']) write(pod, 1, 8);
    expect(store.perContainer).toBe(5);
    expect(store.read('ns', 'b', 'c').map((l) => l.text)).toEqual(['b 4', 'b 5', 'b 6', 'b 7', 'b 8']);
    write('a', 16, 16);
    expect(store.read('ns', 'a', 'c').map((l) => l.text)).toEqual(['a 12', 'a 13', 'a 14', 'a 15', 'a 16']);
    write('a', 17, 18);
    expect(store.read('ns', 'a', 'c').map((l) => l.text)).toEqual(['a 14', 'a 15', 'a 16', 'a 17', 'a 18']);
  });

  it('forgets a deleted pod', () => {
    const store = storeWith(2);
    store.forgetPod('ns', 'pod');
    expect(store.read('ns', 'pod', 'c')).toEqual([]);
  });
});
