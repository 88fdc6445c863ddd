import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import type { LayoutName } from '../urlState.ts';

/** What a layout needs to know: sizes and connections, nothing about looks. */
export interface LayoutRequest {
  layout: LayoutName;
  /** Boxes first or not: order does not matter; a box is any node others name as parent. */
  nodes: Array<{ id: string; parent?: string; width: number; height: number }>;
  edges: Array<{ id: string; source: string; target: string }>;
}

export interface LayoutResult {
  /** Positions of the leaf nodes (boxes follow their children). */
  positions: Record<string, { x: number; y: number }>;
  ms: number;
  /** Set when the boxed layout failed and the nodes were laid out without their boxes. */
  fallback?: string;
}

let registered = false;
function register(): void {
  if (registered) return;
  cytoscape.use(dagre);
  cytoscape.use(fcose);
  registered = true;
}

/**
 * Runs a layout on a headless cytoscape: in the layout worker normally, on the main thread where
 * workers are unavailable. Dagre's compound mode throws on some shapes of graph; then the nodes
 * are laid out without boxes, which cytoscape still draws around them.
 */
export function runLayout(request: LayoutRequest, now: () => number = () => performance.now()): LayoutResult {
  register();
  const started = now();
  const boxed = request.nodes.some((n) => n.parent);
  // Dagre's own compound mode gives the best picture of small graphs but grows steeply with size
  // (about 25 s at 1,000 nodes) and throws on some graphs: big or failing ones go box by box.
  if (request.layout === 'dagre' && boxed && request.nodes.length > COMPOUND_DAGRE_LIMIT) {
    return { positions: layoutBoxByBox(request), ms: now() - started };
  }
  try {
    return { positions: layoutOnce(request, true), ms: now() - started };
  } catch (err) {
    const positions = request.layout === 'dagre' ? layoutBoxByBox(request) : layoutOnce(request, false);
    return { positions, ms: now() - started, fallback: err instanceof Error ? err.message : String(err) };
  }
}

/** Above this many nodes (boxes included) a boxed dagre layout is done box by box. */
export const COMPOUND_DAGRE_LIMIT = 200;

/** Room a box adds around its content: padding on every side plus the label on top. */
const BOX_PADDING = 22;
const BOX_LABEL = 18;

/**
 * Dagre, one box at a time, innermost first: each box's children are laid out flat (edges between
 * their descendants lifted to them), the box becomes one node of its content's size at the level
 * above, and so on up to the top. Linear in the number of boxes, and never mixes boxes.
 */
function layoutBoxByBox(request: LayoutRequest): LayoutResult['positions'] {
  const parentOf = new Map<string, string | undefined>();
  const size = new Map<string, { width: number; height: number }>();
  const children = new Map<string, string[]>();
  for (const n of request.nodes) {
    parentOf.set(n.id, n.parent);
    size.set(n.id, { width: n.width, height: n.height });
    const key = n.parent ?? '';
    const list = children.get(key);
    if (list) list.push(n.id);
    else children.set(key, [n.id]);
  }
  /** The ancestor of `id` (or `id` itself) whose parent is `level`. */
  const childAt = (id: string, level: string): string | undefined => {
    let current: string | undefined = id;
    while (current !== undefined && (parentOf.get(current) ?? '') !== level) current = parentOf.get(current);
    return current;
  };

  // Leaf positions relative to the centre of the level they were laid out in.
  const relative = new Map<string, Map<string, { x: number; y: number }>>();
  const layoutLevel = (level: string): { width: number; height: number } => {
    const kids = children.get(level) ?? [];
    for (const kid of kids) {
      if (children.has(kid)) {
        const inner = layoutLevel(kid);
        size.set(kid, {
          width: inner.width + 2 * BOX_PADDING,
          height: inner.height + 2 * BOX_PADDING + BOX_LABEL,
        });
      }
    }
    // One edge per pair of boxes, whichever direction comes first: enough to order them, and
    // two-way pairs would only give dagre cycles to break. Counted: how many edges it stands for.
    const lifted = new Map<string, { id: string; source: string; target: string; count: number }>();
    for (const e of request.edges) {
      const a = childAt(e.source, level);
      const b = childAt(e.target, level);
      if (!a || !b || a === b) continue;
      const pair = lifted.get(`${a}>${b}`) ?? lifted.get(`${b}>${a}`);
      if (pair) pair.count++;
      else lifted.set(`${a}>${b}`, { id: `${a}>${b}`, source: a, target: b, count: 1 });
    }
    const flat =
      kids.length === 1
        ? { [kids[0]!]: { x: 0, y: 0 } }
        : packIfLopsided(
            layoutOnce(
              {
                layout: 'dagre',
                nodes: kids.map((id) => ({ id, ...size.get(id)! })),
                edges: thinEdges([...lifted.values()], kids.length),
              },
              false,
            ),
            size,
            // A dense level (everything calls everything) has no flow to show at this level: dagre
            // spreads it over many ranks with long empty stretches, rows keep it compact.
            lifted.size > DENSE_LEVEL * kids.length,
          );
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const id of kids) {
      const p = flat[id]!;
      const s = size.get(id)!;
      x1 = Math.min(x1, p.x - s.width / 2);
      x2 = Math.max(x2, p.x + s.width / 2);
      y1 = Math.min(y1, p.y - s.height / 2);
      y2 = Math.max(y2, p.y + s.height / 2);
    }
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const placed = new Map<string, { x: number; y: number }>();
    for (const id of kids) {
      const p = flat[id]!;
      const at = { x: p.x - cx, y: p.y - cy };
      const inner = relative.get(id);
      if (!inner) {
        placed.set(id, at);
        continue;
      }
      // The box label sits on top: shift its content down by half the label room.
      for (const [leaf, q] of inner) placed.set(leaf, { x: at.x + q.x, y: at.y + q.y + BOX_LABEL / 2 });
    }
    relative.set(level, placed);
    return { width: kids.length ? x2 - x1 : 0, height: kids.length ? y2 - y1 : 0 };
  };
  layoutLevel('');
  const positions: LayoutResult['positions'] = {};
  for (const [id, p] of relative.get('') ?? []) {
    positions[id] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  }
  return positions;
}

/** A level whose drawing is this many times taller than wide (or wider than tall) is repacked. */
const LOPSIDED = 3;
/** Width : height the repacked rows aim at (a landscape screen). */
const PACK_ASPECT = 1.6;
const PACK_GAP = 24;

/**
 * Dagre puts nodes without edges between them in one rank: 25 services of a namespace that call
 * only other namespaces become one column 25 nodes tall, and 80 such boxes a strip nobody can read
 * at fit. A lopsided level (more than 8 nodes; `always`: any) is repacked in rows in dagre's reading order (rank,
 * then position in the rank), so the flow still reads left to right, then top to bottom.
 */
export function packIfLopsided(
  flat: Record<string, { x: number; y: number }>,
  size: ReadonlyMap<string, { width: number; height: number }>,
  always = false,
): Record<string, { x: number; y: number }> {
  const ids = Object.keys(flat);
  if (ids.length <= 8) return flat;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  let area = 0;
  for (const id of ids) {
    const p = flat[id]!;
    const s = size.get(id)!;
    x1 = Math.min(x1, p.x - s.width / 2);
    x2 = Math.max(x2, p.x + s.width / 2);
    y1 = Math.min(y1, p.y - s.height / 2);
    y2 = Math.max(y2, p.y + s.height / 2);
    area += (s.width + PACK_GAP) * (s.height + PACK_GAP);
  }
  const w = x2 - x1;
  const h = y2 - y1;
  if (!always && h <= LOPSIDED * w && w <= LOPSIDED * h) return flat;
  const order = ids.sort((a, b) => flat[a]!.x - flat[b]!.x || flat[a]!.y - flat[b]!.y);
  const widest = Math.max(...ids.map((id) => size.get(id)!.width));
  const rowWidth = Math.max(widest, Math.sqrt(area * PACK_ASPECT));
  const out: Record<string, { x: number; y: number }> = {};
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const id of order) {
    const s = size.get(id)!;
    if (x > 0 && x + s.width > rowWidth) {
      x = 0;
      y += rowHeight + PACK_GAP;
      rowHeight = 0;
    }
    out[id] = { x: x + s.width / 2, y: y + s.height / 2 };
    x += s.width + PACK_GAP;
    rowHeight = Math.max(rowHeight, s.height);
  }
  return out;
}

/** Lifted edges per box above which a level keeps only each box's strongest callers. */
const DENSE_LEVEL = 4;
const CALLERS_KEPT = 2;

/**
 * Dagre's ordering grows with edges times ranks: 80 namespace boxes that all call each other
 * (1,900 lifted edges) take it 34 s. Where a level is that dense, each box keeps the callers that
 * stand for the most edges: the ranks follow the main flow, and the level lays out in well under
 * a second. Sparse levels (every graph of a few namespaces) keep all their edges.
 */
export function thinEdges<E extends { source: string; target: string; count: number }>(
  edges: E[],
  nodes: number,
): E[] {
  if (edges.length <= DENSE_LEVEL * nodes) return edges;
  const byTarget = new Map<string, E[]>();
  for (const e of edges) {
    const list = byTarget.get(e.target);
    if (list) list.push(e);
    else byTarget.set(e.target, [e]);
  }
  const kept: E[] = [];
  for (const list of byTarget.values()) {
    list.sort((a, b) => b.count - a.count || a.source.localeCompare(b.source));
    kept.push(...list.slice(0, CALLERS_KEPT));
  }
  return kept;
}

function layoutOnce(request: LayoutRequest, withBoxes: boolean): LayoutResult['positions'] {
  const parents = new Set(request.nodes.map((n) => n.parent).filter((p): p is string => Boolean(p)));
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      ...request.nodes
        .filter((n) => withBoxes || !parents.has(n.id))
        .map((n) => ({
          data: { id: n.id, parent: withBoxes ? n.parent : undefined, w: n.width, h: n.height },
        })),
      ...request.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target } })),
    ],
    style: [
      { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
      { selector: ':parent', style: { padding: '22px' } },
    ],
  });
  const options =
    request.layout === 'dagre'
      ? {
          name: 'dagre',
          rankDir: 'LR',
          nodeSep: 14,
          rankSep: 48,
          edgeSep: 10,
          animate: false,
          fit: false,
        }
      : {
          name: 'fcose',
          quality: request.nodes.length > 600 ? 'draft' : 'default',
          randomize: true,
          animate: false,
          fit: false,
          nodeDimensionsIncludeLabels: false,
          idealEdgeLength: 90,
          nodeRepulsion: 9000,
          nestingFactor: 0.6,
          gravity: 0.3,
          packComponents: true,
          tile: true,
        };
  cy.layout(options as cytoscape.LayoutOptions).run();
  const positions: LayoutResult['positions'] = {};
  cy.nodes().forEach((n) => {
    if (n.isParent()) return;
    const p = n.position();
    positions[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  });
  cy.destroy();
  return positions;
}
