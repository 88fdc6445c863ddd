import type { DashboardSeries } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { allGroups, defaultShown, hasPoints, seriesStyles, toColumns } from './chartData.ts';

const s = (group: string, stat: string, points: Array<[number, number]>): DashboardSeries => ({
  group,
  stat,
  label: `${group} ${stat}`,
  points,
});

describe('toColumns', () => {
  it('puts every series on one sorted time axis, with gaps as null', () => {
    expect(
      toColumns([
        s('v1', 'total', [
          [20, 1],
          [10, 2],
        ]),
        s('v2', 'total', [[30, 0]]),
      ]),
    ).toEqual({
      times: [10, 20, 30],
      values: [
        [2, 1, null],
        [null, null, 0],
      ],
    });
  });

  it('is empty for no series', () => {
    expect(toColumns([])).toEqual({ times: [], values: [] });
  });
});

describe('hasPoints', () => {
  it.each([
    [[], false],
    [[s('all', 'total', [])], false],
    [[s('all', 'total', [[1, 0]])], true],
  ] as const)('%j -> %s', (series, expected) => {
    expect(hasPoints(series)).toBe(expected);
  });
});

describe('seriesStyles and allGroups', () => {
  it('gives a group one colour everywhere, its stats dashes', () => {
    const groups = allGroups([
      { series: [s('v10', 'total', []), s('v2', 'total', []), s('v1', 'total', [])] },
    ]);
    expect(groups).toEqual(['v1', 'v2', 'v10']);
    expect(seriesStyles([s('v2', 'avg', []), s('v2', 'p95', []), s('v10', 'avg', [])], groups)).toEqual([
      { color: 1, dash: undefined },
      { color: 1, dash: [4, 3] },
      { color: 2, dash: undefined },
    ]);
  });

  it('colours the stats of a panel of one group', () => {
    expect(seriesStyles([s('all', 'avg', []), s('all', 'p50', []), s('all', 'p99', [])], ['all'])).toEqual([
      { color: 0, dash: undefined },
      { color: 1, dash: undefined },
      { color: 2, dash: undefined },
    ]);
  });
});

describe('defaultShown', () => {
  const flat = (group: string, stat: string, v: number) => ({
    group,
    stat,
    label: `${group} ${stat}`,
    points: [
      [1, v],
      [2, v],
    ] as Array<[number, number]>,
  });
  it('a one-stat panel: the six busiest groups', () => {
    const series = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((g, i) => flat(g, 'total', i));
    expect([...defaultShown(series)].sort()).toEqual(
      ['c total', 'd total', 'e total', 'f total', 'g total', 'h total'].sort(),
    );
  });
  it('two stats of four groups: both stats of the three busiest groups', () => {
    const series = ['v1', 'v2', 'v3', 'v4'].flatMap((g, i) =>
      ['avg', 'p95'].map((stat) => flat(g, stat, (i + 1) * (stat === 'p95' ? 2 : 1))),
    );
    expect([...defaultShown(series)].sort()).toEqual([
      'v2 avg',
      'v2 p95',
      'v3 avg',
      'v3 p95',
      'v4 avg',
      'v4 p95',
    ]);
  });
  it('avg/p50/p95/p99 of many groups: avg and p95 of the three busiest, 6 lines', () => {
    const series = ['v1', 'v2', 'v3', 'v4', 'v5'].flatMap((g, i) =>
      ['avg', 'p50', 'p95', 'p99'].map((stat) => flat(g, stat, i + 1)),
    );
    expect([...defaultShown(series)].sort()).toEqual(
      ['v3 avg', 'v3 p95', 'v4 avg', 'v4 p95', 'v5 avg', 'v5 p95'].sort(),
    );
  });
  it('avg/p50/p95/p99 of two groups: avg, p95 and p99 of both', () => {
    const series = ['v1', 'v2'].flatMap((g) => ['p50', 'p99', 'avg', 'p95'].map((stat) => flat(g, stat, 1)));
    expect([...defaultShown(series)].sort()).toEqual(
      ['v1 avg', 'v1 p95', 'v1 p99', 'v2 avg', 'v2 p95', 'v2 p99'].sort(),
    );
  });
  it('one group of four stats: all four', () => {
    const series = ['avg', 'p50', 'p95', 'p99'].map((stat) => flat('all', stat, 1));
    expect(defaultShown(series).size).toBe(4);
  });
  it("ranks groups by their request volume when given, not by the panel's own values", () => {
    // The slowest versions are not the busiest: duration panels follow the volume panel.
    const series = ['v1', 'v2', 'v3', 'v4'].flatMap((g, i) =>
      ['avg', 'p95'].map((stat) => flat(g, stat, 100 * (i + 1))),
    );
    const volume = new Map([
      ['v1', 9],
      ['v2', 8],
      ['v3', 0.1],
      ['v4', 7],
    ]);
    expect([...defaultShown(series, volume)].sort()).toEqual(
      ['v1 avg', 'v1 p95', 'v2 avg', 'v2 p95', 'v4 avg', 'v4 p95'].sort(),
    );
  });
  it('few series: all of them', () => {
    expect(defaultShown([flat('all', 'total', 0)])).toEqual(new Set(['all total']));
  });
});
