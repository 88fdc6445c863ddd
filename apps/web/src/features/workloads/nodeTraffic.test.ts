import type { Graph } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { nodeTraffic } from './nodeTraffic.ts';

const node = (id: string, data: Record<string, unknown>) => ({
  data: { id, cluster: 'Kubernetes', namespace: 'bookinfo', nodeType: 'workload', ...data },
});
const edge = (
  source: string,
  target: string,
  protocol: string,
  rates: Record<string, number>,
  extra = {},
) => ({
  data: { id: `${source}>${target}`, source, target, traffic: { protocol, rates }, ...extra },
});

const graph = {
  timestamp: 0,
  duration: 60,
  graphType: 'workload',
  elements: {
    nodes: [
      node('pp', { workload: 'productpage-v1', app: 'productpage' }),
      node('r1', { workload: 'reviews-v1', app: 'reviews' }),
      node('r2', { workload: 'reviews-v2', app: 'reviews' }),
      node('rt', { workload: 'ratings-v1', app: 'ratings' }),
      node('db', { nodeType: 'service', service: 'mysqldb' }),
      node('u', { nodeType: 'unknown', namespace: 'unknown' }),
    ],
    edges: [
      edge(
        'pp',
        'r1',
        'http',
        { http: 2, httpPercentErr: 0 },
        { isMTLS: 100, responseTime: 12.5, health: 'Healthy' },
      ),
      edge(
        'pp',
        'r2',
        'http',
        { http: 4, http5xx: 1, httpPercentErr: 25 },
        { isMTLS: 100, health: 'Failure' },
      ),
      edge('r2', 'rt', 'grpc', { grpc: 3, grpcPercentErr: 10 }),
      edge('r2', 'db', 'tcp', { tcp: 900 }),
      edge('u', 'r2', 'http', { http: 1 }),
    ],
  },
} as unknown as Graph;

describe('nodeTraffic', () => {
  it('lists callers and callees of a workload with rates, errors, p95 and mTLS, busiest first', () => {
    const t = nodeTraffic(graph, { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' });
    expect(t.inbound.map((p) => [p.name, p.rate, p.errorPercent, p.mtlsPercent, p.health])).toEqual([
      ['productpage-v1', 4, 25, 100, 'Failure'],
      ['unknown (no sidecar)', 1, 0, undefined, undefined],
    ]);
    expect(t.outbound.map((p) => [p.kind, p.name, p.protocol, p.rate, p.errorPercent])).toEqual([
      ['service', 'mysqldb', 'tcp', 900, undefined],
      ['workload', 'ratings-v1', 'grpc', 3, 10],
    ]);
  });
  it('links each peer to its details page, except the unknown caller', () => {
    const t = nodeTraffic(graph, { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' });
    expect(t.inbound.map((p) => p.href)).toEqual([
      '/namespaces/bookinfo/workloads/productpage-v1',
      undefined,
    ]);
    expect(t.outbound.map((p) => p.href)).toEqual([
      '/namespaces/bookinfo/services/mysqldb',
      '/namespaces/bookinfo/workloads/ratings-v1',
    ]);
  });
  it('an app gathers the edges of all its workloads', () => {
    const t = nodeTraffic(graph, { kind: 'app', namespace: 'bookinfo', name: 'reviews' });
    expect(t.inbound.map((p) => p.name)).toEqual([
      'productpage-v1',
      'productpage-v1',
      'unknown (no sidecar)',
    ]);
    expect(t.inbound[1]!.responseTimeMs).toBe(12.5);
  });
  it('nothing for a node not in the graph', () => {
    expect(nodeTraffic(graph, { kind: 'workload', namespace: 'other', name: 'reviews-v2' })).toEqual({
      inbound: [],
      outbound: [],
    });
  });
});
