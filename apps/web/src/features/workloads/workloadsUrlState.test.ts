import { describe, expect, it } from 'vitest';
import { decodeViewState } from '../graph/urlState.ts';
import {
  appDetailsHref,
  decodeDetailsTab,
  decodeListPageState,
  encodeListPageState,
  listHref,
  nodeGraphHref,
  workloadDetailsHref,
  type ListPageState,
} from './workloadsUrlState.ts';

const IDS = ['name', 'namespace', 'health', 'rate'];

describe('list page state', () => {
  const cases: Array<[string, ListPageState]> = [
    ['nothing chosen', { namespaces: [], table: { sort: undefined, filter: '', columns: undefined } }],
    [
      'namespaces, sort, filter and columns',
      {
        namespaces: ['bookinfo', 'shop'],
        table: {
          sort: { column: 'health', direction: 'desc' },
          filter: 'reviews v2',
          columns: ['name', 'health'],
        },
      },
    ],
  ];
  it.each(cases)('%s round-trips', (_, state) => {
    expect(decodeListPageState(encodeListPageState(state), IDS)).toEqual(state);
  });
  it('writes readable URLs', () => {
    expect(listHref('workloads', cases[1]![1])).toBe(
      '/workloads?namespaces=bookinfo,shop&sort=-health&q=reviews+v2&cols=name,health',
    );
    expect(listHref('applications', cases[0]![1])).toBe('/applications');
  });
});

describe('details links', () => {
  it('encodes segments and leaves the default tab out', () => {
    expect(workloadDetailsHref('book info', 'reviews-v1')).toBe(
      '/namespaces/book%20info/workloads/reviews-v1',
    );
    expect(appDetailsHref('bookinfo', 'reviews', 'traffic')).toBe(
      '/namespaces/bookinfo/applications/reviews?tab=traffic',
    );
  });
  it.each([
    ['', 'overview'],
    ['tab=logs', 'logs'],
    ['tab=inbound-metrics', 'inbound-metrics'],
    ['tab=bogus', 'overview'],
  ])('tab from %j is %s', (search, tab) => expect(decodeDetailsTab(search)).toBe(tab));
  it('opens the graph focused on the node', () => {
    const href = nodeGraphHref('workload', 'bookinfo', 'reviews-v1');
    const view = decodeViewState(href.slice('/graph?'.length));
    expect(view.node).toEqual({ kind: 'workload', namespace: 'bookinfo', name: 'reviews-v1' });
    expect(view.namespaces).toEqual(['bookinfo']);
    expect(view.graphType).toBe('workload');
  });
});
