import { describe, expect, it } from 'vitest';
import { minimalChange } from './textChange.ts';

describe('minimalChange', () => {
  it.each([
    { name: 'equal texts', before: 'a: 1\n', after: 'a: 1\n', change: undefined },
    {
      name: 'a changed value',
      before: 'w: 50\nx: 1\n',
      after: 'w: 80\nx: 1\n',
      change: { from: 3, to: 4, insert: '8' },
    },
    { name: 'an insertion', before: 'a\nc\n', after: 'a\nb\nc\n', change: { from: 2, to: 2, insert: 'b\n' } },
    { name: 'a deletion', before: 'a\nb\nc\n', after: 'a\nc\n', change: { from: 2, to: 4, insert: '' } },
    { name: 'from empty', before: '', after: 'x', change: { from: 0, to: 0, insert: 'x' } },
    { name: 'to empty', before: 'x', after: '', change: { from: 0, to: 1, insert: '' } },
    { name: 'repeated characters', before: 'aaa', after: 'aaaa', change: { from: 3, to: 3, insert: 'a' } },
  ])('$name', ({ before, after, change }) => {
    const got = minimalChange(before, after);
    expect(got).toEqual(change);
    if (got) expect(before.slice(0, got.from) + got.insert + before.slice(got.to)).toBe(after);
  });
});
