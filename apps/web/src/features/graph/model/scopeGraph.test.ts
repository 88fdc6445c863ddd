import type { EdgeData, Graph, NodeData } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { expandableNamespaces, isOverBudget, scopeGraph } from './scopeGraph.ts';

const ns = (namespace: string, extra: Partial<NodeData> = {}): NodeData => ({
  id: `ns_K_${namespace}`,
  nodeType: 'namespace',
  cluster: 'K',
  namespace,
  aggregate: { workloads: 3, apps: 2, services: 2, nodes: 3 },
  ...extra,
});
const wl = (namespace: string, name: string, extra: Partial<NodeData> = {}): NodeData => ({
  id: `wl_K_${namespace}_${name}`,
  nodeType: 'workload',
  cluster: 'K',
  namespace,
  workload: name,
  ...extra,
});
const http = (
  source: string,
  target: string,
  rates: Record<string, number>,
  extra: Partial<EdgeData> = {},
): EdgeData => ({
  id: `${source}->${target}:http`,
  source,
  target,
  traffic: { protocol: 'http', rates },
  ...extra,
});
const graph = (nodes: NodeData[], edges: EdgeData[], extra: Partial<Graph> = {}): Graph => ({
  timestamp: 100,
  duration: 60,
  graphType: 'workload',
  elements: { nodes: nodes.map((data) => ({ data })), edges: edges.map((data) => ({ data })) },
  ...extra,
});

const UNKNOWN = 'unknown_unknown_source';
const unknown: NodeData = {
  id: UNKNOWN,
  nodeType: 'unknown',
  cluster: 'unknown',
  namespace: 'unknown',
  isRoot: true,
};

/** shop -> pay -> db (outside); unknown -> shop. */
const aggregate = graph(
  [ns('shop'), ns('pay'), ns('db', { isOutside: true, aggregate: undefined }), unknown],
  [
    http('ns_K_shop', 'ns_K_pay', { http: 10, http5xx: 1, httpPercentErr: 10 }),
    http('ns_K_pay', 'ns_K_db', { http: 4 }),
    http(UNKNOWN, 'ns_K_shop', { http: 2 }),
    http('ns_K_shop', 'ns_K_shop', { http: 20 }),
  ],
  { aggregation: { level: 'namespace', queries: 2, estimatedNodes: 600 } },
);

/** The full graph of `shop`: its two workloads, the unknown caller, and pay's workloads it calls. */
const shopDetail = graph(
  [
    { id: 'box_shop', nodeType: 'box', isBox: 'namespace', cluster: 'K', namespace: 'shop' },
    wl('shop', 'front', { parent: 'box_shop' }),
    wl('shop', 'cart', { parent: 'box_shop' }),
    wl('pay', 'pay-v1', { isOutside: true }),
    wl('pay', 'pay-v2', { isOutside: true }),
    { ...unknown },
  ],
  [
    http(UNKNOWN, 'wl_K_shop_front', { http: 2 }),
    http('wl_K_shop_front', 'wl_K_shop_cart', { http: 20, httpPercentReq: 66.7 }, { responseTime: 12 }),
    http('wl_K_shop_cart', 'wl_K_pay_pay-v1', { http: 6, http5xx: 1, httpPercentErr: 16.7 }, { isMTLS: 100 }),
    http('wl_K_shop_cart', 'wl_K_pay_pay-v2', { http: 4 }, { isMTLS: 50, health: 'Degraded' }),
  ],
);

const ids = (g: Graph) => g.elements.nodes.map((n) => n.data.id).sort();
const edgeOf = (g: Graph, source: string, target: string) =>
  g.elements.edges.find((e) => e.data.source === source && e.data.target === target)?.data;

describe('isOverBudget', () => {
  it.each([
    [500, true],
    [600, false],
    [0, false],
  ])('budget %i: %s', (budget, over) => {
    expect(isOverBudget(aggregate, budget)).toBe(over);
  });
  it('is false before the namespace graph arrived', () => {
    expect(isOverBudget(undefined, 10)).toBe(false);
  });
});

describe('expandableNamespaces', () => {
  it('lists requested, readable namespaces only', () => {
    const g = graph([ns('shop'), ns('db', { isOutside: true }), ns('secret', { isInaccessible: true })], []);
    expect(expandableNamespaces(g)).toEqual(['shop']);
  });
});

describe('scopeGraph', () => {
  it('with nothing expanded is the namespace graph', () => {
    const g = scopeGraph(aggregate, undefined, []);
    expect(ids(g)).toEqual(ids(aggregate));
    expect(g.elements.edges).toHaveLength(4);
    expect(g.aggregation?.estimatedNodes).toBe(600);
  });

  it('draws every namespace whole while the expanded one still loads', () => {
    expect(ids(scopeGraph(aggregate, undefined, ['shop']))).toEqual(ids(aggregate));
  });

  it('replaces an expanded namespace by its nodes and folds the others into their namespace node', () => {
    const g = scopeGraph(aggregate, shopDetail, ['shop']);
    expect(ids(g)).toEqual(
      ['box_shop', 'ns_K_db', 'ns_K_pay', UNKNOWN, 'wl_K_shop_cart', 'wl_K_shop_front'].sort(),
    );
    // pay-v1 and pay-v2 fold into pay: rates add up, errors and shares are recomputed.
    const toPay = edgeOf(g, 'wl_K_shop_cart', 'ns_K_pay')!;
    expect(toPay.traffic.rates).toEqual({ http: 10, http5xx: 1, httpPercentErr: 10, httpPercentReq: 100 });
    expect(toPay.isMTLS).toBe(80);
    expect(toPay.health).toBe('Degraded');
    expect(toPay.id).toBe('wl_K_shop_cart->ns_K_pay:http');
    // Edges between collapsed namespaces come from the namespace graph; the expanded one's from its graph.
    expect(edgeOf(g, 'ns_K_pay', 'ns_K_db')!.traffic.rates).toEqual({ http: 4 });
    expect(edgeOf(g, 'ns_K_shop', 'ns_K_pay')).toBeUndefined();
    expect(edgeOf(g, 'ns_K_shop', 'ns_K_shop')).toBeUndefined();
    expect(edgeOf(g, UNKNOWN, 'wl_K_shop_front')!.traffic.rates).toEqual({ http: 2 });
    expect(edgeOf(g, 'wl_K_shop_front', 'wl_K_shop_cart')).toMatchObject({ responseTime: 12 });
    expect(g.elements.edges).toHaveLength(4);
  });

  it('keeps an inaccessible namespace whole even when asked to expand it', () => {
    const locked = graph([ns('shop', { isInaccessible: true })], []);
    expect(ids(scopeGraph(locked, graph([], []), ['shop']))).toEqual(['ns_K_shop']);
  });

  it('carries the errors of both graphs once each', () => {
    const err = { source: 'prometheus' as const, message: 'nsTcp: timeout' };
    const g = scopeGraph(graph([ns('shop')], [], { errors: [err] }), graph([], [], { errors: [err] }), [
      'shop',
    ]);
    expect(g.errors).toEqual([err]);
  });
});
