import { describe, expect, it } from 'vitest';
import { emptyClusterState, type WorkloadInfo } from '../cluster/clusterState.ts';
import { buildNamespaceGraph, estimatedNodes, namespaceGraphQueries } from './namespaceGraph.ts';
import type { PromSample } from './types.ts';

const workload = (
  namespace: string,
  name: string,
  app: string,
  version: string,
  ready = 1,
): WorkloadInfo => ({
  namespace,
  name,
  app,
  version,
  labels: { app, version },
  annotations: {},
  desiredReplicas: 1,
  readyReplicas: ready,
  hasSidecar: true,
  serviceAccount: 'default',
});

const cluster = emptyClusterState({
  workloads: [
    workload('shop', 'front-v1', 'front', 'v1'),
    workload('shop', 'cart-v1', 'cart', 'v1'),
    workload('shop', 'cart-v2', 'cart', 'v2'),
    workload('pay', 'pay-v1', 'pay', 'v1'),
    workload('db', 'pg', 'pg', 'v1', 0),
  ],
  services: ['front', 'cart', 'pay', 'pg'].map((name) => ({
    namespace: name === 'front' || name === 'cart' ? 'shop' : name === 'pay' ? 'pay' : 'db',
    name,
    selector: { app: name },
    ports: [],
    labels: {},
    annotations: {},
  })),
});

const req = (
  src: string,
  dst: string,
  code: string,
  value: number,
  extra: Record<string, string> = {},
): PromSample => ({
  metric: {
    source_workload_namespace: src,
    destination_workload_namespace: dst,
    destination_service_namespace: dst,
    request_protocol: 'http',
    response_code: code,
    connection_security_policy: 'mutual_tls',
    ...extra,
  },
  value,
});

const build = (requests: PromSample[], tcp: PromSample[] = [], namespaces = ['shop', 'pay']) =>
  buildNamespaceGraph({
    namespaces,
    graphType: 'versionedApp',
    injectServiceNodes: true,
    durationSeconds: 60,
    queryTime: 1_800_000_000,
    results: { nsRequests: requests, nsTcp: tcp },
    cluster,
    readable: (ns) => ns !== 'db',
  });

const node = (g: ReturnType<typeof build>, ns: string) =>
  g.elements.nodes.find((n) => n.data.nodeType === 'namespace' && n.data.namespace === ns)?.data;
const edge = (g: ReturnType<typeof build>, from: string, to: string, protocol = 'http') =>
  g.elements.edges.find(
    (e) => e.data.source === from && e.data.target === to && e.data.traffic.protocol === protocol,
  )?.data;

describe('namespaceGraphQueries', () => {
  it('is the same two queries for any number of namespaces, each request counted once', () => {
    const queries = namespaceGraphQueries(600);
    expect(queries.map((q) => q.id)).toEqual(['nsRequests', 'nsTcp']);
    for (const q of queries) {
      expect(q.promql).toContain('[600s]');
      expect(q.promql).toContain('reporter="destination"');
      expect(q.promql).toContain('reporter="source",destination_workload="unknown"');
    }
  });
});

describe('estimatedNodes', () => {
  const counts = { workloads: 5, apps: 3, versions: 4, services: 2 };
  it.each([
    ['workload', false, 5],
    ['workload', true, 7],
    ['versionedApp', true, 6],
    ['app', false, 3],
    ['service', false, 2],
  ] as const)('%s with service nodes %s: %i', (graphType, inject, expected) => {
    expect(estimatedNodes(counts, graphType, inject)).toBe(expected);
  });
});

describe('buildNamespaceGraph', () => {
  it('draws one node per namespace and one edge per pair and protocol, with Kiali rate keys', () => {
    const g = build([
      req('shop', 'pay', '200', 9),
      req('shop', 'pay', '503', 1),
      req('shop', 'shop', '200', 20),
      req('pay', 'db', '200', 4),
    ]);
    expect(g.elements.nodes.map((n) => n.data.id)).toEqual([
      'ns_Kubernetes_db',
      'ns_Kubernetes_pay',
      'ns_Kubernetes_shop',
    ]);
    const toPay = edge(g, 'ns_Kubernetes_shop', 'ns_Kubernetes_pay')!;
    expect(toPay.traffic.rates).toEqual({
      http: 10,
      http5xx: 1,
      httpPercentErr: 10,
      httpPercentReq: 33.333,
    });
    expect(toPay.health).toBe('Failure');
    expect(toPay.isMTLS).toBe(100);
    // Traffic inside a namespace is a loop on its node.
    expect(edge(g, 'ns_Kubernetes_shop', 'ns_Kubernetes_shop')!.traffic.rates).toMatchObject({ http: 20 });
    const shop = node(g, 'shop')!;
    expect(shop.traffic).toEqual([{ protocol: 'http', rates: { httpIn: 20, httpOut: 30 } }]);
    expect(shop.aggregate).toEqual({ workloads: 3, apps: 2, services: 2, nodes: 5 });
    expect(shop.health).toBe('Degraded');
    expect(shop.healthReasons?.[0]).toContain('outbound HTTP requests got 5xx');
  });

  it('marks namespaces outside the request and those the user may not read', () => {
    const g = build([req('pay', 'db', '200', 4)]);
    expect(node(g, 'db')).toMatchObject({ isOutside: true, isInaccessible: true });
    expect(node(g, 'db')!.aggregate).toBeUndefined();
    expect(node(g, 'pay')!.isOutside).toBeUndefined();
  });

  it('leaves out traffic that touches no requested namespace, and keeps idle requested namespaces', () => {
    const g = build([req('db', 'other', '200', 4)], [], ['shop']);
    expect(g.elements.edges).toEqual([]);
    expect(g.elements.nodes.map((n) => n.data.namespace)).toEqual(['shop']);
    expect(node(g, 'shop')!.health).toBe('Healthy');
    expect(g.aggregation).toEqual({ level: 'namespace', queries: 2, estimatedNodes: 5 });
  });

  it('draws unmeshed callers as the unknown node and unresolved destinations as a service', () => {
    const g = build([
      req('unknown', 'shop', '200', 5, { connection_security_policy: 'none' }),
      req('shop', 'unknown', '502', 1, {
        destination_service_namespace: 'unknown',
        connection_security_policy: 'unknown',
      }),
    ]);
    const unknown = g.elements.nodes.find((n) => n.data.nodeType === 'unknown')!.data;
    expect(unknown).toMatchObject({ id: 'unknown_unknown_source', isRoot: true });
    expect(edge(g, unknown.id, 'ns_Kubernetes_shop')!.isMTLS).toBe(0);
    const unresolved = g.elements.nodes.find((n) => n.data.nodeType === 'service')!.data;
    const out = edge(g, 'ns_Kubernetes_shop', unresolved.id)!;
    expect(out.traffic.rates).toMatchObject({ http: 1, http5xx: 1, httpPercentErr: 100 });
    expect(out.isMTLS).toBeUndefined();
  });

  it('adds grpc and tcp edges beside http ones', () => {
    const g = build(
      [
        req('shop', 'pay', '200', 1, { request_protocol: 'grpc', grpc_response_status: '0' }),
        req('shop', 'pay', '200', 1, { request_protocol: 'grpc', grpc_response_status: '14' }),
      ],
      [
        {
          metric: {
            source_workload_namespace: 'pay',
            destination_workload_namespace: 'db',
            destination_service_namespace: 'db',
            connection_security_policy: 'mutual_tls',
          },
          value: 2048,
        },
      ],
    );
    expect(edge(g, 'ns_Kubernetes_shop', 'ns_Kubernetes_pay', 'grpc')!.traffic.rates).toEqual({
      grpc: 2,
      grpcErr: 1,
      grpcPercentErr: 50,
      grpcPercentReq: 100,
    });
    expect(edge(g, 'ns_Kubernetes_pay', 'ns_Kubernetes_db', 'tcp')!.traffic.rates).toEqual({ tcp: 2048 });
    expect(node(g, 'pay')!.traffic).toEqual([
      { protocol: 'grpc', rates: { grpcIn: 2, grpcInErr: 1 } },
      { protocol: 'tcp', rates: { tcpOut: 2048 } },
    ]);
  });

  it('ignores NaN and zero samples', () => {
    const g = build([req('shop', 'pay', '200', Number.NaN), req('shop', 'pay', '200', 0)]);
    expect(g.elements.edges).toEqual([]);
  });
});
