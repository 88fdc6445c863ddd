import type { Position, Positions } from './savedLayout.ts';

export interface PlacementInput {
  /** Leaf nodes without a position yet, in the order they should be placed. */
  newIds: readonly string[];
  /** Positions of the leaves already drawn. */
  known: Positions;
  edges: ReadonlyArray<{ source: string; target: string }>;
  /** Box (parent) of each leaf, when boxed. */
  parentOf?: ReadonlyMap<string, string | undefined>;
  /** Distance between node centres the placement keeps (model units). */
  spacing?: number;
}

/**
 * Where nodes that appear on a refresh go, without moving anything already drawn: next to the
 * centre of their already placed neighbours; a node without any, beside the other nodes of its box;
 * else in a column right of the drawing. Each takes the nearest free cell of a grid of `spacing`.
 * Nodes placed earlier in the call anchor the later ones, so a new chain grows from where it joins.
 */
export function placeNewNodes(input: PlacementInput): Positions {
  const spacing = input.spacing ?? 70;
  const cell = (p: Position) => `${Math.round(p.x / spacing)},${Math.round(p.y / spacing)}`;
  const taken = new Set<string>();
  const all: Positions = { ...input.known };
  for (const p of Object.values(all)) taken.add(cell(p));

  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const e of input.edges) {
    if (e.source === e.target) continue;
    link(e.source, e.target);
    link(e.target, e.source);
  }

  let maxX = -Infinity;
  let minY = Infinity;
  for (const p of Object.values(all)) {
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
  }
  if (!Number.isFinite(maxX)) {
    maxX = -spacing;
    minY = 0;
  }
  let column = 0;

  const boxRight = (box: string): Position | undefined => {
    let x = -Infinity;
    let y = 0;
    let n = 0;
    for (const [id, p] of Object.entries(all)) {
      if (input.parentOf?.get(id) !== box) continue;
      x = Math.max(x, p.x);
      y += p.y;
      n++;
    }
    return n ? { x: x + spacing, y: y / n } : undefined;
  };

  const placed: Positions = {};
  // Nodes with placed neighbours first, then the rest as the placed ones make room for them.
  const pending = [...input.newIds];
  while (pending.length) {
    let index = pending.findIndex((id) => (neighbours.get(id) ?? []).some((n) => all[n]));
    if (index < 0) index = 0;
    const id = pending.splice(index, 1)[0]!;
    const anchors = (neighbours.get(id) ?? []).map((n) => all[n]).filter((p): p is Position => !!p);
    let target: Position;
    if (anchors.length) {
      const cx = anchors.reduce((s, p) => s + p.x, 0) / anchors.length;
      const cy = anchors.reduce((s, p) => s + p.y, 0) / anchors.length;
      target = { x: cx + spacing, y: cy };
    } else {
      const box = input.parentOf?.get(id);
      const beside = box ? boxRight(box) : undefined;
      target = beside ?? { x: maxX + 2 * spacing, y: minY + column++ * spacing };
    }
    const p = nearestFree(target, spacing, taken, cell);
    taken.add(cell(p));
    all[id] = p;
    placed[id] = p;
  }
  return placed;
}

/** The free grid cell nearest `target`, searched ring by ring. */
function nearestFree(
  target: Position,
  spacing: number,
  taken: Set<string>,
  cell: (p: Position) => string,
): Position {
  const gx = Math.round(target.x / spacing);
  const gy = Math.round(target.y / spacing);
  for (let ring = 0; ring < 200; ring++) {
    let best: Position | undefined;
    let bestD = Infinity;
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const p = { x: (gx + dx) * spacing, y: (gy + dy) * spacing };
        if (taken.has(cell(p))) continue;
        const d = (p.x - target.x) ** 2 + (p.y - target.y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = p;
        }
      }
    }
    if (best) return best;
  }
  return target;
}
