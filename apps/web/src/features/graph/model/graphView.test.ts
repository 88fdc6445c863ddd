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

const PP = 'app:bookinfo:productpage:v1';
const REVIEWS_V2 = 'app:bookinfo:reviews:v2';
const RATINGS_SVC = 'service:Kubernetes:bookinfo:ratings';
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
    expect(node(v, 'app:istio-system:istio-ingressgateway:latest').label).toBe('istio-ingressgateway latest');
    const unboxed = toGraphView(bookinfoGraph({ boxBy: [] }), {
      edgeLabel: 'rate',
      namespaces: ['bookinfo'],
    });
    expect(node(unboxed, REVIEWS_V2).label).toBe('reviews v2');
    expect(node(unboxed, 'app:istio-system:istio-ingressgateway:latest').label).toBe(
      'istio-ingressgateway latest\nistio-system',
    );
    expect(unboxed.boxes).toEqual([]);
  });

  it('keeps health, its reasons and config badges', () => {
    const ratings = node(v, 'app:bookinfo:ratings:v1');
    expect(ratings.health).toBe('failure');
    expect(ratings.healthReasons[0]).toMatch(/5xx or no response/);
    expect(ratings.badges.map((b) => b.short)).toEqual(['VS', 'DR', 'CB', 'FI']);
    expect(node(v, 'app:bookinfo:reviews:v3').health).toBe('degraded');
    expect(node(v, 'unknown').health).toBe('na');
  });

  it('labels, sizes and secures edges', () => {
    const e = edge(v, V2_TO_RATINGS);
    expect(e.label).toBe('3.6 rps\n50% err');
    expect(e.health).toBe('failure');
    expect(e.mtls).toBe('full');
    expect(edge(v, `unknown->service:Kubernetes:bookinfo:productpage:http`).mtls).toBe('none');
    expect(edge(v, `${'app:bookinfo:reviews:v3'}->${RATINGS_SVC}:http`).mtls).toBe('partial');
    const busiest = Math.max(...v.edges.filter((x) => x.protocol !== 'tcp').map((x) => x.width));
    expect(edge(v, `${PP}->service:Kubernetes:bookinfo:reviews:http`).width).toBe(busiest);
    expect(edge(v, 'app:bookinfo:ratings:v1->service:Kubernetes:bookinfo:mongodb:tcp').label).toBe('2 kB/s');
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
        ['namespace', 'istio-system'],
      ].sort(),
    );
  });

  it('hides what the hide expression matches, with their edges and emptied boxes', () => {
    const hidden = view({ hide: expr('namespace = istio-system OR name = mongodb') });
    const ids = hidden.nodes.map((n) => n.id);
    expect(ids).not.toContain('app:istio-system:istio-ingressgateway:latest');
    expect(ids).not.toContain('app:bookinfo:mongodb:v1');
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
    ['name = ratings', ['app:bookinfo:ratings:v1', RATINGS_SVC]],
    [
      'rt > 40',
      [
        'app:bookinfo:details:v1->serviceentry:bookinfo:googleapis:http',
        'app:bookinfo:details:v1->service:Kubernetes:bookinfo:PassthroughCluster:http',
        'app:istio-system:istio-ingressgateway:latest->service:Kubernetes:bookinfo:productpage:http',
        'service:Kubernetes:bookinfo:productpage->app:bookinfo:productpage:v1:http',
      ],
    ],
    ['serviceentry', ['serviceentry:bookinfo:googleapis']],
    ['node and failure', ['app:bookinfo:ratings:v1', RATINGS_SVC]],
    [
      'edge and !mtls',
      [
        'unknown->service:Kubernetes:bookinfo:productpage:http',
        // mTLS is unknown towards hosts outside the mesh
        'app:bookinfo:details:v1->serviceentry:bookinfo:googleapis:http',
        'app:bookinfo:details:v1->service:Kubernetes:bookinfo:PassthroughCluster:http',
      ],
    ],
    [
      '%httperr > 20',
      [V2_TO_RATINGS, `${RATINGS_SVC}->app:bookinfo:ratings:v1:http`, 'app:bookinfo:ratings:v1', RATINGS_SVC],
    ],
  ])('%s', (text, expected) => {
    expect([...findMatches(v, expr(text))].sort()).toEqual([...expected].sort());
  });
});

describe('nodeTraffic', () => {
  it('splits inbound by code class and sums outbound from the edges', () => {
    const details = graph.elements.nodes.find(
      (n) => n.data.id === 'service:Kubernetes:bookinfo:details',
    )!.data;
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
    expect(s.tcpRate).toBe(4000);
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
