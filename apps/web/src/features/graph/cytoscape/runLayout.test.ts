import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from '../__fixtures__/bookinfoGraphs.ts';
import { toGraphView } from '../model/graphView.ts';
import { layoutRequest } from './elements.ts';
import { runLayout } from './runLayout.ts';

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
