import { graphSchema, type EdgeData, type Graph, type GraphType, type NodeData } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import type { ClusterState, WorkloadInfo } from '../cluster/clusterState.ts';
import { emptyClusterState } from '../cluster/clusterState.ts';
import { loadFixture } from './__fixtures__/load.ts';
import { edge, node } from './__fixtures__/kialiAppenders.ts';
import { measure, req, tcp, UNKNOWN_CALLER, wl } from './__fixtures__/samples.ts';
import { buildGraph } from './buildGraph.ts';
import type { Appenders } from './options.ts';
import { ALL_APPENDERS, DEFAULT_RATES, NO_APPENDERS, parseAppenders } from './options.ts';
import type { GraphOptions, GraphQueryResults } from './types.ts';

const NS = 'bookinfo';
const K = 'Kubernetes';
const T = 1_735_689_600;

const workload = (name: string, namespace = NS, over: Partial<WorkloadInfo> = {}): WorkloadInfo => ({
  namespace,
  name,
  app: name.replace(/-v\d+$/, ''),
  version: /-(v\d+)$/.exec(name)?.[1] ?? 'v1',
  labels: { app: name.replace(/-v\d+$/, ''), version: /-(v\d+)$/.exec(name)?.[1] ?? 'v1' },
  annotations: {},
  desiredReplicas: 1,
  readyReplicas: 1,
  hasSidecar: true,
  serviceAccount: 'default',
  ...over,
});

const cluster = (over: Partial<ClusterState> = {}): ClusterState =>
  emptyClusterState({
    namespaces: [NS, 'shop'].map((name) => ({ name, labels: {}, annotations: {} })),
    workloads: ['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2', 'ratings-v1'].map((n) =>
      workload(n),
    ),
    ...over,
  });

function graph(
  results: GraphQueryResults,
  options: Partial<GraphOptions> = {},
  state: ClusterState = cluster(),
): Graph {
  return graphSchema.parse(
    buildGraph({
      options: {
        graphType: 'workload',
        namespaces: [NS],
        injectServiceNodes: false,
        appenders: NO_APPENDERS,
        rates: DEFAULT_RATES,
        boxBy: [],
        durationSeconds: 600,
        queryTime: T,
        ...options,
      },
      results,
      cluster: state,
    }),
  );
}

const ids = (g: Graph) => g.elements.nodes.map((n) => n.data.id);
const nodeRates = (n: NodeData, protocol: string) => n.traffic?.find((t) => t.protocol === protocol)?.rates;
const w = (name: string, ns = NS) => `wl_${K}_${ns}_${name}`;
const s = (name: string, ns = NS) => `svc_${K}_${ns}_${name}`;

const pp = wl(NS, 'productpage-v1');
const details = wl(NS, 'details-v1');
const reviews1 = wl(NS, 'reviews-v1', 'reviews', 'v1');
const reviews2 = wl(NS, 'reviews-v2', 'reviews', 'v2');
const gateway = wl('istio-system', 'istio-ingressgateway', 'istio-ingressgateway', 'latest');

describe('buildGraph: counting each request once (Kiali edge series identity)', () => {
  it('takes the destination report of a request both proxies reported, and adds what only the source saw', () => {
    const g = graph({
      requestsIn: [req(pp, details, 10), req(pp, details, 1, { code: '404' })],
      requestsOut: [
        req(pp, details, 10.2),
        req(pp, details, 1, { code: '404' }),
        req(pp, details, 0.5, { code: '503', flags: 'UF,URX' }),
      ],
    });
    expect(edge(g, w('productpage-v1'), w('details-v1')).traffic.rates).toEqual({
      http: 11.5,
      http4xx: 1,
      http5xx: 0.5,
      httpPercentErr: 13,
      httpPercentReq: 100,
    });
  });

  it('uses the source report for calls from one requested namespace into another (Kiali merges by the caller)', () => {
    const cart = wl('shop', 'cart-v1');
    const g = graph(
      { requestsIn: [req(pp, cart, 4)], requestsOut: [req(pp, cart, 5)] },
      { namespaces: [NS, 'shop'] },
    );
    expect(edge(g, w('productpage-v1'), w('cart-v1', 'shop')).traffic.rates?.http).toBe(5);
    // The callee's own inbound total is what its proxy saw.
    expect(nodeRates(node(g, w('cart-v1', 'shop')), 'http')).toEqual({ httpIn: 4 });
  });

  it('counts requests from outside the namespaces that never reached a workload (ingress 503 UH)', () => {
    const unserviced = {
      ...wl(NS, 'unknown', 'unknown', 'unknown'),
      namespace: 'unknown',
      service: 'productpage',
      serviceNamespace: NS,
    };
    const g = graph({
      requestsIn: [req(gateway, pp, 9)],
      requestsOut: [req(gateway, unserviced, 1, { code: '503', flags: 'UH' })],
    });
    const e = edge(g, w('istio-ingressgateway', 'istio-system'), s('productpage'));
    expect(e.traffic.rates).toMatchObject({ http: 1, http5xx: 1, httpPercentErr: 100, httpPercentReq: 10 });
    expect(e.traffic.responses).toEqual({
      '503': { flags: { UH: 100 }, hosts: { 'productpage.bookinfo.svc.cluster.local': 100 } },
    });
    expect(nodeRates(node(g, w('istio-ingressgateway', 'istio-system')), 'http')).toEqual({ httpOut: 10 });
  });

  it('sums the inbound of a node outside the request over the edges that reach it', () => {
    const outside = wl('other', 'x-v1');
    const g = graph(
      { requestsIn: [], requestsOut: [req(pp, outside, 2), req(wl('shop', 'cart-v1'), outside, 3)] },
      { namespaces: [NS, 'shop'] },
    );
    expect(nodeRates(node(g, w('x-v1', 'other')), 'http')).toEqual({ httpIn: 5 });
  });
});

describe('buildGraph: edge responses and rates as Kiali reports them', () => {
  it('gives each code\'s flags and hosts as shares of the whole edge, no response as "-"', () => {
    const g = graph({
      requestsIn: [
        req(pp, details, 6),
        req(pp, details, 2, { code: '500' }),
        req(pp, details, 2, { code: '0', flags: 'DC' }),
      ],
    });
    const e = edge(g, w('productpage-v1'), w('details-v1'));
    const host = 'details.bookinfo.svc.cluster.local';
    expect(e.traffic.responses).toEqual({
      '200': { flags: { '-': 60 }, hosts: { [host]: 60 } },
      '500': { flags: { '-': 20 }, hosts: { [host]: 20 } },
      '-': { flags: { DC: 20 }, hosts: { [host]: 20 } },
    });
    // No response (the caller gave up, DC) has its own rate and counts as an error.
    expect(e.traffic.rates).toEqual({
      http: 10,
      httpNoResponse: 2,
      http5xx: 2,
      httpPercentErr: 40,
      httpPercentReq: 100,
    });
    expect(nodeRates(node(g, w('details-v1')), 'http')).toEqual({
      httpIn: 10,
      httpInNoResponse: 2,
      httpIn5xx: 2,
    });
  });

  it('rates gRPC by gRPC status; an HTTP error on a gRPC call counts as an error too', () => {
    const g = graph({
      requestsIn: [
        req(reviews1, details, 8, { protocol: 'grpc' }),
        req(reviews1, details, 1, { protocol: 'grpc', grpc: '14' }),
        req(reviews1, details, 1, { protocol: 'grpc', code: '503', grpc: '14' }),
      ],
    });
    const e = edge(g, w('reviews-v1'), w('details-v1'), 'grpc');
    expect(e.traffic.rates).toEqual({ grpc: 10, grpcErr: 2, grpcPercentErr: 20, grpcPercentReq: 100 });
    const noResponse = graph({
      requestsIn: [
        req(reviews1, details, 9, { protocol: 'grpc' }),
        req(reviews1, details, 1, { protocol: 'grpc', code: '0', flags: 'DC' }),
      ],
    });
    expect(edge(noResponse, w('reviews-v1'), w('details-v1'), 'grpc').traffic.rates).toEqual({
      grpc: 10,
      grpcNoResponse: 1,
      grpcPercentErr: 10,
      grpcPercentReq: 100,
    });
    expect(Object.keys(e.traffic.responses ?? {}).sort()).toEqual(['0', '14', '503']);
    expect(nodeRates(node(g, w('details-v1')), 'grpc')).toEqual({ grpcIn: 10, grpcInErr: 2 });
  });

  it.each([
    ['sent (default): bytes the client sent, i.e. istio_tcp_received_bytes_total', 'sent', 100],
    ['received: istio_tcp_sent_bytes_total', 'received', 40],
    ['total: both', 'total', 140],
  ] as const)('TCP rate %s', (_what, rateTcp, expected) => {
    const db = { ...wl(NS, 'mongodb-v1'), service: 'mongodb' };
    const g = graph(
      { tcpReceivedIn: [tcp(pp, db, 100)], tcpSentIn: [tcp(pp, db, 40)] },
      { rates: { ...DEFAULT_RATES, tcp: rateTcp } },
    );
    const e = edge(g, w('productpage-v1'), w('mongodb-v1'), 'tcp');
    expect(e.traffic.rates).toEqual({ tcp: expected });
    expect(e.traffic.responses).toEqual({
      '-': { flags: { '-': 100 }, hosts: { 'mongodb.bookinfo.svc.cluster.local': 100 } },
    });
  });

  it('shows small rates with enough decimals to see them, percentages with one', () => {
    const g = graph({ requestsIn: [req(pp, details, 0.0042), req(pp, reviews1, 0.0358)] });
    expect(edge(g, w('productpage-v1'), w('details-v1')).traffic.rates).toEqual({
      http: 0.004,
      httpPercentReq: 10.5,
    });
  });

  it('keeps an idle edge without rates with includeIdleEdges', () => {
    const g = graph({ requestsIn: [req(pp, details, 0)] });
    expect(edge(g, w('productpage-v1'), w('details-v1')).traffic).toEqual({ protocol: 'http' });
  });
});

describe('buildGraph: node identity per graph type', () => {
  const results: GraphQueryResults = {
    requestsIn: [req(UNKNOWN_CALLER, pp, 1), req(gateway, pp, 9), req(pp, reviews1, 4), req(pp, reviews2, 6)],
    requestsOut: [
      req(
        pp,
        {
          cluster: 'unknown',
          namespace: 'unknown',
          workload: 'unknown',
          app: 'unknown',
          version: 'unknown',
          service: 'PassthroughCluster',
          host: 'api.example.com',
          serviceNamespace: 'unknown',
        },
        1,
      ),
    ],
  };

  it('names the unknown caller like Kiali: unknown everything, inaccessible root', () => {
    const g = graph(results);
    expect(node(g, 'unknown_unknown_source')).toEqual({
      id: 'unknown_unknown_source',
      nodeType: 'unknown',
      cluster: 'unknown',
      namespace: 'unknown',
      workload: 'unknown',
      app: 'unknown',
      version: 'unknown',
      traffic: [{ protocol: 'http', rates: { httpOut: 1 } }],
      isInaccessible: true,
      isRoot: true,
    });
  });

  it('puts PassthroughCluster in cluster and namespace unknown, inaccessible', () => {
    const g = graph(results);
    expect(node(g, 'svc_unknown_unknown_PassthroughCluster')).toMatchObject({
      nodeType: 'service',
      cluster: 'unknown',
      namespace: 'unknown',
      service: 'PassthroughCluster',
      isInaccessible: true,
    });
  });

  it('marks nodes of namespaces that do not exist for the user inaccessible, and outside', () => {
    const g = graph(results);
    expect(node(g, w('istio-ingressgateway', 'istio-system'))).toMatchObject({
      isOutside: true,
      isInaccessible: true,
      isRoot: true,
    });
  });

  it('keeps the workload on a versioned-app node, and boxes app versions', () => {
    const g = graph(results, { graphType: 'versionedApp' });
    expect(node(g, `vapp_${K}_${NS}_reviews-v2`)).toMatchObject({
      nodeType: 'app',
      app: 'reviews',
      version: 'v2',
      workload: 'reviews-v2',
      parent: `box_${K}_${NS}_reviews`,
    });
    expect(node(g, `box_${K}_${NS}_reviews`)).toEqual({
      id: `box_${K}_${NS}_reviews`,
      nodeType: 'box',
      isBox: 'app',
      cluster: K,
      namespace: NS,
      app: 'reviews',
    });
  });

  it('merges versions into one app node in the app graph', () => {
    const g = graph(results, { graphType: 'app' });
    expect(node(g, `app_${K}_${NS}_reviews`)).toMatchObject({
      nodeType: 'app',
      app: 'reviews',
      traffic: [{ protocol: 'http', rates: { httpIn: 10 } }],
    });
    expect(node(g, `app_${K}_${NS}_reviews`).workload).toBeUndefined();
  });

  it('draws the service graph with service nodes, the gateway staying a workload root', () => {
    const g = graph(
      {
        requestsIn: [
          req(gateway, { ...pp, service: 'productpage' }, 9),
          req(pp, { ...reviews1, service: 'reviews' }, 4),
          req(pp, { ...reviews2, service: 'reviews' }, 6),
        ],
      },
      { graphType: 'service', injectServiceNodes: true },
    );
    expect(ids(g).sort()).toEqual(
      [s('productpage'), s('reviews'), w('istio-ingressgateway', 'istio-system')].sort(),
    );
    expect(node(g, w('istio-ingressgateway', 'istio-system'))).toMatchObject({
      nodeType: 'workload',
      isRoot: true,
    });
    expect(edge(g, s('productpage'), s('reviews')).traffic.rates).toEqual({ http: 10, httpPercentReq: 100 });
  });

  it('injects service nodes between callers and workloads, with the services requested of each', () => {
    const g = graph(results, { injectServiceNodes: true });
    expect(edge(g, w('productpage-v1'), s('reviews')).traffic.rates).toMatchObject({ http: 10 });
    expect(edge(g, s('reviews'), w('reviews-v2')).traffic.rates).toMatchObject({
      http: 6,
      httpPercentReq: 60,
    });
    expect(node(g, w('reviews-v2')).destServices).toEqual([{ cluster: K, namespace: NS, name: 'reviews' }]);
  });
});

describe('buildGraph: unusual destinations and boxes', () => {
  it('draws requests to the egress gateway service as the egress gateway workload (kiali#2999)', () => {
    const egress = {
      ...wl('istio-system', 'istio-egressgateway-abc'),
      service: 'istio-egressgateway.istio-system.svc.cluster.local',
      host: 'istio-egressgateway.istio-system.svc.cluster.local',
    };
    const g = graph({ requestsOut: [req(pp, egress, 2)] });
    expect(node(g, w('istio-egressgateway', 'istio-system'))).toMatchObject({
      nodeType: 'workload',
      app: 'istio-egressgateway',
      version: 'latest',
      isOutside: true,
    });
  });

  it('drops telemetry naming a destination by IP address during pod churn', () => {
    const ip = {
      ...wl(NS, 'unknown', 'unknown', 'unknown'),
      service: '10.1.2.3:9080',
      host: '10.1.2.3:9080',
    };
    const g = graph({ requestsOut: [req(pp, ip, 1), req(pp, details, 1)] });
    expect(ids(g).some((id) => id.includes('10.1.2.3'))).toBe(false);
    expect(edge(g, w('productpage-v1'), w('details-v1')).traffic.rates?.http).toBe(1);
  });

  it('puts an unknown destination cluster in the caller cluster when the service namespace is known (istio#29373)', () => {
    const g = graph({ requestsIn: [req(pp, { ...details, cluster: 'unknown' }, 1)] });
    expect(node(g, w('details-v1')).cluster).toBe(K);
  });

  it('boxes by namespace only when there is more than one namespace, and by cluster only across clusters', () => {
    const cart = wl('shop', 'cart-v1');
    const results: GraphQueryResults = {
      requestsIn: [req(pp, details, 1), req(pp, reviews1, 1), req(cart, pp, 1)],
    };
    const one = graph(results, { boxBy: ['namespace', 'cluster'] });
    expect(one.elements.nodes.filter((n) => n.data.nodeType === 'box').map((n) => n.data.id)).toEqual([
      `box_${K}_${NS}`,
    ]);
    expect(node(one, w('cart-v1', 'shop')).parent).toBeUndefined();
    const west = { ...wl(NS, 'reviews-v2', 'reviews', 'v2'), cluster: 'west' };
    const clusters = graph({ requestsIn: [req(pp, details, 1), req(pp, west, 1)] }, { boxBy: ['cluster'] });
    expect(
      clusters.elements.nodes.filter((n) => n.data.isBox === 'cluster').map((n) => n.data.cluster),
    ).toEqual([K]);
    expect(node(clusters, `wl_west_${NS}_reviews-v2`).parent).toBeUndefined();
    expect(node(clusters, w('details-v1')).parent).toBe(`box_${K}`);
  });
});

describe('buildGraph: appenders', () => {
  const state = cluster({
    workloads: [
      workload('productpage-v1'),
      workload('details-v1', NS, { desiredReplicas: 0, readyReplicas: 0 }),
      workload('reviews-v1'),
      workload('ratings-v1'),
    ],
    services: [
      {
        namespace: NS,
        name: 'reviews',
        selector: { app: 'reviews' },
        ports: [],
        labels: { app: 'reviews' },
        annotations: {},
      },
      {
        namespace: NS,
        name: 'ratings',
        selector: { app: 'ratings' },
        ports: [],
        labels: {},
        annotations: {},
      },
    ],
    virtualServices: [
      {
        namespace: NS,
        name: 'reviews',
        spec: {
          hosts: ['reviews'],
          http: [
            {
              route: [
                { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
                { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
              ],
              timeout: '2s',
            },
          ],
        },
      },
    ],
    destinationRules: [
      {
        namespace: NS,
        name: 'reviews',
        spec: { host: 'reviews', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } },
      },
    ],
  });
  const results: GraphQueryResults = {
    requestsIn: [req(pp, { ...reviews1, service: 'reviews' }, 10, { mtls: true }), req(pp, details, 2)],
    requestsOut: [req(pp, { ...reviews1, service: 'reviews' }, 10), req(pp, details, 2)],
    responseTimeIn: [measure(pp, { ...reviews1, service: 'reviews' }, 42)],
    responseTimeOut: [measure(pp, { ...reviews1, service: 'reviews' }, 50)],
    throughput: [measure(pp, { ...reviews1, service: 'reviews' }, 1234.4)],
  };
  const withAppenders = (appenders: Appenders, over: Partial<GraphOptions> = {}) =>
    graph(results, { appenders, injectServiceNodes: true, ...over }, state);

  it('adds nothing with appenders empty: no health, mTLS, response time or badges', () => {
    const g = withAppenders(NO_APPENDERS);
    const e = edge(g, s('reviews'), w('reviews-v1'));
    expect(e.health).toBeUndefined();
    expect(e.isMTLS).toBeUndefined();
    expect(e.responseTime).toBeUndefined();
    expect(node(g, s('reviews')).hasVS).toBeUndefined();
    expect(node(g, w('reviews-v1')).health).toBeUndefined();
  });

  it('puts VirtualService and DestinationRule badges on the service node, not on the workloads', () => {
    const g = withAppenders(parseAppenders('istio'));
    expect(node(g, s('reviews'))).toMatchObject({
      hasVS: { hostnames: ['reviews'] },
      hasCB: true,
      hasRequestRouting: true,
      hasTrafficShifting: true,
      hasRequestTimeout: true,
      app: 'reviews',
    });
    expect(node(g, w('reviews-v1')).hasVS).toBeUndefined();
  });

  it('decorates the service-to-workload edge with response time and throughput, both edges with mTLS', () => {
    const g = withAppenders(parseAppenders('responseTime,throughput,securityPolicy'));
    expect(edge(g, s('reviews'), w('reviews-v1'))).toMatchObject({
      responseTime: 42,
      throughput: 1234,
      isMTLS: 100,
    });
    expect(edge(g, w('productpage-v1'), s('reviews')).responseTime).toBeUndefined();
    expect(edge(g, w('productpage-v1'), s('reviews')).isMTLS).toBe(100);
  });

  it('judges health: a workload scaled to zero that still had traffic is Not Ready', () => {
    const g = withAppenders(parseAppenders('health'));
    expect(node(g, w('details-v1'))).toMatchObject({
      health: 'Not Ready',
      healthReasons: ['details-v1: scaled to 0 replicas'],
    });
    expect(node(g, w('reviews-v1')).health).toBe('Healthy');
  });

  it('judges a caller by the calls it makes too; a service and the unknown caller only by what they receive', () => {
    const rv = { ...reviews1, service: 'reviews' };
    const failing: GraphQueryResults = {
      requestsIn: [
        req(pp, rv, 8),
        req(pp, rv, 2, { code: '503' }),
        req(UNKNOWN_CALLER, rv, 1, { code: '503' }),
      ],
      requestsOut: [req(pp, rv, 8), req(pp, rv, 2, { code: '503' })],
    };
    const g = graph(failing, { appenders: parseAppenders('health'), injectServiceNodes: true }, state);
    expect(node(g, w('productpage-v1'))).toMatchObject({
      health: 'Failure',
      healthReasons: ['20% of outbound HTTP requests got 5xx or no response (failing at 10% or more)'],
    });
    expect(node(g, s('reviews')).healthReasons).toEqual([
      '27.3% of HTTP requests got 5xx or no response (failing at 10% or more)',
    ]);
    const unknown = g.elements.nodes.find((n) => n.data.nodeType === 'unknown')!;
    expect(unknown.data.health).toBe('NA');
  });

  it("Kiali's default set (no appenders parameter) adds idle nodes and marks dead ones", () => {
    const g = graph({ requestsIn: [req(pp, details, 1)] }, { appenders: ALL_APPENDERS }, state);
    expect(node(g, w('ratings-v1'))).toMatchObject({ isIdle: true });
    expect(node(g, w('ratings-v1')).traffic).toBeUndefined();
    expect(node(g, w('details-v1')).isDead).toBeUndefined(); // it has traffic
    expect(node(g, w('details-v1')).health).toBeUndefined(); // health is only on request
  });
});

describe('buildGraph: node graphs', () => {
  it("shows the node's callers and callees", () => {
    const g = graph(
      { requestsIn: [req(gateway, pp, 9)], requestsOut: [req(pp, details, 9), req(pp, reviews1, 9)] },
      { node: { kind: 'workload', namespace: NS, workload: 'productpage-v1' } },
    );
    expect(ids(g).sort()).toEqual(
      [
        w('istio-ingressgateway', 'istio-system'),
        w('productpage-v1'),
        w('details-v1'),
        w('reviews-v1'),
      ].sort(),
    );
  });
});

describe('buildGraph: node graph decorations', () => {
  it("takes the traffic of the node's calls from its own reports, their security from the callees'", () => {
    const g = graph(
      {
        // Destination reports: into productpage (traffic), and of productpage's call to details (security only).
        requestsIn: [req(gateway, pp, 9), req(pp, details, 7, { mtls: true })],
        requestsOut: [req(pp, details, 8)],
      },
      {
        node: { kind: 'workload', namespace: NS, workload: 'productpage-v1' },
        appenders: parseAppenders('securityPolicy'),
      },
    );
    const out = edge(g, w('productpage-v1'), w('details-v1'));
    expect(out.traffic.rates?.http).toBe(8);
    expect(out.isMTLS).toBe(100);
  });
});

describe('buildGraph: input', () => {
  it('rejects an invalid namespace like graphQueries does', () => {
    expect(() => graph({}, { namespaces: ['Not-Valid'] })).toThrow(/not a valid namespace/);
  });

  it('is an empty graph without traffic', () => {
    expect(graph({}).elements).toEqual({ nodes: [], edges: [] });
  });

  it('ignores NaN and infinite samples', () => {
    const g = graph({ requestsIn: [req(pp, details, Number.NaN), req(pp, reviews1, Infinity)] });
    expect(g.elements.edges).toEqual([]);
  });
});

/** Answers recorded from a real Prometheus scraping mesh-sim's Bookinfo: invariants, not exact numbers. */
describe('buildGraph on recorded Prometheus answers (mesh-sim Bookinfo)', () => {
  const recorded = loadFixture('bookinfo-sim');
  const graphOf = (graphType: GraphType, injectServiceNodes = false) =>
    graph(
      recorded.results,
      {
        graphType,
        injectServiceNodes,
        appenders: ALL_APPENDERS,
        durationSeconds: 30,
        queryTime: recorded.time,
      },
      recorded.cluster,
    );
  const http = (n: NodeData, key: string) => nodeRates(n, 'http')?.[key] ?? 0;
  const sumEdges = (g: Graph, pick: (e: EdgeData) => boolean) =>
    g.elements.edges
      .filter((e) => pick(e.data))
      .reduce((sum, e) => sum + (e.data.traffic.rates?.http ?? 0), 0);

  it.each<[GraphType, boolean]>([
    ['workload', false],
    ['app', true],
    ['versionedApp', true],
  ])('%s graph (inject %s): every node passes on what it receives', (graphType, inject) => {
    const g = graphOf(graphType, inject);
    for (const { data: n } of g.elements.nodes) {
      if (n.nodeType === 'box') continue;
      expect(http(n, 'httpIn')).toBeCloseTo(
        sumEdges(g, (e) => e.target === n.id && e.traffic.protocol === 'http'),
        1,
      );
      expect(http(n, 'httpOut')).toBeCloseTo(
        sumEdges(g, (e) => e.source === n.id && e.traffic.protocol === 'http'),
        1,
      );
    }
  });

  it('counts productpage requests once: what the destination reported, nothing more', () => {
    const g = graphOf('workload');
    const reported = recorded.results
      .requestsIn!.filter((x) => x.metric.destination_workload === 'productpage-v1')
      .reduce((a, x) => a + x.value, 0);
    expect(http(node(g, w('productpage-v1')), 'httpIn')).toBeCloseTo(reported, 1);
    expect(http(node(g, w('productpage-v1')), 'httpOut') / reported).toBeCloseTo(2, 1);
  });

  it('splits reviews about evenly over its three versions', () => {
    const g = graphOf('versionedApp', true);
    for (const v of ['v1', 'v2', 'v3']) {
      const share = edge(g, s('reviews'), `vapp_${K}_${NS}_reviews-${v}`).traffic.rates!.httpPercentReq!;
      expect(Math.abs(share - 100 / 3)).toBeLessThan(5);
    }
  });

  it('sees the mesh as mTLS except for the unmeshed client', () => {
    const g = graphOf('workload');
    for (const { data: e } of g.elements.edges) {
      if (e.source === 'unknown_unknown_source') expect(e.isMTLS).toBeUndefined();
      else if (e.traffic.protocol !== 'tcp' && !e.target.includes('googleapis')) expect(e.isMTLS).toBe(100);
    }
    expect(edge(g, w('ratings-v1'), w('mongodb-v1'), 'tcp').traffic.rates?.tcp).toBeGreaterThan(0);
  });
});
