import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import './DataTable.css';
import {
  nextSort,
  rowWindow,
  toggleColumn,
  visibleRows,
  type RowAccess,
  type TableState,
} from './tableState.ts';

export interface DataTableColumn<Row> extends RowAccess<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** CSS width (the table lays out fixed so columns hold still while rows scroll by). */
  width?: string;
  /** Not shown unless the user picks it. */
  defaultHidden?: boolean;
  /** The row's name: a row header for screen readers. */
  rowHeader?: boolean;
}

interface Props<Row> {
  /** The table's accessible name, e.g. "Workloads". */
  label: string;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  state: TableState;
  onStateChange: (next: TableState) => void;
  /** Shown in place of rows when the filter leaves none. */
  noMatches?: ReactNode;
  /** Pixels; every row has this height so the window can be computed, not measured. */
  rowHeight?: number;
}

const DEFAULT_ROW_HEIGHT = 44;
/** Until the scroll box has been measured (and in DOMs without layout), render this much. */
const FALLBACK_VIEWPORT = 900;

/**
 * The one list table (STYLE.md "One table"): a page supplies columns and rows; sorting, filtering
 * and the column choice are the URL's (`state`), and only the rows in view are in the DOM, so a list
 * of thousands scrolls as smoothly as one of ten.
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  state,
  onStateChange,
  noMatches,
  rowHeight = DEFAULT_ROW_HEIGHT,
}: Props<Row>) {
  const allIds = columns.map((c) => c.id);
  const shownIds = state.columns ?? columns.filter((c) => !c.defaultHidden).map((c) => c.id);
  const shown = columns.filter((c) => shownIds.includes(c.id));
  const visible = visibleRows(rows, columns, state);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setViewport(el.clientHeight || FALLBACK_VIEWPORT);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const { start, end } = rowWindow(visible.length, rowHeight, scrollTop, viewport);
  const filterId = useId();

  return (
    <div className="data-table">
      <div className="data-table__toolbar">
        <label className="data-table__filter" htmlFor={filterId}>
          <span>Filter</span>
          <input
            id={filterId}
            type="search"
            value={state.filter}
            placeholder="Type to filter, e.g. reviews failure"
            onChange={(e) => onStateChange({ ...state, filter: e.target.value })}
          />
        </label>
        <span className="data-table__count" aria-live="polite">
          {visible.length === rows.length
            ? `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`
            : `${visible.length} of ${rows.length} rows`}
        </span>
        <details className="data-table__columns">
          <summary>Columns</summary>
          <fieldset>
            <legend>Shown columns</legend>
            {columns.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  checked={shownIds.includes(c.id)}
                  onChange={() => onStateChange({ ...state, columns: toggleColumn(shownIds, c.id, allIds) })}
                />
                {c.header}
              </label>
            ))}
          </fieldset>
        </details>
      </div>
      <div
        className="data-table__scroll table-card"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <table
          className="table data-table__table"
          aria-label={label}
          aria-rowcount={visible.length + 1}
          style={{ ['--data-table-row' as string]: `${rowHeight}px` }}
        >
          <colgroup>
            {shown.map((c) => (
              <col key={c.id} style={c.width ? { width: c.width } : undefined} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {shown.map((c) => {
                const sorted = state.sort?.column === c.id ? state.sort.direction : undefined;
                return (
                  <th
                    key={c.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {c.sortValue ? (
                      <button
                        type="button"
                        className="data-table__sort"
                        onClick={() => onStateChange({ ...state, sort: nextSort(state.sort, c.id) })}
                      >
                        {c.header}
                        <span className="data-table__arrow" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {start > 0 && <tr aria-hidden="true" style={{ height: start * rowHeight }} />}
            {visible.slice(start, end).map((row, i) => (
              <tr key={rowKey(row)} aria-rowindex={start + i + 2} className="data-table__row">
                {shown.map((c) =>
                  c.rowHeader ? (
                    <th key={c.id} scope="row" className="table__name">
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.id}>{c.cell(row)}</td>
                  ),
                )}
              </tr>
            ))}
            {end < visible.length && (
              <tr aria-hidden="true" style={{ height: (visible.length - end) * rowHeight }} />
            )}
          </tbody>
        </table>
        {visible.length === 0 && rows.length > 0 && (
          <p className="data-table__none">{noMatches ?? `Nothing matches “${state.filter}”.`}</p>
        )}
      </div>
    </div>
  );
}
