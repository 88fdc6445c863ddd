import type { NamespaceOverview } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OVERVIEW_VIEW,
  formatOverviewView,
  parseOverviewView,
  visibleNamespaces,
  type OverviewViewState,
} from './overviewUrlState.ts';

describe('overview URL state', () => {
  it.each<[string, OverviewViewState]>([
    ['', DEFAULT_OVERVIEW_VIEW],
    ['view=table', { ...DEFAULT_OVERVIEW_VIEW, layout: 'table' }],
    ['sort=rate&filter=book', { ...DEFAULT_OVERVIEW_VIEW, sort: 'rate', filter: 'book' }],
    ['health=failing%2Cdegraded', { ...DEFAULT_OVERVIEW_VIEW, health: ['failing', 'degraded'] }],
  ])('%s round-trips', (search, state) => {
    expect(parseOverviewView(search)).toEqual(state);
    expect(formatOverviewView(state)).toBe(search);
  });

  it.each([
    ['view=grid', DEFAULT_OVERVIEW_VIEW],
    ['sort=size', DEFAULT_OVERVIEW_VIEW],
    ['health=bad,failing,failing', { ...DEFAULT_OVERVIEW_VIEW, health: ['failing'] }],
  ])('ignores what it does not know: %s', (search, state) => {
    expect(parseOverviewView(search)).toEqual(state);
  });
});

describe('visibleNamespaces', () => {
  const ns = (name: string, health: NamespaceOverview['health'], rate: number | null): NamespaceOverview => ({
    name,
    istioInjection: true,
    mtls: null,
    health,
    apps: { healthy: 0, degraded: 0, failing: 0, notReady: 0, noData: 0 },
    workloads: { healthy: 0, degraded: 0, failing: 0, notReady: 0, noData: 0 },
    reasons: [],
    config: null,
    traffic:
      rate === null ? null : { requestRate: rate, errorPercent: rate, requestSeries: [], errorSeries: [] },
  });
  const all = [
    ns('b', 'healthy', 5),
    ns('a', 'failing', 1),
    ns('c', 'degraded', null),
    ns('d', 'healthy', 9),
  ];
  const names = (state: Partial<OverviewViewState>) =>
    visibleNamespaces(all, { ...DEFAULT_OVERVIEW_VIEW, ...state }).map((n) => n.name);

  it.each<[Partial<OverviewViewState>, string[]]>([
    [{}, ['a', 'c', 'b', 'd']],
    [{ sort: 'name' }, ['a', 'b', 'c', 'd']],
    [{ sort: 'rate' }, ['d', 'b', 'a', 'c']],
    [{ sort: 'errors' }, ['d', 'b', 'a', 'c']],
    [{ filter: 'B' }, ['b']],
    [{ health: ['healthy'], sort: 'name' }, ['b', 'd']],
  ])('%j -> %j', (state, expected) => {
    expect(names(state)).toEqual(expected);
  });
});
