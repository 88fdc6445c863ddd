import {
  dashboardGroupBySchema,
  dashboardReporterSchema,
  type DashboardGroupBy,
  type DashboardKind,
  type DashboardReporter,
} from '@sextant/contracts';
import { DEFAULT_VIEW, encodeViewState, formatDuration, parseDuration } from '../graph/urlState.ts';

/**
 * A metrics dashboard's view, kept in the URL of the page that embeds it (STYLE.md habit 12).
 * Its parameters are merged into the page's own, which are left as they are.
 */
export interface DashboardViewState {
  /** Seconds back from now; ignored while zoomed. */
  range: number;
  /** Seconds between refreshes; 0 = off. */
  refresh: number;
  groupBy: DashboardGroupBy;
  /** Undefined: the server's default for the kind and direction. */
  reporter: DashboardReporter | undefined;
  /** A window chosen by dragging over a chart, unix seconds; undefined = the last `range`. */
  zoom: { from: number; to: number } | undefined;
}

/** Ranges offered in the toolbar, seconds: 5m .. 1d. */
export const DASHBOARD_RANGES = [300, 600, 1800, 3600, 10800, 21600, 43200, 86400] as const;
/** Refresh intervals offered, seconds; 0 = off. */
export const DASHBOARD_REFRESH_INTERVALS = [0, 15, 30, 60, 300] as const;
/** The shortest window the server draws (its `duration` minimum). */
export const MIN_WINDOW_SECONDS = 60;

export const DEFAULT_DASHBOARD_VIEW: Readonly<DashboardViewState> = Object.freeze<DashboardViewState>({
  range: 1800,
  refresh: 30,
  groupBy: 'none',
  reporter: undefined,
  zoom: undefined,
});

const P = {
  range: 'range',
  refresh: 'refresh',
  groupBy: 'groupBy',
  reporter: 'reporter',
  from: 'from',
  to: 'to',
} as const;

const MAX_RANGE = 86400;

export function decodeDashboardState(search: string): DashboardViewState {
  const q = new URLSearchParams(search);
  const range = parseDuration(q.get(P.range) ?? '');
  const refreshText = q.get(P.refresh);
  const refresh = refreshText === 'off' ? 0 : refreshText ? parseDuration(refreshText) : undefined;
  const groupBy = dashboardGroupBySchema.safeParse(q.get(P.groupBy));
  const reporter = dashboardReporterSchema.safeParse(q.get(P.reporter));
  const from = Number(q.get(P.from));
  const to = Number(q.get(P.to));
  const zoomed =
    Number.isInteger(from) && Number.isInteger(to) && from > 0 && to - from >= MIN_WINDOW_SECONDS;
  return {
    range:
      range !== undefined && range >= MIN_WINDOW_SECONDS && range <= MAX_RANGE
        ? range
        : DEFAULT_DASHBOARD_VIEW.range,
    refresh: refresh ?? DEFAULT_DASHBOARD_VIEW.refresh,
    groupBy: groupBy.success ? groupBy.data : DEFAULT_DASHBOARD_VIEW.groupBy,
    reporter: reporter.success ? reporter.data : undefined,
    zoom: zoomed ? { from, to: Math.min(to, from + MAX_RANGE) } : undefined,
  };
}

/**
 * The page's search string with the dashboard's state written into it (defaults left out);
 * `decodeDashboardState` reads it back, and the page's other parameters are kept.
 */
export function encodeDashboardState(state: DashboardViewState, pageSearch = ''): string {
  const q = new URLSearchParams(pageSearch);
  for (const key of Object.values(P)) q.delete(key);
  const d = DEFAULT_DASHBOARD_VIEW;
  if (state.range !== d.range) q.set(P.range, formatDuration(state.range));
  if (state.refresh !== d.refresh)
    q.set(P.refresh, state.refresh === 0 ? 'off' : formatDuration(state.refresh));
  if (state.groupBy !== d.groupBy) q.set(P.groupBy, state.groupBy);
  if (state.reporter !== undefined) q.set(P.reporter, state.reporter);
  if (state.zoom) {
    q.set(P.from, String(state.zoom.from));
    q.set(P.to, String(state.zoom.to));
  }
  return q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/**
 * A window dragged over a chart, in whole seconds, at least MIN_WINDOW_SECONDS wide (widened
 * around its middle) and never ending in the future.
 */
export function zoomWindow(from: number, to: number, nowSeconds: number): { from: number; to: number } {
  let start = Math.floor(Math.min(from, to));
  let end = Math.ceil(Math.max(from, to));
  if (end - start < MIN_WINDOW_SECONDS) {
    const middle = (start + end) / 2;
    start = Math.floor(middle - MIN_WINDOW_SECONDS / 2);
    end = start + MIN_WINDOW_SECONDS;
  }
  const now = Math.floor(nowSeconds);
  if (end > now) {
    start -= end - now;
    end = now;
  }
  return { from: start, to: end };
}

const GRAPH_NODE_KIND = { apps: 'app', workloads: 'workload', services: 'service' } as const;

/** The graph looking back at a window, focused on the dashboard's node (its node graph). */
export function graphAtWindowHref(
  namespace: string,
  kind: DashboardKind,
  name: string,
  window: { from: number; to: number },
): string {
  return `/graph?${encodeViewState({
    ...DEFAULT_VIEW,
    namespaces: [namespace],
    duration: window.to - window.from,
    queryTime: window.to,
    refresh: 0,
    node: { kind: GRAPH_NODE_KIND[kind], namespace, name },
  })}`;
}
