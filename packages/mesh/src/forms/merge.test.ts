import { describe, expect, it } from 'vitest';
import { mergeThreeWay, parsePath, replaceAtPath, takeTheirs } from './merge.ts';

const route = (w1: number, w2: number, extra: Record<string, unknown> = {}) => ({
  route: [
    { destination: { host: 'reviews', subset: 'v1' }, weight: w1 },
    { destination: { host: 'reviews', subset: 'v2' }, weight: w2 },
  ],
  ...extra,
});
const vs = (http: unknown[], metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', resourceVersion: '1', ...metadata },
  spec: { hosts: ['reviews'], http },
});

describe('mergeThreeWay', () => {
  it.each([
    {
      name: 'only I changed: mine',
      base: { a: 1, b: 2 },
      mine: { a: 5, b: 2 },
      theirs: { a: 1, b: 2 },
      merged: { a: 5, b: 2 },
    },
    {
      name: 'only they changed: theirs',
      base: { a: 1, b: 2 },
      mine: { a: 1, b: 2 },
      theirs: { a: 1, b: 3 },
      merged: { a: 1, b: 3 },
    },
    {
      name: 'different fields: both changes',
      base: { a: 1, b: 2 },
      mine: { a: 5, b: 2 },
      theirs: { a: 1, b: 3 },
      merged: { a: 5, b: 3 },
    },
    {
      name: 'the same change on both sides: once, no conflict',
      base: { a: 1 },
      mine: { a: 7 },
      theirs: { a: 7 },
      merged: { a: 7 },
    },
    {
      name: 'a field I added and one they removed',
      base: { a: 1, b: 2 },
      mine: { a: 1, b: 2, c: 3 },
      theirs: { a: 1 },
      merged: { a: 1, c: 3 },
    },
    {
      name: 'a field I removed that they did not touch',
      base: { a: 1, b: 2 },
      mine: { a: 1 },
      theirs: { a: 1, b: 2, z: 0 },
      merged: { a: 1, z: 0 },
    },
    {
      name: 'equal-length lists item by item',
      base: [1, 2, 3],
      mine: [9, 2, 3],
      theirs: [1, 2, 8],
      merged: [9, 2, 8],
    },
  ])('$name', ({ base, mine, theirs, merged }) => {
    const result = mergeThreeWay<unknown>(base, mine, theirs);
    expect(result.merged).toEqual(merged);
    expect(result.conflicts).toEqual([]);
  });

  it('my weights onto their label and their new corsPolicy, their resourceVersion: no conflict', () => {
    const base = vs([route(50, 50)]);
    const mine = vs([route(80, 20)]);
    const theirs = vs([route(50, 50, { corsPolicy: { allowOrigins: [{ exact: 'x' }] } })], {
      resourceVersion: '2',
      labels: { team: 'books' },
    });
    const { merged, conflicts } = mergeThreeWay(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toEqual(
      vs([route(80, 20, { corsPolicy: { allowOrigins: [{ exact: 'x' }] } })], {
        resourceVersion: '2',
        labels: { team: 'books' },
      }),
    );
  });

  it('both changed the same weight: a conflict naming the field, mine kept', () => {
    const { merged, conflicts } = mergeThreeWay(
      vs([route(50, 50)]),
      vs([route(80, 20)]),
      vs([route(60, 40)]),
    );
    expect(conflicts).toEqual([
      { path: 'spec.http[0].route[0].weight', base: 50, mine: 80, theirs: 60 },
      { path: 'spec.http[0].route[1].weight', base: 50, mine: 20, theirs: 40 },
    ]);
    expect(merged.spec.http).toEqual([route(80, 20)]);
  });

  it('named lists merge by name: their new subset stays, my edit of another subset too', () => {
    const sub = (name: string, extra: Record<string, unknown> = {}) => ({
      name,
      labels: { version: name },
      ...extra,
    });
    const base = { subsets: [sub('v1'), sub('v2')] };
    const mine = {
      subsets: [sub('v1', { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }), sub('v2'), sub('v4')],
    };
    const theirs = { subsets: [sub('v1'), sub('v2'), sub('v3')] };
    const { merged, conflicts } = mergeThreeWay(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.subsets.map((s) => s.name)).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(merged.subsets[0]).toEqual(mine.subsets[0]);
  });

  it('named lists: a subset I removed while they changed it is a conflict; taking theirs puts it back', () => {
    const base = { subsets: [{ name: 'v1' }, { name: 'v2' }] };
    const mine = { subsets: [{ name: 'v1' }] };
    const theirs = { subsets: [{ name: 'v1' }, { name: 'v2', labels: { version: 'v2' } }, { name: 'v3' }] };
    const { merged, conflicts } = mergeThreeWay<{ subsets: unknown[] }>(base, mine, theirs);
    expect(merged.subsets).toEqual([{ name: 'v1' }, { name: 'v3' }]);
    expect(conflicts).toEqual([
      { path: 'subsets[2]', base: { name: 'v2' }, mine: undefined, theirs: theirs.subsets[1] },
    ]);
    expect(takeTheirs(merged, conflicts[0]!).subsets).toEqual([
      { name: 'v1' },
      { name: 'v3' },
      theirs.subsets[1],
    ]);
  });

  it('my weight edit of route 1 lands while they appended a route: both kept', () => {
    const catchAll = { route: [{ destination: { host: 'reviews', subset: 'v3' } }] };
    const { merged, conflicts } = mergeThreeWay(
      vs([route(50, 50)]),
      vs([route(80, 20)]),
      vs([route(50, 50), catchAll]),
    );
    expect(conflicts).toEqual([]);
    expect(merged.spec.http).toEqual([route(80, 20), catchAll]);
  });

  it('their timeout on route 1 lands while I inserted a route before it', () => {
    const header = { match: [{ headers: { 'end-user': { exact: 'jason' } } }], ...route(0, 100) };
    const { merged, conflicts } = mergeThreeWay(
      vs([route(50, 50)]),
      vs([header, route(50, 50)]),
      vs([route(50, 50, { timeout: '5s' })]),
    );
    expect(conflicts).toEqual([]);
    expect(merged.spec.http).toEqual([header, route(50, 50, { timeout: '5s' })]);
  });

  it.each([
    {
      name: 'they removed an item I did not touch; my edit of another stands',
      base: ['a', { v: 1 }],
      mine: ['a', { v: 2 }],
      theirs: [{ v: 1 }],
      merged: [{ v: 2 }],
    },
    {
      name: 'I removed an item; their in-place edit of another lands',
      base: [{ v: 1 }, 'b'],
      mine: [{ v: 1 }],
      theirs: [{ v: 9 }, 'b'],
      merged: [{ v: 9 }],
    },
  ])('lists reshaped on one side, edited in place on the other: $name', ({ base, mine, theirs, merged }) => {
    const result = mergeThreeWay<unknown>(base, mine, theirs);
    expect(result.merged).toEqual(merged);
    expect(result.conflicts).toEqual([]);
  });

  it('an item I edited that they removed: one conflict on the list, mine kept', () => {
    const { merged, conflicts } = mergeThreeWay({ l: [{ v: 1 }, 'b'] }, { l: [{ v: 2 }, 'b'] }, { l: ['b'] });
    expect(merged).toEqual({ l: [{ v: 2 }, 'b'] });
    expect(conflicts.map((c) => c.path)).toEqual(['l']);
  });

  it('they replaced a host while I added one: both land', () => {
    const { merged, conflicts } = mergeThreeWay({ hosts: ['a'] }, { hosts: ['a', 'b'] }, { hosts: ['c'] });
    expect(merged).toEqual({ hosts: ['c', 'b'] });
    expect(conflicts).toEqual([]);
  });

  it('unnamed lists both reshaped and edited: one conflict on the list, mine kept', () => {
    const { merged, conflicts } = mergeThreeWay({ hosts: ['a'] }, { hosts: ['a2', 'b'] }, { hosts: ['c'] });
    expect(merged).toEqual({ hosts: ['a2', 'b'] });
    expect(conflicts).toEqual([{ path: 'hosts', base: ['a'], mine: ['a2', 'b'], theirs: ['c'] }]);
  });

  it('a scalar turned into an object on one side and changed on the other: a conflict', () => {
    const { conflicts } = mergeThreeWay({ t: '1s' }, { t: '2s' }, { t: { seconds: 3 } });
    expect(conflicts.map((c) => c.path)).toEqual(['t']);
  });

  it('keeps their key order and appends the keys I added', () => {
    const { merged } = mergeThreeWay({ b: 1, a: 1 }, { a: 1, b: 1, c: 1 }, { b: 1, a: 2 });
    expect(Object.keys(merged)).toEqual(['b', 'a', 'c']);
  });
});

describe('takeTheirs / replaceAtPath / parsePath', () => {
  it.each([
    ['spec.http[0].route[1].weight', ['spec', 'http', 0, 'route', 1, 'weight']],
    ['subsets[2]', ['subsets', 2]],
    ['a.b', ['a', 'b']],
    ['', []],
    ['m[0][1]', ['m', 0, 1]],
  ])('parsePath(%s)', (path, expected) => {
    expect(parsePath(path)).toEqual(expected);
  });

  it('takes their value at a conflict path and leaves the rest', () => {
    const merged = vs([route(80, 20)]);
    const taken = takeTheirs(merged, {
      path: 'spec.http[0].route[0].weight',
      base: 50,
      mine: 80,
      theirs: 60,
    });
    expect(taken.spec.http).toEqual([route(60, 20)]);
    expect(merged.spec.http).toEqual([route(80, 20)]);
  });

  it('removes a field when theirs removed it', () => {
    expect(takeTheirs({ a: 1, b: 2 }, { path: 'b', base: 1, mine: 2, theirs: undefined })).toEqual({ a: 1 });
  });

  it('changes nothing for a path that does not exist', () => {
    const value = { a: { b: 1 } };
    expect(replaceAtPath(value, 'x.y.z', 5)).toBe(value);
  });
});
