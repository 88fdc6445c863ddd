import type { ChangeSummary } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import {
  authorText,
  byDay,
  changeTitle,
  decodeChangesView,
  DEFAULT_CHANGES_VIEW,
  encodeChangesView,
  graphHref,
  objectHref,
} from './changesView.ts';

const change = (over: Partial<ChangeSummary> = {}): ChangeSummary => ({
  id: 7,
  time: Date.UTC(2026, 11, 5, 10, 0, 0),
  kind: 'virtualServices',
  objectKind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
  operation: 'update',
  resourceVersion: '12',
  attributed: false,
  seenLate: false,
  paths: ['spec.http[0].fault'],
  ...over,
});

describe('changes view state in the URL', () => {
  it('round-trips, defaults left out', () => {
    expect(encodeChangesView({ ...DEFAULT_CHANGES_VIEW })).toBe('');
    const state = {
      namespaces: ['bookinfo', 'shop'],
      kinds: ['virtualServices' as const],
      range: 3600,
      open: 42,
    };
    const search = encodeChangesView(state);
    expect(search).toBe('namespaces=bookinfo,shop&kinds=virtualServices&range=3600&change=42');
    expect(decodeChangesView(search)).toEqual(state);
  });
  it.each([
    ['unknown kinds dropped', 'kinds=pods,services', { kinds: ['services'] }],
    ['a range not offered', 'range=5', {}],
    ['range 0: everything', 'range=0', { range: 0 }],
    ['a bad change id', 'change=x', {}],
  ])('reads %s leniently', (_n, search, expected) => {
    expect(decodeChangesView(search)).toEqual({ ...DEFAULT_CHANGES_VIEW, ...expected });
  });
});

describe('wording and links', () => {
  it.each([
    [change(), 'VirtualService reviews changed', 'seen in the cluster (kubectl or another client)'],
    [
      change({ operation: 'create', attributed: true, author: 'alice' }),
      'VirtualService reviews created',
      'by alice through Sextant',
    ],
    [
      change({ operation: 'delete', attributed: true, author: undefined }),
      'VirtualService reviews deleted',
      'by anonymous through Sextant',
    ],
  ])('%#', (c, title, author) => {
    expect(changeTitle(c)).toBe(title);
    expect(authorText(c)).toBe(author);
  });

  it.each([
    [change(), '/istio/bookinfo/virtualservices/reviews'],
    [
      change({ kind: 'destinationRules', objectKind: 'DestinationRule' }),
      '/istio/bookinfo/destinationrules/reviews',
    ],
    [change({ kind: 'services', objectKind: 'Service' }), '/namespaces/bookinfo/services/reviews'],
    [
      change({ kind: 'deployments', objectKind: 'Deployment', name: 'reviews-v1' }),
      '/namespaces/bookinfo/workloads/reviews-v1',
    ],
    [change({ operation: 'delete' }), undefined],
  ])('object link %#', (c, href) => {
    expect(objectHref(c)).toBe(href);
  });

  it('links the graph of the five minutes before and after, never past now', () => {
    const c = change();
    const at = c.time / 1000;
    const params = (href: string) => new URLSearchParams(href.split('?')[1]);
    expect(params(graphHref(c, 'before', c.time + 3_600_000)).get('queryTime')).toBe(String(at - 1));
    expect(params(graphHref(c, 'after', c.time + 3_600_000)).get('queryTime')).toBe(String(at + 300));
    expect(params(graphHref(c, 'after', c.time + 60_000)).get('queryTime')).toBe(String(at + 60));
    expect(params(graphHref(c, 'after', c.time + 60_000)).get('namespaces')).toBe('bookinfo');
    expect(params(graphHref(c, 'after', c.time + 60_000)).get('duration')).toBe('5m');
  });

  it('groups by day, keeping the order', () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const days = byDay(
      [change({ id: 3 }), change({ id: 2 }), change({ id: 1, time: Date.UTC(2026, 11, 4, 23) })],
      day,
    );
    expect(days.map((d) => [d.day, d.changes.map((c) => c.id)])).toEqual([
      ['2026-12-05', [3, 2]],
      ['2026-12-04', [1]],
    ]);
  });
});
