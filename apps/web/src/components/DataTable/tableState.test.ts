import { describe, expect, it } from 'vitest';
import {
  EMPTY_TABLE_STATE,
  decodeTableState,
  encodeTableState,
  nextSort,
  rowWindow,
  toggleColumn,
  visibleRows,
  type TableState,
} from './tableState.ts';

const IDS = ['name', 'namespace', 'health', 'rate'];

const encode = (state: TableState, base = '') => {
  const params = new URLSearchParams(base);
  encodeTableState(state, params);
  return params.toString();
};

describe('table state in the URL', () => {
  const roundTrips: Array<[string, TableState]> = [
    ['defaults', EMPTY_TABLE_STATE],
    ['ascending sort', { sort: { column: 'name', direction: 'asc' }, filter: '', columns: undefined }],
    ['descending sort', { sort: { column: 'rate', direction: 'desc' }, filter: '', columns: undefined }],
    ['filter with spaces and symbols', { sort: undefined, filter: 'reviews v2 & co=1', columns: undefined }],
    ['column choice', { sort: undefined, filter: '', columns: ['health', 'name'] }],
    [
      'everything',
      { sort: { column: 'health', direction: 'desc' }, filter: 'bookinfo', columns: ['name', 'health'] },
    ],
  ];
  it.each(roundTrips)('%s survives encode -> decode', (_, state) => {
    expect(decodeTableState(new URLSearchParams(encode(state)), IDS)).toEqual(state);
  });

  it('keeps the page parameters beside its own and writes nothing at the defaults', () => {
    expect(encode(EMPTY_TABLE_STATE, 'namespaces=a,b&sort=x')).toBe('namespaces=a%2Cb');
    expect(encode({ sort: { column: 'rate', direction: 'desc' }, filter: 'x', columns: ['name'] })).toBe(
      'sort=-rate&q=x&cols=name',
    );
  });

  const unreadable: Array<[string, string, TableState]> = [
    ['an unknown sort column', 'sort=-bogus', EMPTY_TABLE_STATE],
    ['unknown columns are dropped', 'cols=bogus,name,name', { ...EMPTY_TABLE_STATE, columns: ['name'] }],
    ['no known column is the default', 'cols=bogus', EMPTY_TABLE_STATE],
  ];
  it.each(unreadable)('%s', (_, search, want) => {
    expect(decodeTableState(new URLSearchParams(search), IDS)).toEqual(want);
  });
});

describe('nextSort / toggleColumn', () => {
  it('cycles ascending, descending, none', () => {
    const asc = nextSort(undefined, 'name');
    expect(asc).toEqual({ column: 'name', direction: 'asc' });
    const desc = nextSort(asc, 'name');
    expect(desc).toEqual({ column: 'name', direction: 'desc' });
    expect(nextSort(desc, 'name')).toBeUndefined();
    expect(nextSort(desc, 'rate')).toEqual({ column: 'rate', direction: 'asc' });
  });
  it('keeps the page order of columns and never hides the last one', () => {
    expect(toggleColumn(['name', 'rate'], 'health', IDS)).toEqual(['name', 'health', 'rate']);
    expect(toggleColumn(['name', 'rate'], 'rate', IDS)).toEqual(['name']);
    expect(toggleColumn(['name'], 'name', IDS)).toEqual(['name']);
  });
});

describe('visibleRows', () => {
  type Row = { name: string; ns: string; rate: number };
  const rows: Row[] = [
    { name: 'reviews-v10', ns: 'bookinfo', rate: 1 },
    { name: 'reviews-v2', ns: 'bookinfo', rate: 3 },
    { name: 'ratings-v1', ns: 'shop', rate: 3 },
  ];
  const columns = [
    { id: 'name', sortValue: (r: Row) => r.name, filterText: (r: Row) => r.name },
    { id: 'ns', filterText: (r: Row) => r.ns },
    { id: 'rate', sortValue: (r: Row) => r.rate },
  ];
  const names = (sort: TableState['sort'], filter = '') =>
    visibleRows(rows, columns, { sort, filter }).map((r) => r.name);
  const cases: Array<[string, TableState['sort'], string, string[]]> = [
    ['page order without sort', undefined, '', ['reviews-v10', 'reviews-v2', 'ratings-v1']],
    [
      'names sort numerically',
      { column: 'name', direction: 'asc' },
      '',
      ['ratings-v1', 'reviews-v2', 'reviews-v10'],
    ],
    [
      'numbers descending, ties stable',
      { column: 'rate', direction: 'desc' },
      '',
      ['reviews-v2', 'ratings-v1', 'reviews-v10'],
    ],
    ['filter any column, case-insensitive', undefined, 'SHOP', ['ratings-v1']],
    ['every word must match', undefined, 'reviews bookinfo v2', ['reviews-v2']],
    [
      'unsortable column keeps order',
      { column: 'ns', direction: 'asc' },
      '',
      ['reviews-v10', 'reviews-v2', 'ratings-v1'],
    ],
  ];
  it.each(cases)('%s', (_, sort, filter, want) => expect(names(sort, filter)).toEqual(want));
});

describe('rowWindow', () => {
  const cases: Array<[string, Parameters<typeof rowWindow>, { start: number; end: number }]> = [
    ['top of 2,000 rows', [2000, 40, 0, 400, 5], { start: 0, end: 16 }],
    ['scrolled to the middle', [2000, 40, 40_000, 400, 5], { start: 995, end: 1016 }],
    ['the end', [2000, 40, 80_000, 400, 5], { start: 1995, end: 2000 }],
    ['fewer rows than fit', [3, 40, 0, 400, 5], { start: 0, end: 3 }],
  ];
  it.each(cases)('%s', (_, args, want) => expect(rowWindow(...args)).toEqual(want));
});
