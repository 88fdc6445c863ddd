import { graphTypeSchema, type GraphType } from '@sextant/contracts';
import { decodeNodeFocus, encodeNodeFocus, type NodeFocus } from './model/nodeFocus.ts';
import { decodeReplay, encodeReplay, type ReplayWindow } from './model/replay.ts';

/**
 * Everything the graph page shows is decided by this state, and all of it lives in the URL so a
 * link (or a reload) brings back the same view. Defaults are left out of the URL to keep links short.
 */
export interface GraphViewState {
  namespaces: string[];
  graphType: GraphType;
  /** Window of the rates, in seconds. */
  duration: number;
  /** Seconds between automatic refreshes; 0 = off. */
  refresh: number;
  /** Unix seconds to look back to; undefined = now (live). */
  queryTime: number | undefined;
  edgeLabel: EdgeLabelMode;
  serviceNodes: boolean;
  idleNodes: boolean;
  /** mTLS lock on edges. */
  security: boolean;
  /** Istio config badges on nodes. */
  badges: boolean;
  animation: AnimationMode;
  boxBy: BoxBy[];
  layout: LayoutName;
  /** Find expression: highlights what it matches. */
  find: string;
  /** Hide expression: removes what it matches from the layout. */
  hide: string;
  /** The selected node or edge id; undefined = nothing selected (the side panel shows the graph summary). */
  selected: string | undefined;
  /** Whether the legend panel is open. */
  legend: boolean;
  /** A node graph: this node, its callers and callees only; undefined = the namespaces' graph. */
  node: NodeFocus | undefined;
  /**
   * Node budget: above it the graph starts scope-first, one node per namespace (0 = always draw
   * every node).
   */
  budget: number;
  /** Graph replay over this window; the frame on screen is `queryTime`. */
  replay: ReplayWindow | undefined;
  /** Namespaces drawn node by node while the graph is scope-first. */
  expand: string[];
}

export const EDGE_LABEL_MODES = ['none', 'rate', 'percent', 'rtP95', 'rtAvg', 'throughput'] as const;
export type EdgeLabelMode = (typeof EDGE_LABEL_MODES)[number];

/** `auto` animates small graphs only (see ANIMATION_NODE_LIMIT). */
export const ANIMATION_MODES = ['auto', 'on', 'off'] as const;
export type AnimationMode = (typeof ANIMATION_MODES)[number];

export const BOX_BY = ['namespace', 'app'] as const;
export type BoxBy = (typeof BOX_BY)[number];

export const LAYOUTS = ['dagre', 'fcose'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

/** Durations offered in the toolbar, seconds. Any other positive value in a URL is kept as is. */
export const DURATIONS = [60, 300, 600, 1800, 3600, 10800, 21600, 86400] as const;
/** Node budgets offered in the display menu; 0 = no budget. */
export const BUDGETS = [0, 250, 500, 1000, 2000] as const;

/** Refresh intervals offered in the toolbar, seconds; 0 = off. */
export const REFRESH_INTERVALS = [0, 10, 30, 60] as const;

export const DEFAULT_VIEW: Readonly<GraphViewState> = Object.freeze<GraphViewState>({
  namespaces: [],
  graphType: 'versionedApp',
  duration: 60,
  refresh: 10,
  queryTime: undefined,
  edgeLabel: 'rate',
  serviceNodes: true,
  idleNodes: false,
  security: true,
  badges: true,
  animation: 'auto',
  boxBy: ['namespace', 'app'],
  layout: 'dagre',
  find: '',
  hide: '',
  selected: undefined,
  legend: false,
  node: undefined,
  budget: 500,
  expand: [],
  replay: undefined,
});

/** Parameter names, in the order they are written. */
const P = {
  namespaces: 'namespaces',
  graphType: 'graphType',
  duration: 'duration',
  refresh: 'refresh',
  queryTime: 'queryTime',
  edgeLabel: 'edgeLabels',
  serviceNodes: 'serviceNodes',
  idleNodes: 'idleNodes',
  security: 'security',
  badges: 'badges',
  animation: 'animation',
  boxBy: 'boxBy',
  layout: 'layout',
  find: 'find',
  hide: 'hide',
  selected: 'focus',
  legend: 'legend',
  node: 'node',
  budget: 'budget',
  expand: 'expand',
  replay: 'replay',
} as const satisfies Record<keyof GraphViewState, string>;

/** `60` -> `1m`, `90` -> `90s`, `3600` -> `1h`, `86400` -> `1d`. */
export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const DURATION_LABEL: Record<number, string> = {
  60: 'Last 1 minute',
  300: 'Last 5 minutes',
  600: 'Last 10 minutes',
  900: 'Last 15 minutes',
  1800: 'Last 30 minutes',
  3600: 'Last 1 hour',
  10800: 'Last 3 hours',
  21600: 'Last 6 hours',
  86400: 'Last 1 day',
};

/** `300` -> `Last 5 minutes`; any other duration -> `Last 90s`. */
export function durationLabel(seconds: number): string {
  return DURATION_LABEL[seconds] ?? `Last ${formatDuration(seconds)}`;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `1m`, `90s`, `2h`, `1d` or plain seconds; undefined when not a positive whole duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1);
  return seconds > 0 ? seconds : undefined;
}

/** URL search string (without `?`) -> view state; anything unreadable falls back to its default. */
export function decodeViewState(search: string): GraphViewState {
  const q = new URLSearchParams(search);
  const get = (key: keyof typeof P): string | undefined => q.get(P[key]) ?? undefined;
  const bool = (key: 'serviceNodes' | 'idleNodes' | 'security' | 'badges' | 'legend'): boolean => {
    const value = get(key);
    if (value === '1' || value === 'true') return true;
    if (value === '0' || value === 'false') return false;
    return DEFAULT_VIEW[key];
  };
  const oneOf = <T extends string>(values: readonly T[], value: string | undefined, fallback: T): T =>
    value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : fallback;

  const graphType = graphTypeSchema.safeParse(get('graphType'));
  const refreshText = get('refresh');
  const refresh = refreshText === 'off' ? 0 : refreshText ? parseDuration(refreshText) : undefined;
  const queryTime = Number(get('queryTime'));
  const boxByText = get('boxBy');
  const budget = Number(get('budget') ?? Number.NaN);
  return {
    namespaces: list(get('namespaces')),
    graphType: graphType.success ? graphType.data : DEFAULT_VIEW.graphType,
    duration: parseDuration(get('duration') ?? '') ?? DEFAULT_VIEW.duration,
    refresh: refresh ?? DEFAULT_VIEW.refresh,
    queryTime: Number.isInteger(queryTime) && queryTime > 0 ? queryTime : undefined,
    edgeLabel: oneOf(EDGE_LABEL_MODES, get('edgeLabel'), DEFAULT_VIEW.edgeLabel),
    serviceNodes: bool('serviceNodes'),
    idleNodes: bool('idleNodes'),
    security: bool('security'),
    badges: bool('badges'),
    animation: oneOf(ANIMATION_MODES, get('animation'), DEFAULT_VIEW.animation),
    boxBy:
      boxByText === undefined ? [...DEFAULT_VIEW.boxBy] : BOX_BY.filter((b) => list(boxByText).includes(b)),
    layout: oneOf(LAYOUTS, get('layout'), DEFAULT_VIEW.layout),
    find: get('find') ?? '',
    hide: get('hide') ?? '',
    selected: get('selected') || undefined,
    legend: bool('legend'),
    node: decodeNodeFocus(get('node')),
    budget: Number.isInteger(budget) && budget >= 0 && budget <= 100_000 ? budget : DEFAULT_VIEW.budget,
    expand: list(get('expand')),
    replay: decodeReplay(get('replay')),
  };
}

/** View state -> URL search string (without `?`), defaults left out; `decodeViewState` reads it back. */
export function encodeViewState(state: GraphViewState): string {
  const q = new URLSearchParams();
  const d = DEFAULT_VIEW;
  const bool = (key: 'serviceNodes' | 'idleNodes' | 'security' | 'badges' | 'legend') => {
    if (state[key] !== d[key]) q.set(P[key], state[key] ? '1' : '0');
  };
  if (state.namespaces.length) q.set(P.namespaces, uniq(state.namespaces).join(','));
  if (state.graphType !== d.graphType) q.set(P.graphType, state.graphType);
  if (state.duration !== d.duration) q.set(P.duration, formatDuration(state.duration));
  if (state.refresh !== d.refresh)
    q.set(P.refresh, state.refresh === 0 ? 'off' : formatDuration(state.refresh));
  if (state.queryTime !== undefined) q.set(P.queryTime, String(state.queryTime));
  if (state.edgeLabel !== d.edgeLabel) q.set(P.edgeLabel, state.edgeLabel);
  bool('serviceNodes');
  bool('idleNodes');
  bool('security');
  bool('badges');
  if (state.animation !== d.animation) q.set(P.animation, state.animation);
  const boxBy = BOX_BY.filter((b) => state.boxBy.includes(b));
  if (boxBy.join(',') !== d.boxBy.join(',')) q.set(P.boxBy, boxBy.join(','));
  if (state.layout !== d.layout) q.set(P.layout, state.layout);
  if (state.find) q.set(P.find, state.find);
  if (state.hide) q.set(P.hide, state.hide);
  if (state.selected) q.set(P.selected, state.selected);
  bool('legend');
  if (state.node) q.set(P.node, encodeNodeFocus(state.node));
  if (state.budget !== d.budget) q.set(P.budget, String(state.budget));
  if (state.expand.length) q.set(P.expand, uniq(state.expand).join(','));
  if (state.replay) q.set(P.replay, encodeReplay(state.replay));
  // Commas and colons are legal in a query string and keep the common case readable.
  return q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

function list(text: string | undefined): string[] {
  return uniq(
    (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}
