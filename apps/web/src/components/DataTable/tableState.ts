/**
 * A list page's table view as it travels in the URL: `sort=-health` (a leading `-` sorts
 * descending), `q=` filter text, `cols=name,health` the shown columns (absent: the page's default).
 * Pure and round-trip tested; the page keeps its own parameters (namespaces) beside these.
 */

export interface TableSort {
  column: string;
  direction: 'asc' | 'desc';
}

export interface TableState {
  sort: TableSort | undefined;
  filter: string;
  /** Shown column ids in display order; undefined = the page's default columns. */
  columns: string[] | undefined;
}

export const EMPTY_TABLE_STATE: TableState = Object.freeze({
  sort: undefined,
  filter: '',
  columns: undefined,
});

const PARAM = { sort: 'sort', filter: 'q', columns: 'cols' } as const;

/** Reads the table's parameters; unknown column ids are dropped, never an error. */
export function decodeTableState(params: URLSearchParams, columnIds: readonly string[]): TableState {
  const known = new Set(columnIds);
  const rawSort = params.get(PARAM.sort) ?? '';
  const descending = rawSort.startsWith('-');
  const sortColumn = descending ? rawSort.slice(1) : rawSort;
  const rawColumns = params.get(PARAM.columns);
  const columns =
    rawColumns === null ? undefined : [...new Set(rawColumns.split(',').filter((id) => known.has(id)))];
  return {
    sort: known.has(sortColumn) ? { column: sortColumn, direction: descending ? 'desc' : 'asc' } : undefined,
    filter: params.get(PARAM.filter) ?? '',
    columns: columns && columns.length > 0 ? columns : undefined,
  };
}

/** Writes the table's parameters into `params` (removing those at their default). */
export function encodeTableState(state: TableState, params: URLSearchParams): void {
  params.delete(PARAM.sort);
  params.delete(PARAM.filter);
  params.delete(PARAM.columns);
  if (state.sort) params.set(PARAM.sort, `${state.sort.direction === 'desc' ? '-' : ''}${state.sort.column}`);
  if (state.filter !== '') params.set(PARAM.filter, state.filter);
  if (state.columns) params.set(PARAM.columns, state.columns.join(','));
}

/** Clicking a header: ascending first, then descending, then back to the page's order. */
export function nextSort(current: TableSort | undefined, column: string): TableSort | undefined {
  if (current?.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : undefined;
}

/** Shows or hides one column, keeping the order of `allIds`; the last shown column stays. */
export function toggleColumn(shown: readonly string[], id: string, allIds: readonly string[]): string[] {
  const next = shown.includes(id) ? shown.filter((c) => c !== id) : [...shown, id];
  if (next.length === 0) return [...shown];
  return allIds.filter((c) => next.includes(c));
}

/** What the pure row operations need of a column. */
export interface RowAccess<Row> {
  id: string;
  /** Sort key; columns without one cannot be sorted. */
  sortValue?: (row: Row) => string | number;
  /** Text the filter searches; columns without one are not searched. */
  filterText?: (row: Row) => string;
}

/**
 * Rows whose filterable text contains every word of `filter` (case-insensitive; a word may match
 * any column), sorted by the chosen column (stable: ties keep the page's order).
 */
export function visibleRows<Row>(
  rows: readonly Row[],
  columns: readonly RowAccess<Row>[],
  state: Pick<TableState, 'sort' | 'filter'>,
): Row[] {
  const words = state.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const searchable = columns.filter((c) => c.filterText);
  let out = words.length
    ? rows.filter((row) => {
        const text = searchable
          .map((c) => c.filterText!(row))
          .join('\u0000')
          .toLowerCase();
        return words.every((w) => text.includes(w));
      })
    : [...rows];
  const sortColumn = columns.find((c) => c.id === state.sort?.column);
  if (state.sort && sortColumn?.sortValue) {
    const key = sortColumn.sortValue;
    const sign = state.sort.direction === 'desc' ? -1 : 1;
    out = out
      .map((row, index) => ({ row, index, value: key(row) }))
      .sort((a, b) => sign * compare(a.value, b.value) || a.index - b.index)
      .map((x) => x.row);
  }
  return out;
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Which rows a window of `viewportHeight` pixels at `scrollTop` shows, with `overscan` rows around. */
export function rowWindow(
  rowCount: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(rowCount, first + visible + overscan),
  };
}
