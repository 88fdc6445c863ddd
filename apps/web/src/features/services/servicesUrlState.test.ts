import { describe, expect, it } from 'vitest';
import { decodeTableState } from '../../components/DataTable/tableState.ts';
import { decodeViewState } from '../graph/urlState.ts';
import {
  parseServicesListState,
  serviceDetailsHref,
  serviceGraphHref,
  servicesListHref,
  servicesListPageHref,
  servicesListSearch,
  type ServicesListState,
} from './servicesUrlState.ts';

describe('services list URL state', () => {
  it.each<[string, ServicesListState]>([
    ['namespaces=bookinfo', { namespaces: ['bookinfo'] }],
    ['namespaces=bookinfo,default', { namespaces: ['bookinfo', 'default'] }],
    ['', { namespaces: [] }],
  ])('round-trips %j', (search, state) => {
    expect(parseServicesListState(search)).toEqual(state);
    expect(servicesListSearch(state)).toBe(search);
  });

  it.each<[string, ServicesListState]>([
    ['namespaces=a,,b,a,%20c%20', { namespaces: ['a', 'b', 'c'] }],
    ['namespaces=', { namespaces: [] }],
    ['other=1', { namespaces: [] }],
  ])('reads untidy %j', (search, state) => {
    expect(parseServicesListState(search)).toEqual(state);
  });

  it('keeps the table state beside the namespaces, and reads it back', () => {
    const table = {
      sort: { column: 'name', direction: 'desc' as const },
      filter: 'rev',
      columns: ['name', 'routing'],
    };
    const href = servicesListPageHref({ namespaces: ['bookinfo', 'shop'] }, table);
    expect(href).toBe('/services?namespaces=bookinfo,shop&sort=-name&q=rev&cols=name,routing');
    const search = href.slice('/services?'.length);
    expect(parseServicesListState(search)).toEqual({ namespaces: ['bookinfo', 'shop'] });
    expect(decodeTableState(new URLSearchParams(search), ['name', 'routing'])).toEqual(table);
    expect(
      servicesListPageHref({ namespaces: [] }, { sort: undefined, filter: '', columns: undefined }),
    ).toBe('/services');
  });

  it('builds the list href, leaving out an empty filter', () => {
    expect(servicesListHref({ namespaces: ['bookinfo'] })).toBe('/services?namespaces=bookinfo');
    expect(servicesListHref({ namespaces: [] })).toBe('/services');
  });
});

describe('service links', () => {
  it('encodes the details path', () => {
    expect(serviceDetailsHref('book info', 'reviews')).toBe('/namespaces/book%20info/services/reviews');
  });

  it('opens the graph of the namespace with the service found', () => {
    const href = serviceGraphHref('bookinfo', 'reviews');
    expect(href.startsWith('/graph?')).toBe(true);
    const view = decodeViewState(href.slice('/graph?'.length));
    expect(view.namespaces).toEqual(['bookinfo']);
    expect(view.find).toBe('service = reviews or app = reviews');
  });
});
