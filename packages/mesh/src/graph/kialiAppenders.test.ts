import { describe, expect, it } from 'vitest';
import type { DestinationRuleSpec, VirtualServiceSpec, WorkloadInfo } from '../cluster/clusterState.ts';
import {
  app,
  edge,
  edgesFrom,
  findNode,
  ids,
  K,
  node,
  run,
  service,
  serviceEntry,
  serviceOnly,
  state,
  svc,
  UNKNOWN,
  unknownSource,
  vapp,
  withLabels,
  wlId,
  workload,
} from './__fixtures__/kialiAppenders.ts';
import type { Side, Target } from './__fixtures__/samples.ts';
import { measure, req, tcp, UNKNOWN_CALLER, wl } from './__fixtures__/samples.ts';
import type { RequestedRates } from './options.ts';
import { DEFAULT_RATES, parseAppenders } from './options.ts';
import type { GraphQueryResults } from './types.ts';

/**
 * The expected outcomes of Kiali's appender unit tests (kiali `graph/telemetry/istio/appender`:
 * security_policy_test.go, response_time_test.go, throughput_test.go, dead_node_test.go,
 * idle_node_test.go, service_entry_test.go, istio_details_test.go, mesh_check_test.go), written as
 * Sextant input: the telemetry Kiali's Prometheus mock returns becomes `GraphQueryResults` rows, the
 * hand-built traffic map becomes the request rows that produce it, the fake cluster a ClusterState.
 * Each case names the Kiali test it comes from.
 *
 * Sextant's `requestsIn` rows carry `connection_security_policy` and the principals, so they serve
 * traffic and the securityPolicy appender at once; response time and throughput are per-edge-label
 * rows of their own queries. Kiali builds appender tests on hand-made maps with nodes that have no
 * traffic; Sextant gets those nodes from zero-rate rows (`includeIdleEdges`).
 *
 * Where Sextant's outcome is not Kiali's, a comment says why (README.md beside this file lists
 * those differences).
 */

const BI = 'bookinfo';
const TNS = 'test-ns';

const ingress: Side = {
  namespace: 'istio-system',
  workload: 'ingressgateway-unknown',
  app: 'ingressgateway',
  version: 'unknown',
};
const INGRESS = vapp('istio-system', 'ingressgateway-unknown');
const productpage: Target = wl(BI, 'productpage-v1');
const reviews1: Target = wl(BI, 'reviews-v1');
const reviews2: Target = wl(BI, 'reviews-v2', 'reviews', 'v2');
const ratings: Target = wl(BI, 'ratings-v1');
const PP = vapp(BI, 'productpage-v1');
const R1 = vapp(BI, 'reviews-v1');
const R2 = vapp(BI, 'reviews-v2');
const RATINGS = vapp(BI, 'ratings-v1');
const bookinfo = state([BI, 'istio-system']);

describe('securityPolicy (kiali security_policy_test.go)', () => {
  const principals = {
    source_principal: 'source-principal-test',
    destination_principal: 'destination-principal-test',
  };
  // Destination-reported: half the requests into productpage-v1 with mutual TLS, half without.
  const halfMTLS = [
    withLabels(req(ingress, productpage, 10, { mtls: true }), principals),
    withLabels(req(ingress, productpage, 10, { mtls: false }), principals),
  ];

  it.each<[string, RequestedRates]>([
    ['TestSecurityPolicyDefaultRates', DEFAULT_RATES],
    [
      'TestSecurityPolicyTotalRates (rateGrpc=total, rateTcp=total)',
      { ...DEFAULT_RATES, grpc: 'total', tcp: 'total' },
    ],
  ])('%s: 10 req/s mTLS + 10 plaintext on ingress -> productpage-v1 is 50 %% mTLS', (_kiali, rates) => {
    const g = run(
      { requestsIn: halfMTLS },
      { namespaces: [BI], appenders: parseAppenders('securityPolicy'), rates },
      bookinfo,
    );
    expect(edgesFrom(g, INGRESS)).toEqual([`${PP}:http`]);
    expect(node(g, INGRESS).app).toBe('ingressgateway');
    expect(node(g, PP)).toMatchObject({ app: 'productpage', version: 'v1' });
    // Kiali asserts no principals here; with the same principals on both rows it would carry these.
    expect(edge(g, INGRESS, PP)).toMatchObject({
      isMTLS: 50,
      sourcePrincipal: 'source-principal-test',
      destPrincipal: 'destination-principal-test',
    });
  });

  it('TestSecurityPolicyWithServiceNodes: one mTLS row marks both the caller->service and the service->workload edge 100 %', () => {
    const g = run(
      { requestsIn: [withLabels(req(ingress, productpage, 10, { mtls: true }), principals)] },
      {
        namespaces: [BI],
        injectServiceNodes: true,
        appenders: parseAppenders('securityPolicy'),
      },
      bookinfo,
    );
    expect(edgesFrom(g, INGRESS)).toEqual([`${svc(BI, 'productpage')}:http`]);
    expect(edgesFrom(g, svc(BI, 'productpage'))).toEqual([`${PP}:http`]);
    expect(edge(g, INGRESS, svc(BI, 'productpage')).isMTLS).toBe(100);
    expect(edge(g, svc(BI, 'productpage'), PP).isMTLS).toBe(100);
  });
});

/** Kiali's test map: ingress -> productpage -> reviews v1/v2 -> ratings, service nodes injected. */
const bookinfoChain: Array<[Side, Target]> = [
  [ingress, productpage],
  [productpage, reviews1],
  [productpage, reviews2],
  [reviews1, ratings],
  [reviews2, ratings],
];
const PP_SVC = svc(BI, 'productpage');
const REVIEWS_SVC = svc(BI, 'reviews');
const RATINGS_SVC = svc(BI, 'ratings');
/** Edges of the injected chain that lead into a service node (caller side). */
const callerEdges: Array<[string, string]> = [
  [INGRESS, PP_SVC],
  [PP, REVIEWS_SVC],
  [R1, RATINGS_SVC],
  [R2, RATINGS_SVC],
];

describe('responseTime (kiali response_time_test.go)', () => {
  // Kiali's values are 0.010 ... 0.040 (ms); Sextant prints whole milliseconds, so they are scaled
  // by 1000 here: 10, 20, 30 from the destination, 20, 40 from the source.
  const rt: GraphQueryResults = {
    requestsIn: bookinfoChain.map(([from, to]) => req(from, to, 1)),
    responseTimeIn: [
      measure(ingress, productpage, 10),
      measure(productpage, reviews1, 20),
      measure(productpage, reviews2, 20),
      measure(reviews1, ratings, 30),
      measure(reviews2, ratings, 30),
    ],
    // The same edges reported by the source proxies, slower: the destination's value must win.
    responseTimeOut: [
      measure(productpage, reviews1, 20),
      measure(productpage, reviews2, 20),
      measure(reviews1, ratings, 40),
      measure(reviews2, ratings, 40),
    ],
  };

  // P95 and avg differ only in the PromQL (queries.ts); buildGraph sees the same rows.
  it.each(['TestResponseTimeP95', 'TestResponseTimeAvg'])(
    '%s: the service->workload edges carry the destination-reported time, caller->service edges none',
    () => {
      const g = run(
        rt,
        { namespaces: [BI], injectServiceNodes: true, appenders: parseAppenders('responseTime') },
        bookinfo,
      );
      expect(edge(g, PP_SVC, PP).responseTime).toBe(10);
      expect(edge(g, REVIEWS_SVC, R1).responseTime).toBe(20);
      expect(edge(g, REVIEWS_SVC, R2).responseTime).toBe(20);
      // Two rows (from reviews-v1 and reviews-v2) land on this edge: Kiali keeps the first, Sextant
      // their request-weighted mean (README "Where Kiali leaves the answer to chance" 4); both are 30.
      expect(edge(g, RATINGS_SVC, RATINGS).responseTime).toBe(30);
      for (const [source, target] of callerEdges)
        expect(edge(g, source, target).responseTime).toBeUndefined();
      expect(edgesFrom(g, RATINGS)).toEqual([]);
    },
  );

  it('TestResponseTimeAvgSkipRates: with rateHttp=none no HTTP response time lands on any edge', () => {
    const g = run(
      // The same calls as gRPC requests, so that the graph has edges; the response times are HTTP.
      { ...rt, requestsIn: bookinfoChain.map(([from, to]) => req(from, to, 1, { protocol: 'grpc' })) },
      {
        namespaces: [BI],
        injectServiceNodes: true,
        appenders: parseAppenders('responseTime'),
        rates: { ...DEFAULT_RATES, http: 'none' },
      },
      bookinfo,
    );
    expect(g.elements.edges.length).toBe(8);
    for (const { data } of g.elements.edges) expect(data.responseTime).toBeUndefined();
  });
});

describe('throughput (kiali throughput_test.go)', () => {
  it('TestResponseThroughput: response bytes land on the service->workload edges, summed per edge', () => {
    const g = run(
      {
        requestsIn: bookinfoChain.map(([from, to]) => req(from, to, 1)),
        throughput: [
          measure(ingress, productpage, 1000),
          measure(productpage, reviews1, 1000),
          measure(productpage, reviews2, 2000),
          measure(reviews1, ratings, 1000),
          measure(reviews2, ratings, 2000),
        ],
      },
      { namespaces: [BI], injectServiceNodes: true, appenders: parseAppenders('throughput') },
      bookinfo,
    );
    expect(edge(g, PP_SVC, PP).throughput).toBe(1000);
    expect(edge(g, REVIEWS_SVC, R1).throughput).toBe(1000);
    expect(edge(g, REVIEWS_SVC, R2).throughput).toBe(2000);
    expect(edge(g, RATINGS_SVC, RATINGS).throughput).toBe(3000);
    for (const [source, target] of callerEdges) expect(edge(g, source, target).throughput).toBeUndefined();
  });

  // Requests from productpage to reviews that reached no workload (destination unknown).
  const failedReviews = serviceOnly(BI, 'reviews', 'reviews.bookinfo.svc.cluster.local');

  it('TestRequestThroughput: request bytes to a service no workload answered land on the caller->service edge', () => {
    const g = run(
      {
        requestsIn: [req(ingress, productpage, 1)],
        requestsOut: [req(productpage, failedReviews, 1, { code: '503', flags: 'UH' })],
        throughput: [measure(ingress, productpage, 1000), measure(productpage, failedReviews, 1000)],
      },
      { namespaces: [BI], injectServiceNodes: true, appenders: parseAppenders('throughput') },
      bookinfo,
    );
    expect(edge(g, INGRESS, PP_SVC).throughput).toBeUndefined();
    expect(edge(g, PP_SVC, PP).throughput).toBe(1000);
    expect(edge(g, PP, REVIEWS_SVC).throughput).toBe(1000);
    expect(edgesFrom(g, REVIEWS_SVC)).toEqual([]);
  });

  it('TestRequestThroughputSkipRates: with rateHttp=none no edge carries throughput', () => {
    const g = run(
      {
        requestsIn: [req(ingress, productpage, 1, { protocol: 'grpc' })],
        requestsOut: [req(productpage, failedReviews, 1, { protocol: 'grpc', code: '503', flags: 'UH' })],
        throughput: [measure(ingress, productpage, 1000), measure(productpage, failedReviews, 1000)],
      },
      {
        namespaces: [BI],
        injectServiceNodes: true,
        appenders: parseAppenders('throughput'),
        rates: { ...DEFAULT_RATES, http: 'none' },
      },
      bookinfo,
    );
    expect(g.elements.edges.length).toBe(3);
    for (const { data } of g.elements.edges) expect(data.throughput).toBeUndefined();
  });
});

describe('deadNode (kiali dead_node_test.go)', () => {
  // Kiali's setupWorkloads: two Deployments with pods, two without (Sextant has no pod count on a
  // workload: "no pods" is a Deployment scaled to zero, 0 desired and 0 ready replicas).
  const noPods = { desiredReplicas: 0, readyReplicas: 0 };
  const cluster = state([TNS, 'istio-system'], {
    workloads: [
      workload(TNS, 'pods-with-traffic-v1'),
      workload(TNS, 'pods-no-traffic-v1'),
      workload(TNS, 'no-pods-with-traffic-v1', noPods),
      workload(TNS, 'no-pods-no-traffic-v1', noPods),
    ],
    serviceEntries: [serviceEntry(TNS, 'egress-io', ['egress.io'], 'MESH_EXTERNAL')],
  });
  const w = (name: string): Target => wl(TNS, name);
  const gateway = wl('istio-system', 'istio-ingressgateway', 'istio-ingressgateway', 'unknown');
  const GATEWAY = vapp('istio-system', 'istio-ingressgateway');

  it('TestDeadNode: removes the unknown node and a workload with neither traffic nor Deployment; marks a Deployment without pods dead', () => {
    const inbound = [
      ['pods-with-traffic-v1', 0.8],
      ['pods-no-traffic-v1', 0],
      ['no-pods-with-traffic-v1', 0.8],
      ['no-pods-no-traffic-v1', 0],
      ['no-deployment-with-traffic-v1', 0.8],
      ['no-deployment-no-traffic-v1', 0],
    ] as const;
    const g = run(
      {
        requestsIn: [
          ...inbound.map(([name, rate]) => req(gateway, w(name), rate)),
          // The unknown node: edges to all of them, no traffic.
          ...inbound.map(([name]) => req(UNKNOWN, w(name), 0)),
        ],
        tcpReceivedIn: [
          tcp(gateway, w('tcp-in-v1'), 74.1),
          tcp(gateway, w('tcp-out-v1'), 0),
          // tcp-out-v1 only sends.
          tcp(w('tcp-out-v1'), w('tcp-in-v1'), 74.1),
        ],
        requestsOut: [
          req(w('pods-with-traffic-v1'), serviceOnly(TNS, 'egress.io'), 0.8),
          req(w('pods-with-traffic-v1'), serviceOnly(TNS, 'egress.not.defined'), 0.8),
        ],
      },
      { namespaces: [TNS], appenders: parseAppenders('serviceEntry,deadNode') },
      cluster,
    );
    expect(ids(g)).toEqual(
      [
        GATEWAY,
        vapp(TNS, 'pods-with-traffic-v1'),
        vapp(TNS, 'pods-no-traffic-v1'),
        vapp(TNS, 'no-pods-with-traffic-v1'),
        vapp(TNS, 'no-pods-no-traffic-v1'),
        vapp(TNS, 'no-deployment-with-traffic-v1'),
        vapp(TNS, 'tcp-in-v1'),
        vapp(TNS, 'tcp-out-v1'),
        svc(TNS, 'egress-io'),
        svc(TNS, 'egress.not.defined'),
      ].sort(),
    );
    expect(findNode(g, unknownSource())).toBeUndefined();
    expect(findNode(g, vapp(TNS, 'no-deployment-no-traffic-v1'))).toBeUndefined();
    expect(edgesFrom(g, GATEWAY)).toEqual(
      [
        `${vapp(TNS, 'pods-with-traffic-v1')}:http`,
        `${vapp(TNS, 'pods-no-traffic-v1')}:http`,
        `${vapp(TNS, 'no-pods-with-traffic-v1')}:http`,
        `${vapp(TNS, 'no-pods-no-traffic-v1')}:http`,
        `${vapp(TNS, 'no-deployment-with-traffic-v1')}:http`,
        `${vapp(TNS, 'tcp-in-v1')}:tcp`,
        `${vapp(TNS, 'tcp-out-v1')}:tcp`,
      ].sort(),
    );
    expect(node(g, vapp(TNS, 'no-pods-no-traffic-v1')).isDead).toBe(true);
    // Nodes with traffic are never marked dead, pods or not.
    for (const name of ['pods-with-traffic-v1', 'pods-no-traffic-v1', 'no-pods-with-traffic-v1'])
      expect(node(g, vapp(TNS, name)).isDead).toBeUndefined();
    // The service entry stays.
    expect(node(g, svc(TNS, 'egress-io')).isServiceEntry?.location).toBe('MESH_EXTERNAL');
  });

  it('TestDeadNodeIssue2783: zero traffic through an injected service to missing workloads leaves nothing behind', () => {
    const g = run(
      { requestsIn: [req(w('a-v1'), { ...w('b-v1'), service: 'b' }, 0)] },
      { namespaces: [TNS], injectServiceNodes: true, appenders: parseAppenders('deadNode') },
      cluster,
    );
    expect(ids(g)).toEqual([]);
  });

  it('TestDeadNodeIssue2982: a caller with traffic stays; the idle service and missing workload behind it go', () => {
    const g = run(
      {
        // Kiali gives the caller httpIn directly; here the ingress gateway sends it 0.8 req/s.
        requestsIn: [
          req(gateway, w('pods-with-traffic-v1'), 0.8),
          req(w('pods-with-traffic-v1'), { ...w('b-v1'), service: 'b' }, 0),
        ],
      },
      { namespaces: [TNS], injectServiceNodes: true, appenders: parseAppenders('deadNode') },
      cluster,
    );
    expect(findNode(g, vapp(TNS, 'pods-with-traffic-v1'))).toBeDefined();
    expect(findNode(g, svc(TNS, 'b'))).toBeUndefined();
    expect(findNode(g, vapp(TNS, 'b-v1'))).toBeUndefined();
    expect(ids(g)).toEqual(
      [GATEWAY, svc(TNS, 'pods-with-traffic'), vapp(TNS, 'pods-with-traffic-v1')].sort(),
    );
  });
  // returns nothing for another cluster) and accessKey ignores the cluster, so a workload of a
  // cluster Sextant cannot read counts as "checked and missing" and is removed; Kiali takes a
  // workload it cannot check to exist.
  it('TestDeadNodeIssue7179: a workload without traffic in a cluster that cannot be read is kept', () => {
    const remote = { ...w('no-traffic-v1'), cluster: 'inaccessible-cluster' };
    const g = run(
      {
        requestsIn: [req(gateway, w('pods-with-traffic-v1'), 0.8)],
        requestsOut: [req(w('pods-with-traffic-v1'), remote, 0)],
      },
      { namespaces: [TNS], appenders: parseAppenders('deadNode') },
      cluster,
    );
    expect(findNode(g, vapp(TNS, 'pods-with-traffic-v1'))).toBeDefined();
    expect(findNode(g, vapp(TNS, 'no-traffic-v1', 'inaccessible-cluster'))).toBeDefined();
  });
});

describe('idleNode (kiali idle_node_test.go)', () => {
  const cluster = state([TNS], {
    // Kiali's mock lists the recommendation service twice; it is one idle node.
    services: ['customer', 'preference', 'recommendation', 'recommendation'].map((n) => service(TNS, n)),
    workloads: ['customer-v1', 'preference-v1', 'recommendation-v1', 'recommendation-v2'].map((n) =>
      workload(TNS, n),
    ),
  });
  const idleWorkloads = (g: ReturnType<typeof run>, names: string[]) => {
    for (const name of names) {
      expect(node(g, vapp(TNS, name))).toMatchObject({
        nodeType: 'app',
        workload: name,
        app: name.replace(/-v\d+$/, ''),
        version: /v\d+$/.exec(name)?.[0],
        isIdle: true,
      });
      expect(node(g, vapp(TNS, name)).traffic).toBeUndefined();
    }
  };

  it('TestNonTrafficScenario: no traffic, services injected: every workload and service is an idle node', () => {
    const g = run(
      {},
      { namespaces: [TNS], injectServiceNodes: true, appenders: parseAppenders('idleNode') },
      cluster,
    );
    expect(ids(g)).toHaveLength(7);
    idleWorkloads(g, ['customer-v1', 'preference-v1', 'recommendation-v1', 'recommendation-v2']);
    for (const name of ['customer', 'preference', 'recommendation'])
      expect(node(g, svc(TNS, name))).toMatchObject({ nodeType: 'service', service: name, isIdle: true });
  });

  it('TestOneNodeTrafficScenario: the workload with traffic is not idle, the others are; no service nodes', () => {
    const g = run(
      { requestsIn: [req(UNKNOWN_CALLER, wl(TNS, 'customer-v1'), 0.8)] },
      { namespaces: [TNS], appenders: parseAppenders('idleNode') },
      cluster,
    );
    expect(ids(g)).toHaveLength(5);
    expect(edgesFrom(g, unknownSource('unknown'))).toEqual([`${vapp(TNS, 'customer-v1')}:http`]);
    expect(node(g, vapp(TNS, 'customer-v1'))).toMatchObject({
      workload: 'customer-v1',
      app: 'customer',
      version: 'v1',
    });
    expect(node(g, vapp(TNS, 'customer-v1')).isIdle).toBeUndefined();
    idleWorkloads(g, ['preference-v1', 'recommendation-v1', 'recommendation-v2']);
  });

  it('TestVersionWithNoTrafficScenario: only the version without traffic is idle, in our cluster', () => {
    const customer = wl(TNS, 'customer-v1');
    const preference = wl(TNS, 'preference-v1');
    const g = run(
      {
        requestsIn: [
          req(UNKNOWN_CALLER, customer, 0.8),
          req(customer, preference, 0.8),
          req(preference, wl(TNS, 'recommendation-v1'), 0.8),
        ],
      },
      { namespaces: [TNS], appenders: parseAppenders('idleNode') },
      cluster,
    );
    expect(ids(g)).toHaveLength(5);
    expect(edge(g, unknownSource('unknown'), vapp(TNS, 'customer-v1')).traffic.rates?.http).toBe(0.8);
    expect(edge(g, vapp(TNS, 'customer-v1'), vapp(TNS, 'preference-v1')).traffic.rates?.http).toBe(0.8);
    expect(edge(g, vapp(TNS, 'preference-v1'), vapp(TNS, 'recommendation-v1')).traffic.rates?.http).toBe(0.8);
    for (const name of ['customer-v1', 'preference-v1', 'recommendation-v1'])
      expect(node(g, vapp(TNS, name)).isIdle).toBeUndefined();
    idleWorkloads(g, ['recommendation-v2']);
    expect(node(g, vapp(TNS, 'recommendation-v2')).cluster).toBe(K);
  });
});

describe('serviceEntry (kiali service_entry_test.go)', () => {
  /**
   * Kiali's serviceEntriesTrafficMap, versioned-app graph: test-v1 -> not-se (service) -> not-se-v1,
   * which calls host1/host2.external.com, hostx.external.com (no entry, ALLOW_ANY) and internal-host1
   * over HTTP, and internal-host2 over TCP.
   */
  const seTraffic: GraphQueryResults = {
    requestsIn: [req(wl(TNS, 'test-v1'), { ...wl(TNS, 'not-se-v1'), service: 'not-se' }, 1)],
    requestsOut: ['host1.external.com', 'host2.external.com', 'hostx.external.com', 'internal-host1'].map(
      (host) => req(wl(TNS, 'not-se-v1'), serviceOnly(TNS, host), 1),
    ),
    tcpReceivedOut: [
      tcp(
        wl(TNS, 'not-se-v1'),
        serviceOnly(TNS, 'internal-host2', 'internal-host2.namespace.svc.cluster.local'),
        100,
      ),
    ],
  };
  const entries = (namespace: string, exportTo: string[]) => [
    serviceEntry(
      namespace,
      'external-se',
      ['host1.external.com', 'host2.external.com'],
      'MESH_EXTERNAL',
      exportTo,
    ),
    serviceEntry(
      namespace,
      'internal-se',
      ['internal-host1', 'internal-host2.namespace.svc.cluster.local'],
      'MESH_INTERNAL',
    ),
  ];
  const NOT_SE_V1 = vapp(TNS, 'not-se-v1');
  const seGraph = (seNamespace: string, exportTo: string[]) =>
    run(
      seTraffic,
      { namespaces: [TNS], injectServiceNodes: true, appenders: parseAppenders('serviceEntry') },
      state([TNS, 'other-ns'], { serviceEntries: entries(seNamespace, exportTo) }),
    );
  const checkUnchanged = (g: ReturnType<typeof run>) => {
    expect(edgesFrom(g, vapp(TNS, 'test-v1'))).toEqual([`${svc(TNS, 'not-se')}:http`]);
    expect(edgesFrom(g, svc(TNS, 'not-se'))).toEqual([`${NOT_SE_V1}:http`]);
    for (const id of [vapp(TNS, 'test-v1'), svc(TNS, 'not-se'), NOT_SE_V1, svc(TNS, 'hostx.external.com')])
      expect(node(g, id).isServiceEntry).toBeUndefined();
    expect(edgesFrom(g, svc(TNS, 'hostx.external.com'))).toEqual([]);
  };
  const checkInternal = (g: ReturnType<typeof run>) => {
    const internal = node(g, svc(TNS, 'internal-se'));
    expect(internal.isServiceEntry).toEqual({
      hosts: ['internal-host1', 'internal-host2.namespace.svc.cluster.local'],
      location: 'MESH_INTERNAL',
      namespace: TNS,
    });
    expect(internal.destServices).toHaveLength(2);
    expect(edgesFrom(g, svc(TNS, 'internal-se'))).toEqual([]);
  };

  it.each<[string, string, string, string[]]>([
    ['TestServiceEntry', 'no exportTo', TNS, []],
    ['TestServiceEntryExportAll', 'exportTo *', TNS, ['*']],
    ['TestServiceEntryExportNamespaceFound', 'exportTo lists the namespace', TNS, ['foo-ns', TNS]],
    ['TestServiceEntryExportDefinitionNamespace', 'exportTo .', TNS, ['.']],
    // Kiali's mesh defaultServiceExportTo ("." and "*"): Sextant models no mesh default; with the entry
    // in the requesting namespace both mean "visible", as an empty exportTo does.
    ['TestServiceEntryMeshExportDefinitionNamespace', 'mesh default exportTo .', TNS, []],
    ['TestServiceEntryMeshExportAll', 'mesh default exportTo *', TNS, []],
    ['TestKiali7153_1', 'entries in another namespace, default exportTo', 'other-ns', []],
  ])(
    '%s (%s): the external and internal hosts collapse into one node per entry',
    (_kiali, _what, seNamespace, exportTo) => {
      const g = seGraph(seNamespace, exportTo);
      expect(ids(g)).toEqual(
        [
          vapp(TNS, 'test-v1'),
          svc(TNS, 'not-se'),
          NOT_SE_V1,
          svc(TNS, 'external-se'),
          svc(TNS, 'hostx.external.com'),
          svc(TNS, 'internal-se'),
        ].sort(),
      );
      checkUnchanged(g);
      expect(edgesFrom(g, NOT_SE_V1)).toEqual(
        [
          `${svc(TNS, 'external-se')}:http`,
          `${svc(TNS, 'hostx.external.com')}:http`,
          `${svc(TNS, 'internal-se')}:http`,
          `${svc(TNS, 'internal-se')}:tcp`,
        ].sort(),
      );
      const external = node(g, svc(TNS, 'external-se'));
      expect(external.isServiceEntry).toEqual({
        hosts: ['host1.external.com', 'host2.external.com'],
        location: 'MESH_EXTERNAL',
        namespace: TNS,
      });
      expect(external.destServices).toHaveLength(2);
      expect(edgesFrom(g, svc(TNS, 'external-se'))).toEqual([]);
      checkInternal(g);
    },
  );

  it('TestServiceEntryExportNamespaceNotFound: an entry exported elsewhere is not used; its hosts stay service nodes', () => {
    const g = seGraph(TNS, ['foo-ns', 'bar-ns']);
    expect(ids(g)).toHaveLength(7);
    expect(findNode(g, svc(TNS, 'external-se'))).toBeUndefined();
    checkUnchanged(g);
    for (const host of ['host1.external.com', 'host2.external.com']) {
      expect(node(g, svc(TNS, host)).isServiceEntry).toBeUndefined();
      expect(edgesFrom(g, svc(TNS, host))).toEqual([]);
    }
    expect(edgesFrom(g, NOT_SE_V1)).toHaveLength(5);
    checkInternal(g);
  });

  it('TestDisjointMulticlusterEntries: a `.global` host matches its entry exactly; the short name does not', () => {
    const NS = 'namespace';
    const source = wl(NS, 'wk0', 'source', 'v0');
    const g = run(
      {
        requestsOut: [
          req(source, serviceOnly(NS, 'svc1.namespace.global'), 1),
          req(source, serviceOnly(NS, 'svc1'), 1),
        ],
      },
      { namespaces: [NS], appenders: parseAppenders('serviceEntry') },
      state([NS], {
        serviceEntries: [serviceEntry(NS, 'external-se', ['svc1.namespace.global'], 'MESH_INTERNAL')],
      }),
    );
    expect(ids(g)).toHaveLength(3);
    expect(edgesFrom(g, vapp(NS, 'wk0'))).toEqual([
      `${svc(NS, 'external-se')}:http`,
      `${svc(NS, 'svc1')}:http`,
    ]);
    expect(node(g, svc(NS, 'svc1')).isServiceEntry).toBeUndefined();
    expect(node(g, svc(NS, 'external-se')).isServiceEntry).toMatchObject({
      location: 'MESH_INTERNAL',
      namespace: NS,
    });
  });
  // first by namespace/name (foo-ns/se1); Kiali prefers the entry with a specific exportTo (here
  // the requesting namespace's own, exportTo ".") over an exported-to-all one.
  it('TestServiceEntrySameHostMatchNamespace: the namespace-local entry wins a host both define', () => {
    const g = run(
      {
        requestsOut: ['host3.external.com', 'host1.external.com', 'host2.external.com'].map((host) =>
          req(wl(TNS, 'test-v1'), serviceOnly(TNS, host), 1),
        ),
      },
      { namespaces: [TNS], appenders: parseAppenders('serviceEntry') },
      state([TNS, 'other-ns', 'foo-ns'], {
        serviceEntries: [
          serviceEntry('foo-ns', 'se1', ['host1.external.com'], 'MESH_EXTERNAL', ['*']),
          serviceEntry(TNS, 'se2', ['host1.external.com', 'host2.external.com'], 'MESH_EXTERNAL', ['.']),
        ],
      }),
    );
    expect(ids(g)).toEqual([vapp(TNS, 'test-v1'), svc(TNS, 'host3.external.com'), svc(TNS, 'se2')].sort());
    expect(edgesFrom(g, vapp(TNS, 'test-v1'))).toHaveLength(2);
    expect(node(g, svc(TNS, 'host3.external.com')).isServiceEntry).toBeUndefined();
    expect(node(g, svc(TNS, 'se2')).isServiceEntry).toMatchObject({
      location: 'MESH_EXTERNAL',
      namespace: TNS,
    });
    expect(node(g, svc(TNS, 'se2')).destServices).toHaveLength(2);
  });
  // (only the requesting node's); Kiali only sees entries of namespaces the user can read, so se2
  // (in test-ns, not readable here) is not applied and host2 stays a plain service node.
  it('TestServiceEntrySameHostNoMatchNamespace: an entry in a namespace the user cannot read is not used', () => {
    const g = run(
      {
        requestsOut: ['host3.external.com', 'host1.external.com', 'host2.external.com'].map((host) =>
          req(wl('other-ns', 'test-v1'), serviceOnly(TNS, host), 1),
        ),
      },
      { namespaces: ['other-ns'], appenders: parseAppenders('serviceEntry') },
      state(['other-ns'], {
        serviceEntries: [
          serviceEntry('other-ns', 'se1', ['host1.external.com'], 'MESH_EXTERNAL', ['.']),
          serviceEntry(TNS, 'se2', ['host1.external.com', 'host2.external.com'], 'MESH_EXTERNAL', ['*']),
        ],
      }),
    );
    expect(ids(g)).toEqual(
      [
        vapp('other-ns', 'test-v1'),
        svc(TNS, 'host3.external.com'),
        svc('other-ns', 'se1'),
        svc(TNS, 'host2.external.com'),
      ].sort(),
    );
    expect(edgesFrom(g, vapp('other-ns', 'test-v1'))).toHaveLength(3);
    expect(node(g, svc('other-ns', 'se1')).isServiceEntry).toMatchObject({
      location: 'MESH_EXTERNAL',
      namespace: 'other-ns',
    });
    expect(node(g, svc('other-ns', 'se1')).destServices).toHaveLength(1);
    expect(node(g, svc(TNS, 'host2.external.com')).isServiceEntry).toBeUndefined();
  });

  it('TestSEKiali7305: a caller in a cluster that cannot be read leaves the graph unchanged', () => {
    const g = run(
      {
        requestsOut: [
          req({ ...wl(TNS, 'test-v1'), cluster: 'inaccessible-cluster' }, serviceOnly(TNS, 'not-se'), 1),
        ],
      },
      { namespaces: [TNS], appenders: parseAppenders('serviceEntry') },
      state([TNS], { serviceEntries: entries(TNS, []) }),
    );
    expect(ids(g)).toEqual([vapp(TNS, 'test-v1', 'inaccessible-cluster'), svc(TNS, 'not-se')].sort());
  });

  describe('TestSEKiali7589: two clusters call the same external host; each has its own entry', () => {
    // Sextant reads only its own cluster (cluster1) and so knows only cluster1's entry.
    const host = serviceOnly('unknown', 'host1.external.com');
    const g = () =>
      run(
        {
          requestsOut: [
            req({ ...wl(TNS, 'source-v1'), cluster: 'cluster1' }, { ...host, cluster: 'unknown' }, 1),
            req({ ...wl(TNS, 'source-v1'), cluster: 'cluster2' }, { ...host, cluster: 'unknown' }, 1),
          ],
        },
        { namespaces: [TNS], appenders: parseAppenders('serviceEntry') },
        state([TNS], {
          clusterName: 'cluster1',
          serviceEntries: [serviceEntry(TNS, 'cluster1-se', ['host1.external.com'], 'MESH_EXTERNAL')],
        }),
      );

    it("cluster1's caller reaches cluster1's entry node", () => {
      const graph = g();
      expect(edgesFrom(graph, vapp(TNS, 'source-v1', 'cluster1'))).toEqual([
        `${svc(TNS, 'cluster1-se', 'cluster1')}:http`,
      ]);
      expect(node(graph, svc(TNS, 'cluster1-se', 'cluster1')).isServiceEntry).toBeDefined();
      // Kiali removes the host node because cluster2's caller moves to cluster2's own entry; Sextant
      // cannot read cluster2's entries, so the host node stays for cluster2's caller alone.
      expect(edgesFrom(graph, vapp(TNS, 'source-v1', 'cluster2'))).toEqual([
        `${svc('unknown', 'host1.external.com', 'unknown')}:http`,
      ]);
    });
    // and then deletes that node, so cluster2's request disappears from the graph. Kiali keeps the
    // host node while other clusters' edges lead to it (here it goes to cluster2's own entry).
    it("cluster2's caller keeps its one edge, and not to cluster1's entry", () => {
      const graph = g();
      const out = edgesFrom(graph, vapp(TNS, 'source-v1', 'cluster2'));
      expect(out).toHaveLength(1);
      expect(out[0]).not.toBe(`${svc(TNS, 'cluster1-se', 'cluster1')}:http`);
    });
  });
});

describe('istio badges (kiali istio_details_test.go)', () => {
  /**
   * Kiali's setupTrafficMap: the ratings app without a version, ratings v1 and v2 (each requested as
   * service ratings), the ratings service node, and service foo; in a workload graph, the ratings-v1
   * workload without a version.
   */
  const ratingsTraffic: GraphQueryResults = {
    requestsIn: [
      req(UNKNOWN, { ...wl(TNS, 'ratings-v1'), service: 'ratings' }, 1),
      req(UNKNOWN, { ...wl(TNS, 'ratings-v2', 'ratings', 'v2'), service: 'ratings' }, 1),
      req(
        UNKNOWN,
        { namespace: TNS, workload: 'unknown', app: 'ratings', version: 'unknown', service: 'ratings' },
        1,
      ),
    ],
    requestsOut: [req(UNKNOWN, serviceOnly(TNS, 'foo', 'foo.test-ns.svc.cluster.local'), 1)],
  };
  const workloadTraffic: GraphQueryResults = {
    requestsIn: [
      req(
        UNKNOWN,
        { namespace: TNS, workload: 'ratings-v1', app: 'unknown', version: 'unknown', service: 'ratings' },
        1,
      ),
    ],
  };
  const badgesOf = (drs: DestinationRuleSpec[], vss: VirtualServiceSpec[]) => {
    const cluster = state([TNS], {
      destinationRules: drs.map((spec, i) => ({ namespace: TNS, name: `d-rule-${i + 1}`, spec })),
      virtualServices: vss.map((spec, i) => ({ namespace: TNS, name: `v-service-${i + 1}`, spec })),
    });
    const appenders = parseAppenders('istio');
    const g = run(ratingsTraffic, { namespaces: [TNS], injectServiceNodes: true, appenders }, cluster);
    const wg = run(workloadTraffic, { namespaces: [TNS], graphType: 'workload', appenders }, cluster);
    return {
      app: node(g, app(TNS, 'ratings')),
      v1: node(g, vapp(TNS, 'ratings-v1')),
      v2: node(g, vapp(TNS, 'ratings-v2')),
      svc: node(g, svc(TNS, 'ratings')),
      foo: node(g, svc(TNS, 'foo')),
      wl: node(wg, wlId(TNS, 'ratings-v1')),
    };
  };
  const pool = { connectionPool: { http: { maxRequestsPerConnection: 30 } } };

  it.each<[string, DestinationRuleSpec, Record<'app' | 'v1' | 'v2' | 'svc' | 'wl', boolean>]>([
    [
      'TestCBAll: a rule-wide connection pool',
      { host: 'ratings', trafficPolicy: pool },
      { app: true, v1: true, v2: true, svc: true, wl: false },
    ],
    [
      'TestCBSubset: a connection pool in subset v1 only',
      { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: pool }] },
      { app: true, v1: true, v2: false, svc: true, wl: false },
    ],
  ])(
    '%s: hasCB on the service and app nodes it covers, never on a versionless workload; no hasVS',
    (_k, dr, cb) => {
      const nodes = badgesOf([dr], []);
      for (const key of ['app', 'v1', 'v2', 'svc', 'wl'] as const) {
        expect([key, nodes[key].hasCB ?? false]).toEqual([key, cb[key]]);
        expect([key, nodes[key].hasVS]).toEqual([key, undefined]);
      }
    },
  );

  // TestVS and TestVSWithRoutingBadges are commented out in Kiali (they need its cache); their
  // facts agree with Kiali's current code (models.IsVSValidHost matches the route destinations).
  it('TestVS (commented out in Kiali): a VirtualService for host ratings routing to foo badges foo with its hosts', () => {
    const nodes = badgesOf(
      [],
      [{ hosts: ['ratings'], http: [{ route: [{ destination: { host: 'foo' } }] }] }],
    );
    expect(nodes.foo.hasVS).toEqual({ hostnames: ['ratings'] });
    for (const key of ['app', 'v1', 'v2', 'svc', 'wl'] as const) {
      expect([key, nodes[key].hasVS]).toEqual([key, undefined]);
      expect([key, nodes[key].hasCB]).toEqual([key, undefined]);
    }
  });

  it('TestVSWithRoutingBadges (commented out in Kiali): a 20/80 split from foo to bar is traffic shifting on foo', () => {
    const nodes = badgesOf(
      [],
      [
        {
          hosts: ['ratings'],
          http: [
            {
              route: [
                { destination: { host: 'foo' }, weight: 20 },
                { destination: { host: 'bar' }, weight: 80 },
              ],
            },
          ],
        },
      ],
    );
    expect(nodes.foo.hasTrafficShifting).toBe(true);
  });
  // skips service-entry nodes; Kiali looks up the Service named by each entry host's first label
  // (foobar.com -> Service foobar) and takes its app label, so the entry joins the app's box.
  it('TestSEInAppBox: a service entry takes the app label of the Service its host names', () => {
    const g = run(
      { requestsOut: [req(wl(TNS, 'test-v1'), serviceOnly(TNS, 'foobar.com'), 1)] },
      { namespaces: [TNS], appenders: parseAppenders('serviceEntry,istio') },
      state([TNS], {
        services: [service(TNS, 'foobar', { app: 'fooApp' })],
        serviceEntries: [serviceEntry(TNS, 'ratings', ['foobar.com'], 'MESH_INTERNAL')],
      }),
    );
    expect(node(g, svc(TNS, 'ratings')).isServiceEntry).toBeDefined();
    expect(node(g, svc(TNS, 'ratings')).app).toBe('fooApp');
  });
});

describe('meshCheck (kiali mesh_check_test.go)', () => {
  const workload1 = (hasSidecar: boolean): WorkloadInfo =>
    workload(TNS, 'workload-1', { app: 'myTest', labels: { app: 'myTest', wk: 'wk-1' }, hasSidecar });
  const wlTarget = (namespace: string): Target => ({
    namespace,
    workload: 'workload-1',
    app: 'unknown',
    version: 'unknown',
    service: 'workload-1',
  });
  const appTarget: Target = {
    namespace: TNS,
    workload: 'unknown',
    app: 'myTest',
    version: 'unknown',
    service: 'my-test',
  };

  // Kiali's app tests give bare pods (no Deployment); Sextant models workloads as Deployments, so the
  // pods' sidecar state sits on a Deployment of app myTest. TestAppWithAmbientIsFlagged is left out:
  // a WorkloadInfo does not say whether its pods are ambient-enrolled.
  it.each<[string, 'workload' | 'versionedApp', string, GraphQueryResults, WorkloadInfo[], string, boolean]>([
    [
      'TestWorkloadSidecarsPasses',
      'workload',
      TNS,
      { requestsIn: [req(UNKNOWN, wlTarget(TNS), 1)] },
      [workload1(true)],
      wlId(TNS, 'workload-1'),
      false,
    ],
    [
      'TestWorkloadWithMissingSidecarsIsFlagged',
      'workload',
      TNS,
      { requestsIn: [req(UNKNOWN, wlTarget(TNS), 1)] },
      [workload1(false)],
      wlId(TNS, 'workload-1'),
      true,
    ],
    [
      'TestInaccessibleWorkload',
      'versionedApp',
      'inaccessible-ns',
      { requestsIn: [req(UNKNOWN, wlTarget('inaccessible-ns'), 1)] },
      [workload1(false)],
      wlId('inaccessible-ns', 'workload-1'),
      false,
    ],
    [
      'TestAppNoPodsPasses',
      'versionedApp',
      TNS,
      { requestsIn: [req(UNKNOWN, appTarget, 1)] },
      [],
      app(TNS, 'myTest'),
      false,
    ],
    [
      'TestAppSidecarsPasses',
      'versionedApp',
      TNS,
      { requestsIn: [req(UNKNOWN, appTarget, 1)] },
      [workload1(true)],
      app(TNS, 'myTest'),
      false,
    ],
    [
      'TestAppWithMissingSidecarsIsFlagged',
      'versionedApp',
      TNS,
      { requestsIn: [req(UNKNOWN, appTarget, 1)] },
      [workload1(false)],
      app(TNS, 'myTest'),
      true,
    ],
    [
      'TestServicesAreAlwaysValid',
      'versionedApp',
      TNS,
      { requestsOut: [req(UNKNOWN, serviceOnly(TNS, 'svc', 'svc.test-ns.svc.cluster.local'), 1)] },
      [],
      svc(TNS, 'svc'),
      false,
    ],
  ])('%s', (_kiali, graphType, namespace, results, workloads, id, flagged) => {
    const g = run(
      results,
      { graphType, namespaces: [namespace], appenders: parseAppenders('meshCheck') },
      state([TNS], { workloads }),
    );
    expect(node(g, id).isOutOfMesh ?? false).toBe(flagged);
    // The caller Sextant needs to produce the node is never flagged.
    for (const { data } of g.elements.nodes) if (data.id !== id) expect(data.isOutOfMesh).toBeUndefined();
  });
});
