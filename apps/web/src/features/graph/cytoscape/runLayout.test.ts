import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from '../__fixtures__/bookinfoGraphs.ts';
import { toGraphView } from '../model/graphView.ts';
import { layoutRequest } from './elements.ts';
import { packIfLopsided, runLayout, thinEdges } from './runLayout.ts';

const view = toGraphView(bookinfoGraph(), { edgeLabel: 'rate', namespaces: ['bookinfo'] });
const x = (positions: Record<string, { x: number }>, id: string) => {
  const p = positions[id];
  if (!p) throw new Error(`no position for ${id}`);
  return p.x;
};

describe('runLayout', () => {
  it('lays Bookinfo out left to right with dagre, callers before callees, inside their boxes', () => {
    const { positions, fallback } = runLayout(layoutRequest(view, 'dagre', true));
    expect(fallback).toBeUndefined();
    expect(Object.keys(positions).sort()).toEqual(view.nodes.map((n) => n.id).sort());
    const gateway = x(positions, 'vapp_Kubernetes_istio-system_istio-ingressgateway');
    const productpage = x(positions, 'vapp_Kubernetes_bookinfo_productpage-v1');
    const reviews = x(positions, 'vapp_Kubernetes_bookinfo_reviews-v2');
    const ratings = x(positions, 'vapp_Kubernetes_bookinfo_ratings-v1');
    expect(gateway).toBeLessThan(productpage);
    expect(productpage).toBeLessThan(reviews);
    expect(reviews).toBeLessThan(ratings);
  });

  it('places every node with the force-directed layout too', () => {
    const { positions } = runLayout(layoutRequest(view, 'fcose', true));
    expect(Object.keys(positions)).toHaveLength(view.nodes.length);
    for (const p of Object.values(positions)) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
  });
});

describe('thinEdges', () => {
  const e = (source: string, target: string, count = 1) => ({ source, target, count });

  it('keeps every edge of a sparse level', () => {
    const edges = [e('a', 'b'), e('b', 'c'), e('a', 'c')];
    expect(thinEdges(edges, 3)).toEqual(edges);
  });

  it("keeps each box's two strongest callers on a dense level", () => {
    const nodes = ['a', 'b', 'c', 'd'];
    const edges = nodes.flatMap((s, i) =>
      nodes.filter((t) => t !== s).map((t, j) => e(s, t, ((i + 1) * (j + 3)) % 7)),
    );
    edges.push(...Array.from({ length: 8 }, (_, i) => e(`x${i}`, 'a')));
    const kept = thinEdges(edges, nodes.length);
    expect(kept.length).toBeLessThanOrEqual(2 * 4);
    for (const target of nodes) {
      const callers = edges.filter((x) => x.target === target).sort((x, y) => y.count - x.count);
      const keptHere = kept.filter((x) => x.target === target);
      expect(keptHere).toHaveLength(2);
      expect(keptHere[0]!.count).toBe(callers[0]!.count);
    }
  });
});

describe('packIfLopsided', () => {
  const square = (ids: string[]) => new Map(ids.map((id) => [id, { width: 40, height: 40 }]));

  it('leaves a balanced or small level as dagre drew it', () => {
    const grid = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`n${i}`, { x: (i % 4) * 60, y: Math.floor(i / 4) * 60 }]),
    );
    expect(packIfLopsided(grid, square(Object.keys(grid)))).toBe(grid);
    const column = { a: { x: 0, y: 0 }, b: { x: 0, y: 60 }, c: { x: 0, y: 120 } };
    expect(packIfLopsided(column, square(['a', 'b', 'c']))).toBe(column);
  });

  it('repacks a column of 25 into landscape rows in reading order', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const column = Object.fromEntries(ids.map((id, i) => [id, { x: 0, y: i * 60 }]));
    const packed = packIfLopsided(column, square(ids));
    const xs = Object.values(packed).map((p) => p.x);
    const ys = Object.values(packed).map((p) => p.y);
    const width = Math.max(...xs) - Math.min(...xs) + 40;
    const height = Math.max(...ys) - Math.min(...ys) + 40;
    expect(width / height).toBeGreaterThan(1);
    expect(width / height).toBeLessThan(3);
    // Reading order kept: the first node is top left, the second right of it.
    expect(packed.n00).toEqual({ x: 20, y: 20 });
    expect(packed.n01!.y).toBe(20);
    expect(packed.n01!.x).toBeGreaterThan(packed.n00!.x);
    // No two nodes overlap.
    const cells = new Set(Object.values(packed).map((p) => `${p.x},${p.y}`));
    expect(cells.size).toBe(25);
  });
});
