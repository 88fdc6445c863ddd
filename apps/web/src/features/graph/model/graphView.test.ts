import type { EdgeData } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from '../__fixtures__/bookinfoGraphs.ts';
import { parseFind, type FindExpr } from '../find/findLanguage.ts';
import {
  edgeLabelText,
  edgeWidth,
  findMatches,
  graphSummary,
  mtlsLevel,
  nodeTraffic,
  toGraphView,
  type GraphView,
} from './graphView.ts';

const PP = 'vapp_Kubernetes_bookinfo_productpage-v1';
const REVIEWS_V2 = 'vapp_Kubernetes_bookinfo_reviews-v2';
const RATINGS_SVC = 'svc_Kubernetes_bookinfo_ratings';
const V2_TO_RATINGS = `${REVIEWS_V2}->${RATINGS_SVC}:http`;

function expr(text: string): FindExpr | undefined {
  const r = parseFind(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.expr;
}

const graph = bookinfoGraph();
const view = (options: Partial<Parameters<typeof toGraphView>[1]> = {}): GraphView =>
  toGraphView(graph, { edgeLabel: 'rate', namespaces: ['bookinfo'], ...options });

const node = (v: GraphView, id: string) => {
  const n = v.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};
const edge = (v: GraphView, id: string) => {
  const e = v.edges.find((x) => x.id === id);
  if (!e) throw new Error(`no edge ${id}`);
  return e;
};

describe('toGraphView over the Bookinfo fixture', () => {
  const v = view();

  it('gives every node a shape by type', () => {
    const shapes = Object.fromEntries(v.nodes.map((n) => [n.name, n.shape]));
    expect(shapes).toMatchObject({
      'productpage v1': 'app',
      'reviews v2': 'app',
      ratings: 'service',
      'www.googleapis.com': 'serviceentry',
      PassthroughCluster: 'service',
      unknown: 'unknown',
      'istio-ingressgateway latest': 'gateway',
    });
  });

  it('labels versions inside their app box, and outside namespaces by name', () => {
    expect(node(v, REVIEWS_V2).label).toBe('v2');
    expect(node(v, RATINGS_SVC).label).toBe('ratings');
    // A namespace with one node gets no box (Kiali boxes only what groups several): its name shows.
    expect(node(v, 'vapp_Kubernetes_istio-system_istio-ingressgateway').label).toBe(
      'istio-ingressgateway latest\nistio-system',
    );
    const unboxed = toGraphView(bookinfoGraph({ boxBy: [] }), {
      edgeLabel: 'rate',
      namespaces: ['bookinfo'],
    });
    // Kiali always boxes app versions on a versionedApp graph; boxBy only adds namespace and cluster boxes.
    expect(node(unboxed, REVIEWS_V2).label).toBe('v2');
    expect(node(unboxed, 'vapp_Kubernetes_istio-system_istio-ingressgateway').label).toBe(
      'istio-ingressgateway latest\nistio-system',
    );
    expect(new Set(unboxed.boxes.map((b) => b.boxKind))).toEqual(new Set(['app']));
  });

  it('keeps health, its reasons and config badges', () => {
    const ratings = node(v, 'vapp_Kubernetes_bookinfo_ratings-v1');
    expect(ratings.health).toBe('failure');
    expect(ratings.healthReasons[0]).toMatch(/5xx or no response/);
    // As in Kiali: VirtualService badges on the service node, a circuit breaker also on the app.
    expect(ratings.badges.map((b) => b.short)).toEqual(['CB']);
    expect(node(v, RATINGS_SVC).badges.map((b) => b.short)).toEqual(['VS', 'CB', 'FI']);
    expect(node(v, 'vapp_Kubernetes_bookinfo_reviews-v3').health).toBe('degraded');
    expect(node(v, 'unknown_unknown_source').health).toBe('na');
  });

  it('labels, sizes and secures edges', () => {
    const e = edge(v, V2_TO_RATINGS);
    expect(e.label).toBe('3.6 rps\n50% err');
    expect(e.health).toBe('failure');
    expect(e.mtls).toBe('full');
    // Kiali reports no mTLS share where none of the traffic was mutual TLS.
    expect(edge(v, `unknown_unknown_source->svc_Kubernetes_bookinfo_productpage:http`).mtls).toBe('unknown');
    expect(edge(v, `${'vapp_Kubernetes_bookinfo_reviews-v3'}->${RATINGS_SVC}:http`).mtls).toBe('partial');
    const busiest = Math.max(...v.edges.filter((x) => x.protocol !== 'tcp').map((x) => x.width));
    expect(edge(v, `${PP}->svc_Kubernetes_bookinfo_reviews:http`).width).toBe(busiest);
    expect(edge(v, 'vapp_Kubernetes_bookinfo_ratings-v1->svc_Kubernetes_bookinfo_mongodb:tcp').label).toBe(
      '800 B/s',
    );
  });

  it('keeps boxes, nested, named by namespace and app', () => {
    expect(v.boxes.map((b) => [b.boxKind, b.label]).sort()).toEqual(
      [
        ['app', 'details'],
        ['app', 'mongodb'],
        ['app', 'productpage'],
        ['app', 'ratings'],
        ['app', 'reviews'],
        ['namespace', 'bookinfo'],
      ].sort(),
    );
  });

  it('hides what the hide expression matches, with their edges and emptied boxes', () => {
    const hidden = view({ hide: expr('namespace = istio-system OR name = mongodb') });
    const ids = hidden.nodes.map((n) => n.id);
    expect(ids).not.toContain('vapp_Kubernetes_istio-system_istio-ingressgateway');
    expect(ids).not.toContain('vapp_Kubernetes_bookinfo_mongodb-v1');
    expect(hidden.edges.some((e) => e.source.includes('istio-ingressgateway'))).toBe(false);
    expect(hidden.edges.some((e) => e.target.includes('mongodb'))).toBe(false);
    expect(hidden.boxes.map((b) => b.label)).not.toContain('istio-system');
    expect(hidden.boxes.map((b) => b.label)).not.toContain('mongodb');
    const noErrors = view({ hide: expr('edge and %httperr > 20') });
    expect(noErrors.edges.map((e) => e.id)).not.toContain(V2_TO_RATINGS);
    expect(noErrors.nodes).toHaveLength(v.nodes.length);
  });
});

describe('findMatches', () => {
  const v = view();
  it.each<[string, string[]]>([
    ['name = ratings', ['vapp_Kubernetes_bookinfo_ratings-v1', RATINGS_SVC]],
    [
      'rt > 40',
      // Response times sit on the service-to-workload edges (Kiali): not on the gateway's edge.
      [
        'vapp_Kubernetes_bookinfo_details-v1->svc_unknown_unknown_PassthroughCluster:http',
        'svc_Kubernetes_bookinfo_productpage->vapp_Kubernetes_bookinfo_productpage-v1:http',
      ],
    ],
    ['serviceentry', ['svc_Kubernetes_bookinfo_googleapis']],
    // reviews-v2 fails as a caller: a third of its calls to ratings fail.
    [
      'node and failure',
      ['vapp_Kubernetes_bookinfo_ratings-v1', 'vapp_Kubernetes_bookinfo_reviews-v2', RATINGS_SVC],
    ],
    [
      'edge and !mtls',
      [
        'unknown_unknown_source->svc_Kubernetes_bookinfo_productpage:http',
        // mTLS is unknown towards hosts outside the mesh
        'vapp_Kubernetes_bookinfo_details-v1->svc_Kubernetes_bookinfo_googleapis:http',
        'vapp_Kubernetes_bookinfo_details-v1->svc_unknown_unknown_PassthroughCluster:http',
      ],
    ],
    [
      '%httperr > 20',
      [
        V2_TO_RATINGS,
        `${RATINGS_SVC}->vapp_Kubernetes_bookinfo_ratings-v1:http`,
        'vapp_Kubernetes_bookinfo_ratings-v1',
        RATINGS_SVC,
      ],
    ],
  ])('%s', (text, expected) => {
    expect([...findMatches(v, expr(text))].sort()).toEqual([...expected].sort());
  });
});

describe('nodeTraffic', () => {
  it('splits inbound by code class and sums outbound from the edges', () => {
    const details = graph.elements.nodes.find((n) => n.data.id === 'svc_Kubernetes_bookinfo_details')!.data;
    const out = graph.elements.edges.map((e) => e.data).filter((e) => e.source === details.id);
    const t = nodeTraffic(details, out);
    expect(t.inbound.total).toBeCloseTo(11);
    expect(t.inbound['5xx']).toBeCloseTo(0.5);
    expect(t.outbound.total).toBeCloseTo(11);
    expect(t.outbound['4xx']).toBeCloseTo(0.5);
    expect(t.outbound.errorPercent).toBeCloseTo(9.09, 1);
  });
});

describe('graphSummary', () => {
  it('totals the traffic entering the graph, errors and mTLS', () => {
    const s = graphSummary(view());
    expect(s.ingressRate).toBeCloseTo(11); // 10 from the gateway, 1 from the unknown caller
    expect(s.tcpRate).toBe(1600); // bytes sent by the client (Kiali's rateTcp=sent), on two edges
    expect(s.mtlsPercent).toBeGreaterThan(80);
    expect(s.mtlsPercent).toBeLessThan(100);
    expect(s.unhealthy[0]?.health).toBe('failure');
    expect(s.byShape.serviceentry).toBe(1);
  });
});

describe('edge labels', () => {
  const base: EdgeData = {
    id: 'e',
    source: 'a',
    target: 'b',
    traffic: {
      protocol: 'http',
      rates: { http: 4, httpPercentReq: 25, httpPercentErr: 0 },
      responses: {},
    },
    responseTime: 231.4,
    throughput: 5120,
  };
  it.each([
    ['none', ''],
    ['rate', '4 rps'],
    ['percent', '25%'],
    ['rtP95', '231 ms'],
    ['rtAvg', '231 ms'],
    ['throughput', '5.1 kB/s'],
  ] as const)('%s', (mode, text) => {
    expect(edgeLabelText(base, mode)).toBe(text);
  });
  it('shows a stopped edge as 0 rps', () => {
    expect(edgeLabelText({ ...base, traffic: { ...base.traffic, rates: { http: 0 } } }, 'rate')).toBe(
      '0 rps',
    );
  });
});

describe('edge widths and mTLS levels', () => {
  it.each([
    [0, 10, 1.5],
    [10, 10, 7],
    [2.5, 10, 4.3],
    [5, 0, 1.5],
  ])('rate %d of max %d -> %d px', (rate, max, width) => expect(edgeWidth(rate, max)).toBe(width));
  it.each([
    [undefined, 'unknown'],
    [0, 'none'],
    [50, 'partial'],
    [99.6, 'full'],
    [100, 'full'],
  ] as const)('%s%% -> %s', (pct, level) => expect(mtlsLevel(pct)).toBe(level));
});

describe('namespace nodes of the scope-first graph', () => {
  const g = (nodes: Parameters<typeof toGraphView>[0]['elements']['nodes']) =>
    toGraphView(
      { timestamp: 1, duration: 60, graphType: 'workload', elements: { nodes, edges: [] } },
      { edgeLabel: 'rate', namespaces: ['shop'] },
    );
  it('draws the namespace with the number of nodes it would expand into', () => {
    const view = g([
      {
        data: {
          id: 'ns_K_shop',
          nodeType: 'namespace',
          cluster: 'K',
          namespace: 'shop',
          health: 'Healthy',
          aggregate: { workloads: 12, apps: 6, services: 6, nodes: 12 },
        },
      },
      {
        data: {
          id: 'ns_K_vault',
          nodeType: 'namespace',
          cluster: 'K',
          namespace: 'vault',
          isOutside: true,
          isInaccessible: true,
        },
      },
    ]);
    expect(view.nodes.map((n) => [n.shape, n.name, n.label, n.outside])).toEqual([
      ['namespace', 'shop', 'shop\n12 nodes', false],
      ['namespace', 'vault', 'vault\nno access', true],
    ]);
  });
});
