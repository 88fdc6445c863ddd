import { describe, expect, it } from 'vitest';
import { rng } from './__fixtures__/random.ts';
import {
  distribute,
  evenWeights,
  rebalanceWeights,
  rebalanceWithLocks,
  weightsWithAdded,
  weightsWithRemoved,
} from './weights.ts';

describe('rebalanceWithLocks', () => {
  const none = [false, false, false];
  it.each<[string, number[], boolean[], number, number, number[]]>([
    ['80 into three even rows: the others share 20, not 33 each', [34, 33, 33], none, 0, 80, [80, 10, 10]],
    [
      'a locked row keeps its value; the unlocked one absorbs',
      [50, 25, 25],
      [true, false, false],
      1,
      50,
      [50, 50, 0],
    ],
    ['clamped so unlocked rows never go negative', [30, 35, 35], [true, false, false], 1, 90, [30, 70, 0]],
    [
      'every other row locked: taken as typed, the sum leaves 100',
      [50, 50, 0],
      [true, true, false],
      2,
      10,
      [50, 50, 10],
    ],
    ['a blank entry counts as 0', [50, 50], [false, false], 0, NaN, [0, 100]],
    ['the others grow in proportion', [80, 15, 5], none, 0, 20, [20, 60, 20]],
  ])('%s', (_, weights, locked, index, value, expected) => {
    expect(rebalanceWithLocks(weights, locked, index, value)).toEqual(expected);
  });

  it('refuses an index outside the rows', () => {
    expect(() => rebalanceWithLocks([50, 50], [false, false], 2, 10)).toThrow(RangeError);
  });
});

describe('rebalanceWeights', () => {
  it.each<[string, number[], number, number, number[]]>([
    ['two sliders mirror each other', [50, 50], 0, 70, [70, 30]],
    ['the others shrink in proportion', [50, 30, 20], 0, 80, [80, 12, 8]],
    ['the others grow in proportion', [80, 15, 5], 0, 20, [20, 60, 20]],
    ['rounding by largest remainder, ties to the earlier', [34, 33, 33], 2, 0, [51, 49, 0]],
    ['others all at zero share evenly', [100, 0, 0], 0, 40, [40, 30, 30]],
    ['clamped above', [50, 50], 1, 130, [0, 100]],
    ['clamped below and rounded', [50, 50], 1, -3.4, [100, 0]],
    ['fractions rounded', [50, 50], 0, 33.6, [34, 66]],
    ['inputs not summing to 100 come out summing to 100', [10, 10, 10], 0, 10, [10, 45, 45]],
    ['a single destination is always 100', [40], 0, 10, [100]],
    ['negative or NaN others count as 0', [50, -5, Number.NaN], 0, 50, [50, 25, 25]],
    ['NaN new value counts as 0', [50, 50], 0, Number.NaN, [0, 100]],
  ])('%s', (_what, weights, index, value, expected) => {
    expect(rebalanceWeights(weights, index, value)).toEqual(expected);
  });

  it('returns nothing for no weights and refuses an index out of range', () => {
    expect(rebalanceWeights([], 0, 50)).toEqual([]);
    expect(() => rebalanceWeights([50, 50], 2, 10)).toThrow(RangeError);
    expect(() => rebalanceWeights([50, 50], -1, 10)).toThrow(RangeError);
  });

  it('always sums to 100 in whole non-negative numbers, with the moved slider where it was put (property)', () => {
    const r = rng(42);
    for (let n = 0; n < 2000; n++) {
      const weights = r.times(2, 6, () => r.int(0, 100));
      const index = r.int(0, weights.length - 1);
      const value = r.int(-10, 110);
      const out = rebalanceWeights(weights, index, value);
      const ctx = JSON.stringify({ weights, index, value, out });
      expect(
        out.reduce((a, b) => a + b, 0),
        ctx,
      ).toBe(100);
      expect(out[index], ctx).toBe(Math.min(100, Math.max(0, value)));
      expect(
        out.every((w) => Number.isInteger(w) && w >= 0),
        ctx,
      ).toBe(true);
      // Proportional: a larger weight never ends up more than 1 below a smaller one.
      weights.forEach((w, i) =>
        weights.forEach((x, j) => {
          if (i !== index && j !== index && w > x) expect(out[i]! + 1, ctx).toBeGreaterThanOrEqual(out[j]!);
        }),
      );
    }
  });
});

describe('distribute and evenWeights', () => {
  it.each<[number, number[], number[]]>([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [0, 0], [5, 5]],
    [7, [3, 1], [5, 2]],
    [0, [1, 2], [0, 0]],
    [5, [], []],
  ])('distribute(%s, %j) = %j', (total, basis, expected) => {
    expect(distribute(total, basis)).toEqual(expected);
  });

  it('evenWeights', () => {
    expect(evenWeights(3)).toEqual([34, 33, 33]);
    expect(evenWeights(1)).toEqual([100]);
    expect(evenWeights(0)).toEqual([]);
  });
});

describe('weightsWithAdded', () => {
  it.each<[string, (number | undefined)[], number[]]>([
    ['a lone destination without a weight shares half', [undefined], [50, 50]],
    ['a lone destination at 100 shares half', [100], [50, 50]],
    ['the newcomer gets an even third, the others give in proportion', [80, 20], [54, 13, 33]],
    ['even weights stay even', [50, 50], [34, 33, 33]],
    ['others without weights count as 0 and share evenly', [undefined, undefined], [34, 33, 33]],
    ['weights not summing to 100 come out summing to 100', [70, 20], [52, 15, 33]],
    ['the first destination takes everything', [], [100]],
  ])('%s', (_what, weights, expected) => {
    expect(weightsWithAdded(weights)).toEqual(expected);
  });

  it('always sums to 100 in whole non-negative numbers (property)', () => {
    const r = rng(7);
    for (let i = 0; i < 500; i++) {
      const out = weightsWithAdded(r.times(0, 6, () => (r.maybe(0.1) ? undefined : r.int(0, 100))));
      expect(out.reduce((a, b) => a + b, 0)).toBe(100);
      expect(out.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
    }
  });
});

describe('weightsWithRemoved', () => {
  it.each<[string, (number | undefined)[], number, (number | undefined)[]]>([
    ['the last one left takes everything', [50, 50], 1, [100]],
    ['the removed share goes to the others in proportion', [50, 30, 20], 0, [60, 40]],
    ['others at 0 share evenly', [100, 0, 0], 0, [50, 50]],
    ['routes without weights stay without', [undefined, undefined], 0, [undefined]],
    ['removing the only destination leaves none', [100], 0, []],
  ])('%s', (_what, weights, index, expected) => {
    expect(weightsWithRemoved(weights, index)).toEqual(expected);
  });
});
