import type { DiffLine } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { foldContext } from './diffContext.ts';

const ctx = (n: number): DiffLine => ({ op: 'context', text: `c${n}` });

describe('foldContext', () => {
  it('keeps context around changes and folds the rest', () => {
    const lines: DiffLine[] = [
      ctx(1),
      ctx(2),
      ctx(3),
      { op: 'remove', text: 'a' },
      { op: 'add', text: 'b' },
      ctx(4),
      ctx(5),
    ];
    expect(foldContext(lines, 1).map((r) => (r.op === 'skip' ? `skip${r.count}` : r.text))).toEqual([
      'skip2',
      'c3',
      'a',
      'b',
      'c4',
      'skip1',
    ]);
  });

  it('folds a diff without changes entirely', () =>
    expect(foldContext([ctx(1), ctx(2)])).toEqual([{ op: 'skip', count: 2 }]));
});
