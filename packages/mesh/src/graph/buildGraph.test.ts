import { graphSchema, type EdgeData, type Graph, type GraphType, type NodeData } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { emptyClusterState, type ClusterState, type WorkloadInfo } from '../cluster/clusterState.ts';
import { tolerance } from '../health/tolerance.ts';
import { loadFixture } from './__fixtures__/load.ts';
import { buildGraph } from './buildGraph.ts';
import type { GraphInput, GraphOptions, GraphQueryResults, PromSample } from './types.ts';

const bookinfo = loadFixture('bookinfo');
const BOOKINFO_QUERY_TIME = bookinfo.time;
const bookinfoResults = () => ({ ...bookinfo.results });
const NS = 'bookinfo';
const K = 'Kubernetes';
const wl = (ns: string, name: string) => `workload:${K}:${ns}:${name}`;
const svc = (ns: string, name: string) => `service:${K}:${ns}:${name}`;
const SE = 'serviceentry:bookinfo:googleapis';
const PASSTHROUGH = svc(NS, 'PassthroughCluster');

function build(options: Partial<GraphOptions> = {}, input: Partial<GraphInput> = {}): Graph {
  const graph = buildGraph({
    options: {
      graphType: 'workload',
      namespaces: [NS],
      injectServiceNodes: false,
      includeIdle: false,
      boxBy: [],
      durationSeconds: 600,
      queryTime: BOOKINFO_QUERY_TIME,
      ...options,
    },
    results: bookinfoResults(),
    cluster: bookinfo.cluster,
    ...input,
  });
  // Every graph the builder returns must satisfy the contract the web app validates against.
  return graphSchema.parse(graph);
}

const nodeIds = (g: Graph) => g.elements.nodes.map((n) => n.data.id).sort();
function node(g: Graph, id: string): NodeData {
  const n = g.elements.nodes.find((x) => x.data.id === id);
  if (!n) throw new Error(`no node ${id} in ${nodeIds(g).join(', ')}`);
  return n.data;
}
function edge(g: Graph, source: string, target: string, protocol = 'http'): EdgeData {
  const e = g.elements.edges.find(
    (x) => x.data.source === source && x.data.target === target && x.data.traffic.protocol === protocol,
  );
  if (!e) throw new Error(`no ${protocol} edge ${source} -> ${target}`);
  return e.data;
}
const rates = (n: NodeData, protocol: string) => n.traffic?.find((t) => t.protocol === protocol)?.rates;

describe('buildGraph: workload graph of Bookinfo', () => {
  const g = build();

  it('has one node per workload with traffic, plus the unknown, ServiceEntry and sentinel service nodes', () => {
    expect(nodeIds(g)).toEqual(
      [
        'unknown',
        wl('istio-system', 'istio-ingressgateway'),
        wl(NS, 'productpage-v1'),
        wl(NS, 'details-v1'),
        wl(NS, 'reviews-v1'),
        wl(NS, 'reviews-v2'),
        wl(NS, 'reviews-v3'),
        wl(NS, 'ratings-v1'),
        wl(NS, 'mongodb-v1'),
        // 503 UH: the source reported a request that found no endpoint
        svc(NS, 'reviews'),
        SE,
        PASSTHROUGH,
      ].sort(),
    );
    expect(node(g, wl(NS, 'reviews-v2'))).toMatchObject({
      nodeType: 'workload',
      cluster: K,
      namespace: NS,
      workload: 'reviews-v2',
      app: 'reviews',
      version: 'v2',
    });
  });

  it('draws callers without identity as one root unknown node', () => {
    expect(node(g, 'unknown')).toMatchObject({ nodeType: 'unknown', isRoot: true, namespace: 'unknown' });
    expect(edge(g, 'unknown', wl(NS, 'productpage-v1')).traffic.rates).toMatchObject({ http: 1 });
  });

  it('marks the ingress gateway as an outside root gateway with its hostnames', () => {
    expect(node(g, wl('istio-system', 'istio-ingressgateway'))).toMatchObject({
      isRoot: true,
      isOutside: true,
      isGateway: { ingressInfo: { hostnames: ['*', 'bookinfo.example.com'] } },
    });
    expect(node(g, wl('istio-system', 'istio-ingressgateway')).isOutOfMesh).toBeUndefined();
    expect(node(g, wl(NS, 'productpage-v1')).isRoot).toBeUndefined();
    expect(node(g, wl(NS, 'productpage-v1')).isOutside).toBeUndefined();
  });

  it('collapses the ServiceEntry hosts into one service node reached from source reports only', () => {
    expect(node(g, SE)).toMatchObject({
      nodeType: 'service',
      namespace: NS,
      service: 'googleapis',
      isServiceEntry: { hosts: ['www.googleapis.com', 'storage.googleapis.com'], location: 'MESH_EXTERNAL' },
      hasDR: true,
    });
    const e = edge(g, wl(NS, 'details-v1'), SE);
    expect(e.traffic.rates.http).toBe(2);
    expect(e.traffic.responses['200']!.hosts).toEqual({ 'www.googleapis.com': 100 });
    expect(e.isMTLS).toBeUndefined(); // nobody on the destination side reported it
    expect(e.responseTime).toBe(120);
    expect(e.throughput).toBe(10000);
  });

  it('puts PassthroughCluster traffic on a service node in the caller namespace', () => {
    expect(node(g, PASSTHROUGH)).toMatchObject({ nodeType: 'service', service: 'PassthroughCluster' });
    expect(edge(g, wl(NS, 'details-v1'), PASSTHROUGH).traffic.responses['200']!.hosts).toEqual({
      'api.example.com': 100,
    });
  });

  it('counts each request once when both proxies reported it', () => {
    const e = edge(g, wl(NS, 'productpage-v1'), wl(NS, 'details-v1'));
    // 10 x 200 + 0.5 x 404 from the destination (the identical source series are ignored),
    // plus 0.5 x 503 UF that only the source saw.
    expect(e.traffic.rates).toEqual({
      http: 11,
      http4xx: 0.5,
      http5xx: 0.5,
      httpPercentErr: 9.09,
      httpPercentReq: 49.55,
    });
    expect(e.traffic.responses['503']).toEqual({
      flags: { 'UF,URX': 100 },
      hosts: { 'details.bookinfo.svc.cluster.local': 100 },
    });
    expect(e.traffic.responses['200']!.flags).toEqual({ '-': 100 });
    expect(rates(node(g, wl(NS, 'productpage-v1')), 'http')).toEqual({ httpIn: 11, httpOut: 22.2 });
    // Response time and bytes follow the same rule: the source-side 6 ms and bytes are ignored.
    expect(e.responseTime).toBe(5);
    expect(e.throughput).toBe(6000);
    expect(edge(g, wl(NS, 'productpage-v1'), wl(NS, 'reviews-v1')).responseTime).toBe(8);
  });

  it('sends requests that found no endpoint to the service node', () => {
    const e = edge(g, wl(NS, 'productpage-v1'), svc(NS, 'reviews'));
    expect(e.traffic.rates).toMatchObject({ http: 0.2, http5xx: 0.2, httpPercentErr: 100 });
    expect(e.traffic.responses['503']!.flags).toEqual({ UH: 100 });
    expect(e.health).toBe('Failure');
  });

  it('sums TCP sent and received bytes into one edge, counted once', () => {
    const e = edge(g, wl(NS, 'ratings-v1'), wl(NS, 'mongodb-v1'), 'tcp');
    expect(e.traffic).toEqual({
      protocol: 'tcp',
      rates: { tcp: 2000 },
      responses: { '-': { flags: { '-': 100 }, hosts: { 'mongodb.bookinfo.svc.cluster.local': 100 } } },
    });
    expect(e.isMTLS).toBe(100);
    expect(e.health).toBeUndefined();
    expect(rates(node(g, wl(NS, 'mongodb-v1')), 'tcp')).toEqual({ tcpIn: 2000 });
    expect(rates(node(g, wl(NS, 'ratings-v1')), 'tcp')).toEqual({ tcpOut: 2000 });
  });

  it('reports the mutual-TLS share of destination-reported traffic, and the principals', () => {
    expect(edge(g, wl(NS, 'reviews-v3'), wl(NS, 'ratings-v1')).isMTLS).toBe(72.6);
    expect(edge(g, 'unknown', wl(NS, 'productpage-v1')).isMTLS).toBe(0);
    expect(edge(g, wl('istio-system', 'istio-ingressgateway'), wl(NS, 'productpage-v1'))).toMatchObject({
      isMTLS: 100,
      sourcePrincipal: 'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      destPrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage',
      responseTime: 45,
      throughput: 55000,
    });
  });

  it('fails an edge with 50 % 503s and the node behind it', () => {
    const e = edge(g, wl(NS, 'reviews-v2'), wl(NS, 'ratings-v1'));
    expect(e.traffic.rates).toMatchObject({
      http: 3.6,
      http5xx: 1.8,
      httpPercentErr: 50,
      httpPercentReq: 100,
    });
    expect(e.health).toBe('Failure');
    expect(e.healthReasons).toEqual(['50% of HTTP requests got 5xx or no response (failing at 10% or more)']);
    expect(node(g, wl(NS, 'ratings-v1'))).toMatchObject({
      health: 'Failure',
      healthReasons: ['24.8% of HTTP requests got 5xx or no response (failing at 10% or more)'],
    });
    expect(edge(g, wl(NS, 'reviews-v3'), wl(NS, 'ratings-v1')).health).toBe('Healthy');
  });

  it('combines replica readiness into node health', () => {
    expect(node(g, wl(NS, 'reviews-v3'))).toMatchObject({
      health: 'Degraded',
      healthReasons: ['reviews-v3: 1 of 2 pods ready'],
    });
    expect(node(g, wl(NS, 'productpage-v1')).health).toBe('Healthy');
    expect(node(g, 'unknown').health).toBe('NA');
  });

  it('applies a workload health annotation instead of the defaults', () => {
    // details-v1: `4XX/2/5/http/inbound` -> 4.5 % 404s degrade; its 4.5 % 503s are not judged any more.
    expect(node(g, wl(NS, 'details-v1'))).toMatchObject({
      health: 'Degraded',
      healthReasons: ['4.5% of HTTP requests got 4xx (degraded at 2% or more)'],
    });
  });

  it('reports a malformed annotation in errors and falls back to the defaults', () => {
    expect(g.errors).toEqual([
      {
        source: 'kubernetes',
        message: expect.stringContaining(
          'workload bookinfo/mongodb-v1: ignoring annotation health.sextant.io/rate',
        ),
      },
    ]);
    expect(node(g, wl(NS, 'mongodb-v1')).health).toBe('Healthy');
  });

  it('puts config badges on the workloads behind each configured service', () => {
    const badges = (id: string) => {
      const n = node(g, id);
      return Object.keys(n)
        .filter((k) => k.startsWith('has'))
        .sort();
    };
    expect(badges(wl(NS, 'reviews-v1'))).toEqual([
      'hasDR',
      'hasRequestTimeout',
      'hasTrafficShifting',
      'hasVS',
    ]);
    expect(badges(wl(NS, 'ratings-v1'))).toEqual(['hasCB', 'hasDR', 'hasFaultInjection', 'hasVS']);
    // `details.bookinfo` resolves to the details service; a 100/0 split is no traffic shifting.
    expect(badges(wl(NS, 'details-v1'))).toEqual(['hasMirroring', 'hasVS']);
    // The gateway's catch-all `*` VirtualService badges nothing.
    expect(badges(wl(NS, 'productpage-v1'))).toEqual([]);
  });

  it('is deterministic: same input, same ids and order', () => {
    expect(build()).toEqual(g);
  });
});

describe('buildGraph: per graph type', () => {
  it('versionedApp: one node per app version; percent of requests is the share of the caller outbound', () => {
    const g = build({ graphType: 'versionedApp' });
    const app = (name: string, version: string) => `app:${NS}:${name}:${version}`;
    expect(nodeIds(g)).toEqual(
      [
        'unknown',
        'app:istio-system:istio-ingressgateway:latest',
        app('productpage', 'v1'),
        app('details', 'v1'),
        app('reviews', 'v1'),
        app('reviews', 'v2'),
        app('reviews', 'v3'),
        app('ratings', 'v1'),
        app('mongodb', 'v1'),
        svc(NS, 'reviews'),
        SE,
        PASSTHROUGH,
      ].sort(),
    );
    expect(node(g, app('reviews', 'v2'))).toMatchObject({ nodeType: 'app', app: 'reviews', version: 'v2' });
    const pp = app('productpage', 'v1');
    const shares = ['v1', 'v2', 'v3'].map(
      (v) => edge(g, pp, app('reviews', v)).traffic.rates.httpPercentReq!,
    );
    // productpage calls details and reviews once per page: each reviews version gets a third of
    // the reviews half of productpage's requests.
    expect(shares).toEqual([16.67, 16.44, 16.44]);
    const all = g.elements.edges.filter((e) => e.data.source === pp);
    expect(all.reduce((s, e) => s + e.data.traffic.rates.httpPercentReq!, 0)).toBeCloseTo(100, 1);
  });

  it('versionedApp with injected service nodes: each reviews version gets ~33 % of the reviews service', () => {
    const g = build({ graphType: 'versionedApp', injectServiceNodes: true });
    const reviews = svc(NS, 'reviews');
    const shares = ['v1', 'v2', 'v3'].map(
      (v) => edge(g, reviews, `app:${NS}:reviews:${v}`).traffic.rates.httpPercentReq!,
    );
    expect(shares).toEqual([33.64, 33.18, 33.18]);
    shares.forEach((s) => expect(s).toBeCloseTo(100 / 3, 0));
    // The caller -> service edge carries both the routed requests and the 503 UH that never left.
    const caller = edge(g, `app:${NS}:productpage:v1`, reviews);
    expect(caller.traffic.rates).toMatchObject({ http: 11.2, http5xx: 0.2, httpPercentErr: 1.79 });
    expect(caller.isMTLS).toBe(100);
    // Response time: the request-weighted mean of the pairs' p95 (8, 25, 30 ms and 0.5 ms for UH).
    expect(caller.responseTime).toBeCloseTo((8 * 3.7 + 25 * 3.65 + 30 * 3.65 + 0.5 * 0.2) / 11.2, 1);
    expect(node(g, reviews)).toMatchObject({
      isInjected: true,
      hasVS: true,
      hasDR: true,
      hasTrafficShifting: true,
      hasRequestTimeout: true,
      health: 'Degraded',
    });
    expect(rates(node(g, reviews), 'http')).toEqual({ httpIn: 11.2, httpIn5xx: 0.2, httpOut: 11 });
    // Every destination with a known workload gets its service node; terminal nodes stay as they were.
    for (const name of ['productpage', 'details', 'ratings', 'mongodb'])
      expect(node(g, svc(NS, name)).isInjected).toBe(true);
    expect(edge(g, svc(NS, 'mongodb'), `app:${NS}:mongodb:v1`, 'tcp').traffic.rates.tcp).toBe(2000);
    expect(edge(g, 'unknown', svc(NS, 'productpage')).isMTLS).toBe(0);
    expect(edge(g, `app:${NS}:details:v1`, SE).traffic.rates.http).toBe(2);
  });

  it('app: versions merge into one node per app, response time weighted by requests', () => {
    const g = build({ graphType: 'app' });
    expect(nodeIds(g)).toEqual(
      [
        'unknown',
        'app:istio-system:istio-ingressgateway',
        'app:bookinfo:productpage',
        'app:bookinfo:details',
        'app:bookinfo:reviews',
        'app:bookinfo:ratings',
        'app:bookinfo:mongodb',
        svc(NS, 'reviews'),
        SE,
        PASSTHROUGH,
      ].sort(),
    );
    const e = edge(g, 'app:bookinfo:productpage', 'app:bookinfo:reviews');
    expect(e.traffic.rates.http).toBe(11);
    expect(e.responseTime).toBe(20.94);
    const toRatings = edge(g, 'app:bookinfo:reviews', 'app:bookinfo:ratings');
    expect(toRatings.traffic.rates).toMatchObject({ http: 7.25, http5xx: 1.8, httpPercentErr: 24.83 });
    expect(toRatings.isMTLS).toBe(86.21);
    expect(toRatings.health).toBe('Failure');
    // reviews-v3 runs 1 of 2 pods: the app is degraded.
    expect(node(g, 'app:bookinfo:reviews')).toMatchObject({ health: 'Degraded', hasTrafficShifting: true });
  });

  it('service: callers are drawn as the service they are reached through', () => {
    const g = build({ graphType: 'service' });
    expect(nodeIds(g)).toEqual(
      [
        'unknown',
        'app:istio-system:istio-ingressgateway',
        svc(NS, 'productpage'),
        svc(NS, 'details'),
        svc(NS, 'reviews'),
        svc(NS, 'ratings'),
        svc(NS, 'mongodb'),
        SE,
        PASSTHROUGH,
      ].sort(),
    );
    expect(edge(g, svc(NS, 'productpage'), svc(NS, 'reviews')).traffic.rates.http).toBe(11.2);
    expect(edge(g, svc(NS, 'reviews'), svc(NS, 'ratings')).traffic.rates.http).toBe(7.25);
    expect(edge(g, svc(NS, 'ratings'), svc(NS, 'mongodb'), 'tcp').traffic.rates.tcp).toBe(2000);
    expect(edge(g, svc(NS, 'details'), SE).traffic.rates.http).toBe(2);
    expect(node(g, 'app:istio-system:istio-ingressgateway')).toMatchObject({ isRoot: true, isOutside: true });
  });
});

describe('buildGraph: options', () => {
  it('includeIdle adds workloads without traffic; scaled to zero they are dead and Not Ready', () => {
    const g = build({ includeIdle: true });
    expect(node(g, wl(NS, 'ratings-v2'))).toMatchObject({
      isIdle: true,
      isDead: true,
      health: 'Not Ready',
      healthReasons: ['ratings-v2: scaled to 0 replicas'],
    });
    expect(node(g, wl(NS, 'productpage-v1')).isIdle).toBeUndefined();
    // Only the requested namespaces: istiod in istio-system is not added.
    expect(nodeIds(g)).not.toContain(wl('istio-system', 'istiod'));
    // Services appear idle only where service nodes are drawn.
    expect(nodeIds(g)).not.toContain(svc(NS, 'legacy'));
    const injected = build({ includeIdle: true, injectServiceNodes: true });
    expect(node(injected, svc(NS, 'legacy'))).toMatchObject({ isIdle: true, health: 'NA' });
    expect(node(injected, svc(NS, 'details')).isIdle).toBeUndefined();
    const versioned = build({ graphType: 'versionedApp', includeIdle: true });
    expect(node(versioned, `app:${NS}:ratings:v2`)).toMatchObject({ isIdle: true, isDead: true });
  });

  it('boxes app versions in an app box inside namespace boxes', () => {
    const g = build({ graphType: 'versionedApp', boxBy: ['app', 'namespace'] });
    const appBox = node(g, 'box:app:bookinfo:reviews');
    expect(appBox).toMatchObject({
      nodeType: 'box',
      isBox: 'app',
      app: 'reviews',
      parent: `box:namespace:${K}:${NS}`,
    });
    for (const v of ['v1', 'v2', 'v3']) expect(node(g, `app:${NS}:reviews:${v}`).parent).toBe(appBox.id);
    // The service node named like the app sits in the same box.
    expect(node(g, svc(NS, 'reviews')).parent).toBe(appBox.id);
    // A single member gets no box of its own.
    expect(nodeIds(g)).not.toContain('box:app:bookinfo:productpage');
    expect(node(g, `app:${NS}:productpage:v1`).parent).toBe(`box:namespace:${K}:${NS}`);
    expect(node(g, `box:namespace:${K}:istio-system`)).toMatchObject({ isBox: 'namespace', isOutside: true });
    expect(node(g, 'unknown').parent).toBeUndefined();
    // Parents come before their children (cytoscape needs them first).
    const order = g.elements.nodes.map((n) => n.data.id);
    for (const n of g.elements.nodes) {
      if (n.data.parent) expect(order.indexOf(n.data.parent)).toBeLessThan(order.indexOf(n.data.id));
    }
  });

  it('service graphs have no app boxes', () => {
    const g = build({ graphType: 'service', boxBy: ['app'] });
    expect(g.elements.nodes.some((n) => n.data.nodeType === 'box')).toBe(false);
  });

  it('configured tolerances replace the defaults', () => {
    const g = build({ health: { tolerances: [tolerance('5XX', 30, 60, 'http')] } });
    expect(edge(g, wl(NS, 'reviews-v2'), wl(NS, 'ratings-v1')).health).toBe('Degraded');
    expect(node(g, wl(NS, 'ratings-v1')).health).toBe('Healthy');
  });

  it('carries upstream errors and builds what it can from partial results', () => {
    const results = bookinfoResults();
    delete results.requestsOut;
    const g = build({}, { results, errors: [{ source: 'prometheus', message: 'requestsOut: timeout' }] });
    expect(g.errors?.[0]).toEqual({ source: 'prometheus', message: 'requestsOut: timeout' });
    expect(nodeIds(g)).not.toContain(SE); // only the source side knew about it
    expect(edge(g, wl(NS, 'productpage-v1'), wl(NS, 'details-v1')).traffic.rates.http).toBe(10.5);
  });

  it('returns an empty graph for no traffic', () => {
    const g = build({}, { results: {} });
    expect(g.elements).toEqual({ nodes: [], edges: [] });
    expect(g).toMatchObject({ timestamp: BOOKINFO_QUERY_TIME, duration: 600, graphType: 'workload' });
  });

  it.each<[GraphType, boolean, boolean]>([
    ['workload', false, false],
    ['workload', true, true],
    ['app', true, false],
    ['app', false, true],
    ['versionedApp', true, true],
    ['service', false, true],
  ])(
    '%s graph (inject %s, idle %s) satisfies the contract and references only its own nodes',
    (graphType, inject, idle) => {
      const g = build({
        graphType,
        injectServiceNodes: inject,
        includeIdle: idle,
        boxBy: ['app', 'namespace'],
      });
      const ids = new Set(g.elements.nodes.map((n) => n.data.id));
      expect(ids.size).toBe(g.elements.nodes.length);
      for (const { data } of g.elements.edges) {
        expect(ids.has(data.source) && ids.has(data.target)).toBe(true);
        for (const v of Object.values(data.traffic.rates)) expect(typeof v).toBe('number');
      }
    },
  );
});

/** Small hand-made inputs for the rules the Bookinfo fixture does not exercise. */
describe('buildGraph: counting rules and special cases', () => {
  const peer = (side: 'source' | 'destination', ns: string, workload: string, app = workload) => ({
    [`${side}_cluster`]: K,
    [`${side}_workload_namespace`]: ns,
    [`${side}_workload`]: workload,
    [`${side}_canonical_service`]: app,
    [`${side}_canonical_revision`]: 'v1',
  });
  const service = (ns: string, name: string) => ({
    destination_service: `${name}.${ns}.svc.cluster.local`,
    destination_service_name: name,
    destination_service_namespace: ns,
  });
  const sample = (metric: Record<string, string>, value: number): PromSample => ({ metric, value });
  const graphOf = (
    results: GraphQueryResults,
    cluster: ClusterState = emptyClusterState(),
    namespaces = ['a'],
  ) =>
    graphSchema.parse(
      buildGraph({
        options: {
          graphType: 'workload',
          namespaces,
          injectServiceNodes: false,
          includeIdle: false,
          boxBy: [],
          durationSeconds: 60,
          queryTime: 1,
        },
        results,
        cluster,
      }),
    );
  const aToB = {
    ...peer('source', 'a', 'client'),
    ...service('b', 'server'),
    ...peer('destination', 'b', 'server'),
  };

  it('uses the source report when the destination namespace was not requested', () => {
    const g = graphOf({
      requestsOut: [sample({ ...aToB, request_protocol: 'http', response_code: '200' }, 4)],
    });
    expect(edge(g, wl('a', 'client'), wl('b', 'server')).traffic.rates.http).toBe(4);
    expect(node(g, wl('b', 'server')).isOutside).toBe(true);
    expect(edge(g, wl('a', 'client'), wl('b', 'server')).isMTLS).toBeUndefined();
  });

  it('uses only the destination report when both namespaces were requested', () => {
    const m = { ...aToB, request_protocol: 'http', response_code: '200' };
    const g = graphOf(
      {
        requestsIn: [sample({ ...m, connection_security_policy: 'mutual_tls' }, 4)],
        requestsOut: [sample({ ...m, connection_security_policy: 'unknown' }, 4.1)],
      },
      emptyClusterState(),
      ['a', 'b'],
    );
    expect(edge(g, wl('a', 'client'), wl('b', 'server')).traffic.rates.http).toBe(4);
  });

  it('keeps both sides of TCP without mTLS, where the server cannot name its peer', () => {
    const server = { ...service('a', 'db'), ...peer('destination', 'a', 'db') };
    const unknownSource = {
      source_workload: 'unknown',
      source_workload_namespace: 'unknown',
      source_canonical_service: 'unknown',
    };
    const g = graphOf({
      tcpSentIn: [sample({ ...unknownSource, ...server, connection_security_policy: 'none' }, 100)],
      tcpSentOut: [sample({ ...peer('source', 'a', 'app'), ...server }, 100)],
    });
    expect(edge(g, wl('a', 'app'), wl('a', 'db'), 'tcp').traffic.rates.tcp).toBe(100);
    expect(edge(g, 'unknown', wl('a', 'db'), 'tcp')).toMatchObject({ isMTLS: 0 });
  });

  it('ignores samples that are zero, NaN or infinite', () => {
    const m = { ...aToB, request_protocol: 'http', response_code: '200' };
    const g = graphOf({
      requestsOut: [sample(m, 0), sample(m, Number.NaN)],
      responseTimeOut: [sample(aToB, Number.POSITIVE_INFINITY)],
    });
    expect(g.elements.edges).toEqual([]);
  });

  it('rates gRPC by gRPC status: errors are any non-zero status and no status at all', () => {
    const m = { ...aToB, request_protocol: 'grpc', response_code: '200' };
    const g = graphOf({
      requestsOut: [
        sample({ ...m, grpc_response_status: '0' }, 8),
        sample({ ...m, grpc_response_status: '14', response_flags: 'UH' }, 1),
        sample({ ...m, response_code: '0', response_flags: 'DC' }, 1),
      ],
    });
    const e = edge(g, wl('a', 'client'), wl('b', 'server'), 'grpc');
    expect(e.traffic.rates).toEqual({ grpc: 10, grpcErr: 2, grpcPercentErr: 20, grpcPercentReq: 100 });
    expect(Object.keys(e.traffic.responses).sort()).toEqual(['-', '0', '14']);
    expect(e.health).toBe('Failure');
    expect(rates(node(g, wl('b', 'server')), 'grpc')).toEqual({ grpcIn: 10, grpcInErr: 2 });
    expect(rates(node(g, wl('a', 'client')), 'grpc')).toEqual({ grpcOut: 10 });
  });

  it('counts HTTP code 0 as no response', () => {
    const m = { ...aToB, request_protocol: 'http' };
    const g = graphOf({
      requestsOut: [
        sample({ ...m, response_code: '200' }, 9),
        sample({ ...m, response_code: '0', response_flags: 'DC' }, 1),
      ],
    });
    expect(edge(g, wl('a', 'client'), wl('b', 'server')).traffic.rates).toMatchObject({
      httpNoResponse: 1,
      httpPercentErr: 10,
    });
    expect(rates(node(g, wl('b', 'server')), 'http')).toMatchObject({ httpIn: 10, httpInNoResponse: 1 });
  });

  it('flags workloads without a sidecar as out of mesh', () => {
    const w: WorkloadInfo = {
      namespace: 'a',
      name: 'client',
      labels: { app: 'client' },
      annotations: {},
      desiredReplicas: 1,
      readyReplicas: 0,
      hasSidecar: false,
      serviceAccount: 'default',
    };
    const g = graphOf(
      { requestsOut: [sample({ ...aToB, request_protocol: 'http', response_code: '200' }, 1)] },
      emptyClusterState({ workloads: [w] }),
    );
    expect(node(g, wl('a', 'client'))).toMatchObject({
      isOutOfMesh: true,
      health: 'Failure',
      healthReasons: ['client: 0 of 1 pods ready'],
    });
  });

  it('rejects an invalid namespace like graphQueries does', () => {
    expect(() => graphOf({}, emptyClusterState(), ['Not-Valid'])).toThrow(/not a valid namespace/);
  });
});

/** Answers recorded from a real Prometheus scraping mesh-sim's Bookinfo: invariants, not exact numbers. */
describe('buildGraph on recorded Prometheus answers (mesh-sim Bookinfo)', () => {
  const recorded = loadFixture('bookinfo-sim');
  const graphOf = (graphType: GraphType, injectServiceNodes = false) =>
    graphSchema.parse(
      buildGraph({
        options: {
          graphType,
          namespaces: [NS],
          injectServiceNodes,
          includeIdle: true,
          boxBy: ['app', 'namespace'],
          durationSeconds: 30,
          queryTime: recorded.time,
        },
        results: recorded.results,
        cluster: recorded.cluster,
      }),
    );
  const http = (n: NodeData, key: string) => rates(n, 'http')?.[key] ?? 0;
  const sumEdges = (g: Graph, pick: (e: EdgeData) => boolean) =>
    g.elements.edges.filter((e) => pick(e.data)).reduce((s, e) => s + (e.data.traffic.rates.http ?? 0), 0);

  it.each<[GraphType, boolean]>([
    ['workload', false],
    ['app', true],
    ['versionedApp', true],
    ['service', false],
  ])('%s graph (inject %s): every node passes on what it receives', (graphType, inject) => {
    const g = graphOf(graphType, inject);
    for (const { data: n } of g.elements.nodes) {
      if (n.nodeType === 'box') continue;
      // Node rates are the sums of their edges (rounding aside): nothing counted twice or lost.
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
      .requestsIn!.filter((s) => s.metric.destination_workload === 'productpage-v1')
      .reduce((a, s) => a + s.value, 0);
    expect(http(node(g, wl(NS, 'productpage-v1')), 'httpIn')).toBeCloseTo(reported, 1);
    // productpage calls details and reviews once per request each.
    const out = http(node(g, wl(NS, 'productpage-v1')), 'httpOut');
    expect(out / reported).toBeCloseTo(2, 1);
  });

  it('splits reviews about evenly over its three versions', () => {
    const g = graphOf('versionedApp', true);
    for (const v of ['v1', 'v2', 'v3']) {
      const share = edge(g, svc(NS, 'reviews'), `app:${NS}:reviews:${v}`).traffic.rates.httpPercentReq!;
      expect(Math.abs(share - 100 / 3)).toBeLessThan(5);
    }
  });

  it('sees the mesh as mTLS except for the unmeshed client', () => {
    const g = graphOf('workload');
    for (const { data: e } of g.elements.edges) {
      if (e.source === 'unknown') expect(e.isMTLS).toBe(0);
      else if (e.target === SE) expect(e.isMTLS).toBeUndefined();
      else expect(e.isMTLS).toBe(100);
    }
    expect(node(g, wl('istio-system', 'istio-ingressgateway'))).toMatchObject({
      isRoot: true,
      isOutside: true,
    });
    expect(node(g, wl('istio-system', 'istio-ingressgateway')).isGateway).toBeDefined();
    expect(node(g, SE).isServiceEntry).toEqual({ hosts: ['www.googleapis.com'], location: 'MESH_EXTERNAL' });
    expect(edge(g, wl(NS, 'ratings-v1'), wl(NS, 'mongodb-v1'), 'tcp').traffic.rates.tcp).toBeGreaterThan(0);
    for (const { data: e } of g.elements.edges) {
      if (e.traffic.protocol !== 'tcp') expect(e.responseTime).toBeGreaterThan(0);
    }
  });
});
