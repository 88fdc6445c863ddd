import {
  HEALTH_TEXT,
  nodeTraffic,
  type GraphView,
  type NodeShape,
  type ViewEdge,
  type ViewNode,
} from './graphView.ts';
import { formatBytesPerSecond, formatPercent, formatRate } from './format.ts';

/**
 * Moving around the graph with the keyboard, without a drawing library: which key does what, which
 * node lies in a direction, which order N/P walk, what a screen reader hears. Pure.
 */

export type Direction = 'up' | 'down' | 'left' | 'right';

export type KeyAction =
  | { kind: 'move'; direction: Direction }
  /** N/P, ] and [: the next or previous node in the stable order. */
  | { kind: 'cycle'; step: 1 | -1 }
  | { kind: 'first' }
  | { kind: 'last' }
  /** E / Shift+E: the next or previous edge of the node under the cursor. */
  | { kind: 'edge'; step: 1 | -1 }
  | { kind: 'select' }
  | { kind: 'clear' }
  | { kind: 'zoomIn' }
  | { kind: 'zoomOut' }
  | { kind: 'fit' }
  | { kind: 'help' };

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

const ARROWS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/**
 * The action of a key pressed on the focused canvas, or undefined to leave it to the browser
 * (Tab leaves the canvas; Ctrl/Cmd/Alt chords stay browser shortcuts such as page zoom).
 */
export function keyAction(e: KeyInput): KeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const direction = ARROWS[e.key];
  if (direction) return { kind: 'move', direction };
  switch (e.key) {
    case 'n':
    case 'N':
    case ']':
      return { kind: 'cycle', step: 1 };
    case 'p':
    case 'P':
    case '[':
      return { kind: 'cycle', step: -1 };
    case 'Home':
      return { kind: 'first' };
    case 'End':
      return { kind: 'last' };
    case 'e':
    case 'E':
      return { kind: 'edge', step: e.shiftKey ? -1 : 1 };
    case 'Enter':
    case ' ':
      return { kind: 'select' };
    case 'Escape':
      return { kind: 'clear' };
    case '+':
    case '=':
      return { kind: 'zoomIn' };
    case '-':
    case '_':
      return { kind: 'zoomOut' };
    case '0':
      return { kind: 'fit' };
    case '?':
      return { kind: 'help' };
    default:
      return undefined;
  }
}

/** The keys, for the help popover and the canvas' accessible description. */
export const KEYBOARD_HELP: ReadonlyArray<{ keys: readonly string[]; what: string }> = [
  { keys: ['←', '↑', '→', '↓'], what: 'move to the nearest node in that direction' },
  { keys: ['N', 'P'], what: 'next / previous node by name' },
  { keys: ['Home', 'End'], what: 'first / last node by name' },
  { keys: ['E', 'Shift+E'], what: "walk the node's edges" },
  { keys: ['Enter'], what: 'show the node or edge in the details panel' },
  { keys: ['Esc'], what: 'clear the selection' },
  { keys: ['+', '−', '0'], what: 'zoom in, zoom out, fit' },
  { keys: ['?'], what: 'show or hide these keys' },
  { keys: ['Tab'], what: 'leave the graph' },
];

export function keyboardHelpText(): string {
  return KEYBOARD_HELP.map((k) => `${k.keys.join(' ')}: ${k.what}`).join('. ') + '.';
}

export interface Placed {
  id: string;
  x: number;
  y: number;
}

/**
 * The node a user means by "the next one that way": among those lying in the direction (screen
 * coordinates, y down), the ones inside the 45° cone win over those merely on that side; then the
 * smallest distance along the direction plus twice the sideways offset; then the id, so the answer
 * never depends on iteration order.
 */
export function nearestInDirection(
  from: Placed,
  candidates: Iterable<Placed>,
  direction: Direction,
): string | undefined {
  let best: { id: string; cone: boolean; score: number } | undefined;
  for (const c of candidates) {
    if (c.id === from.id) continue;
    const dx = c.x - from.x;
    const dy = c.y - from.y;
    const along = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const aside = Math.abs(direction === 'left' || direction === 'right' ? dy : dx);
    if (along <= 0.5) continue;
    const cone = aside <= along;
    const score = along + 2 * aside;
    if (
      !best ||
      (cone && !best.cone) ||
      (cone === best.cone && (score < best.score || (score === best.score && c.id < best.id)))
    ) {
      best = { id: c.id, cone, score };
    }
  }
  return best?.id;
}

/** The entry `step` away from `current` in `list`, wrapping; the first (or last) when `current` is not in it. */
export function cycle<T>(list: readonly T[], current: T | undefined, step: 1 | -1): T | undefined {
  if (list.length === 0) return undefined;
  const at = current === undefined ? -1 : list.indexOf(current);
  if (at < 0) return step > 0 ? list[0] : list[list.length - 1];
  return list[(at + step + list.length) % list.length];
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * How far to pan (screen pixels, added to the pan) so `box` is inside the viewport less `margin`
 * (room for what floats over the canvas); zero when it already is. A box too big for that room is
 * centred in it.
 */
export function revealPan(
  box: Box,
  viewport: { width: number; height: number },
  margin: Margins,
): { dx: number; dy: number } {
  const axis = (lo: number, hi: number, min: number, max: number) => {
    if (hi - lo > max - min) return (min + max) / 2 - (lo + hi) / 2;
    if (lo < min) return min - lo;
    if (hi > max) return max - hi;
    return 0;
  };
  return {
    dx: axis(box.x1, box.x2, margin.left, viewport.width - margin.right),
    dy: axis(box.y1, box.y2, margin.top, viewport.height - margin.bottom),
  };
}

/** What keyboard moves need of a view, built once per view so a key press costs O(degree). */
export interface GraphNav {
  nodes: ReadonlyMap<string, ViewNode>;
  edges: ReadonlyMap<string, ViewEdge>;
  /** Node ids by name, then id: the N/P order, stable across refreshes and layouts. */
  order: readonly string[];
  /** Edge ids of each node: outgoing first, then incoming, each by the other end's name. */
  edgesOf: ReadonlyMap<string, readonly string[]>;
}

export function graphNav(view: GraphView): GraphNav {
  const nodes = new Map(view.nodes.map((n) => [n.id, n]));
  const edges = new Map(view.edges.map((e) => [e.id, e]));
  const byName = (a: ViewNode | undefined, b: ViewNode | undefined) =>
    (a?.name ?? '').localeCompare(b?.name ?? '') || (a?.id ?? '').localeCompare(b?.id ?? '');
  const order = [...view.nodes].sort(byName).map((n) => n.id);
  const out = new Map<string, ViewEdge[]>();
  const into = new Map<string, ViewEdge[]>();
  for (const e of view.edges) {
    push(out, e.source, e);
    push(into, e.target, e);
  }
  const edgesOf = new Map<string, string[]>();
  for (const n of view.nodes) {
    const outgoing = (out.get(n.id) ?? []).sort((a, b) => byName(nodes.get(a.target), nodes.get(b.target)));
    const incoming = (into.get(n.id) ?? []).sort((a, b) => byName(nodes.get(a.source), nodes.get(b.source)));
    const ids = [...outgoing, ...incoming].map((e) => e.id);
    if (ids.length) edgesOf.set(n.id, [...new Set(ids)]);
  }
  return { nodes, edges, order, edgesOf };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const SHAPE_TEXT: Record<NodeShape, string> = {
  app: 'app',
  workload: 'workload',
  service: 'service',
  serviceentry: 'service entry',
  gateway: 'gateway',
  unknown: 'unknown caller',
  namespace: 'namespace',
};

/** "reviews v2, app, Healthy, 12.3 rps in, 0.2% errors, 2 edges, Istio config: VirtualService" — what a screen reader says of a node. */
export function describeNode(nav: GraphNav, id: string, options: { selected?: boolean } = {}): string {
  const node = nav.nodes.get(id);
  if (!node) return '';
  const edgeIds = nav.edgesOf.get(id) ?? [];
  const outgoing = edgeIds
    .map((e) => nav.edges.get(e))
    .filter((e): e is ViewEdge => e !== undefined && e.source === id)
    .map((e) => e.data);
  const t = nodeTraffic(node.data, outgoing);
  const parts = [node.name, SHAPE_TEXT[node.shape], HEALTH_TEXT[node.health]];
  if (node.outside) parts.push(`namespace ${node.data.namespace}`);
  if (t.inbound.total > 0) {
    parts.push(`${formatRate(t.inbound.total)} rps in`, `${formatPercent(t.inbound.errorPercent)} errors`);
  } else if (t.outbound.total > 0) {
    parts.push(`${formatRate(t.outbound.total)} rps out`, `${formatPercent(t.outbound.errorPercent)} errors`);
  }
  if (t.tcpIn > 0) parts.push(`${formatBytesPerSecond(t.tcpIn)} TCP in`);
  else if (t.tcpOut > 0) parts.push(`${formatBytesPerSecond(t.tcpOut)} TCP out`);
  if (node.idle) parts.push('idle');
  parts.push(edgeIds.length === 1 ? '1 edge' : `${edgeIds.length} edges`);
  if (node.badges.length) parts.push(`Istio config: ${node.badges.map((b) => b.title).join(', ')}`);
  if (options.selected) parts.push('selected');
  return parts.join(', ');
}

const MTLS_TEXT: Record<ViewEdge['mtls'], string | undefined> = {
  full: 'mTLS',
  partial: 'partial mTLS',
  none: 'no mTLS',
  unknown: undefined,
};

/** "edge reviews v2 → ratings, 4.1 rps, mTLS" — what a screen reader says of an edge. */
export function describeEdge(
  nav: GraphNav,
  id: string,
  options: { selected?: boolean; position?: { index: number; count: number } } = {},
): string {
  const edge = nav.edges.get(id);
  if (!edge) return '';
  const name = (nodeId: string) => nav.nodes.get(nodeId)?.name ?? nodeId;
  const parts = [`edge ${name(edge.source)} → ${name(edge.target)}`];
  if (edge.protocol === 'tcp') {
    parts.push(formatBytesPerSecond(edge.rate), 'TCP');
  } else {
    parts.push(`${formatRate(edge.rate)} rps`);
    if (edge.protocol === 'grpc') parts.push('gRPC');
    const r = edge.data.traffic.rates ?? {};
    const err = (edge.protocol === 'http' ? r.httpPercentErr : r.grpcPercentErr) ?? 0;
    if (err > 0) parts.push(`${formatPercent(err)} errors`);
  }
  if (edge.health === 'degraded' || edge.health === 'failure') parts.push(HEALTH_TEXT[edge.health]);
  const mtls = MTLS_TEXT[edge.mtls];
  if (mtls) parts.push(mtls);
  if (options.position) parts.push(`${options.position.index + 1} of ${options.position.count}`);
  if (options.selected) parts.push('selected');
  return parts.join(', ');
}

/** The announcement for whatever the cursor is on. */
export function describeElement(
  nav: GraphNav,
  id: string | undefined,
  options: { selected?: boolean; anchor?: string } = {},
): string {
  if (!id) return '';
  if (nav.nodes.has(id)) return describeNode(nav, id, options);
  const list = options.anchor ? (nav.edgesOf.get(options.anchor) ?? []) : [];
  const index = list.indexOf(id);
  return describeEdge(nav, id, {
    selected: options.selected,
    position: index >= 0 ? { index, count: list.length } : undefined,
  });
}
