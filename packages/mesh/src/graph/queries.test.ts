import { describe, expect, it } from 'vitest';
import { GraphParamError } from './errors.ts';
import type { NodeFocus } from './options.ts';
import { DEFAULT_RATES, NO_APPENDERS } from './options.ts';
import type { GraphQueryParams, Quantile } from './queries.ts';
import { EDGE_LABELS, graphQueries, MAX_QUERY_PARTS, namespaceGroups } from './queries.ts';

const params = (over: Partial<GraphQueryParams> = {}): GraphQueryParams => ({
  namespaces: ['bookinfo'],
  durationSeconds: 600,
  queryTime: 1735689600,
  quantile: 0.95,
  ...over,
});
const promql = (p: GraphQueryParams, id: string) => graphQueries(p).queries.find((q) => q.id === id)!.promql;
const edge = EDGE_LABELS.join(',');

describe('graphQueries', () => {
  it('runs a fixed set of queries, whatever the number of namespaces', () => {
    const one = graphQueries(params());
    const fifty = graphQueries(params({ namespaces: Array.from({ length: 50 }, (_, i) => `ns-${i}`) }));
    // Kiali's defaults: requests, TCP bytes sent (one metric), response time, throughput.
    expect(one.queries.map((q) => q.id)).toEqual([
      'requestsIn',
      'requestsOut',
      'tcpReceivedIn',
      'tcpReceivedOut',
      'responseTimeIn',
      'responseTimeOut',
      'throughput',
    ]);
    expect(fifty.queries.map((q) => q.id)).toEqual(one.queries.map((q) => q.id));
    expect(one.time).toBe(1735689600);
  });

  it.each([
    [
      ['a', 'b', 'c', 'd', 'e'],
      2,
      [
        ['a', 'b'],
        ['c', 'd', 'e'],
      ],
    ],
    [['a', 'b', 'c'], 3, [['a'], ['b'], ['c']]],
    [['a', 'b'], 4, [['a'], ['b']]],
    [['a'], 1, [['a']]],
    [['a', 'b'], 0, [['a', 'b']]],
    [['a', 'b'], 2.7, [['a'], ['b']]],
  ])('namespaceGroups(%j, %d) = %j', (namespaces, parts, groups) => {
    expect(namespaceGroups(namespaces, parts)).toEqual(groups);
  });

  it('never makes more than MAX_QUERY_PARTS groups', () => {
    const many = Array.from({ length: 100 }, (_, i) => `ns-${i}`);
    const groups = namespaceGroups(many, 1000);
    expect(groups).toHaveLength(MAX_QUERY_PARTS);
    expect(groups.flat()).toEqual(many);
  });

  it('splits the latency queries into parts over namespace groups: heaviest first, the same count for any number of namespaces', () => {
    const namespaces = Array.from({ length: 50 }, (_, i) => `ns-${i}`);
    const plan = graphQueries(params({ namespaces, parts: 3 }));
    expect(plan.queries.map((q) => q.id)).toEqual([
      'responseTimeIn',
      'responseTimeIn',
      'responseTimeIn',
      'responseTimeOut',
      'responseTimeOut',
      'responseTimeOut',
      'requestsIn',
      'requestsOut',
      'tcpReceivedIn',
      'tcpReceivedOut',
      'throughput',
    ]);
    expect(graphQueries(params({ namespaces: namespaces.slice(0, 7), parts: 3 })).queries).toHaveLength(11);
    // Each namespace in exactly one In part and one Out part, on the label the `by` keeps.
    const matched = (id: string, label: string) =>
      plan.queries
        .filter((q) => q.id === id)
        .map((q) => {
          expect(q.promql).toContain(`by (le,${edge},request_protocol)`);
          return new RegExp(`${label}=~"([^"]+)"`).exec(q.promql)![1]!.split('|');
        });
    for (const [id, label] of [
      ['responseTimeIn', 'destination_service_namespace'],
      ['responseTimeOut', 'source_workload_namespace'],
    ] as const) {
      const parts = matched(id, label);
      expect(parts).toHaveLength(3);
      expect(parts.flat().sort()).toEqual([...namespaces].sort());
    }
    // The other queries are those of an unsplit plan.
    const whole = graphQueries(params({ namespaces }));
    for (const q of whole.queries.filter((q) => !q.id.startsWith('responseTime')))
      expect(plan.queries.find((p) => p.id === q.id)!.promql).toBe(q.promql);
    // One part is the unsplit query.
    expect(graphQueries(params({ namespaces, parts: 1 })).queries).toEqual(whole.queries);
  });

  it('does not split a node graph or a single namespace', () => {
    expect(graphQueries(params({ parts: 4 })).queries).toEqual(graphQueries(params()).queries);
    const node: NodeFocus = { kind: 'workload', namespace: 'bookinfo', workload: 'reviews-v1' };
    expect(graphQueries(params({ namespaces: ['bookinfo', 'x'], node, parts: 4 })).queries).toEqual(
      graphQueries(params({ namespaces: ['bookinfo', 'x'], node })).queries,
    );
  });

  it('runs only the queries the rates and appenders ask for', () => {
    const ids = (over: Partial<GraphQueryParams>) => graphQueries(params(over)).queries.map((q) => q.id);
    expect(ids({ appenders: NO_APPENDERS })).toEqual([
      'requestsIn',
      'requestsOut',
      'tcpReceivedIn',
      'tcpReceivedOut',
    ]);
    expect(ids({ appenders: NO_APPENDERS, rates: { ...DEFAULT_RATES, tcp: 'total' } })).toEqual([
      'requestsIn',
      'requestsOut',
      'tcpReceivedIn',
      'tcpReceivedOut',
      'tcpSentIn',
      'tcpSentOut',
    ]);
    expect(
      ids({ appenders: NO_APPENDERS, rates: { ...DEFAULT_RATES, http: 'none', grpc: 'total', tcp: 'none' } }),
    ).toEqual(['grpcSentIn', 'grpcSentOut', 'grpcReceivedIn', 'grpcReceivedOut']);
    expect(ids({ rates: { ...DEFAULT_RATES, http: 'none', grpc: 'none', tcp: 'none' } })).toEqual([]);
  });

  it('selects all namespaces with one sorted, de-duplicated regex matcher', () => {
    const p = params({ namespaces: ['reviews', 'bookinfo', 'reviews', 'a-b'] });
    for (const q of graphQueries(p).queries) {
      expect(q.promql).toContain('_namespace=~"a-b|bookinfo|reviews"');
      expect(q.promql).not.toMatch(/_namespace="(?!unknown")/);
    }
  });

  it("reads what destinations received and what the namespaces' own calls met at their destinations", () => {
    const labels = `${edge},request_protocol,response_code,grpc_response_status,response_flags,connection_security_policy,source_principal,destination_principal`;
    const sum = (selector: string) =>
      `(sum by (${labels}) (rate(istio_requests_total{reporter=~"destination|waypoint",${selector}}[600s])) > 0)`;
    expect(promql(params(), 'requestsIn')).toBe(
      [
        sum('destination_workload_namespace=~"bookinfo"'),
        // Each side leaves out what an earlier side selected: the union is the same, rated once.
        sum('destination_service_namespace=~"bookinfo",destination_workload_namespace!~"bookinfo"'),
        sum(
          'source_workload_namespace=~"bookinfo",destination_workload_namespace!~"bookinfo",destination_service_namespace!~"bookinfo"',
        ),
      ].join(' or '),
    );
  });

  it("reads the namespaces' calls and calls into their services that reached no workload from the source", () => {
    const q = promql(params(), 'requestsOut');
    expect(q).toContain(
      'rate(istio_requests_total{reporter=~"source|waypoint",source_workload_namespace=~"bookinfo"}[600s])',
    );
    expect(q).toContain(
      'reporter=~"source|waypoint",source_workload_namespace!~"bookinfo",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\\\.(bookinfo)\\\\..+$"',
    );
  });

  it('leaves waypoint and ztunnel telemetry out with ambientTraffic=none', () => {
    const q = promql(params({ rates: { ...DEFAULT_RATES, ambient: 'none' } }), 'tcpReceivedIn');
    expect(q).toContain('{app!="ztunnel",reporter="destination",');
    expect(q).not.toContain('waypoint');
  });

  it('keeps idle series with includeIdleEdges', () => {
    expect(promql(params(), 'requestsIn')).toContain(') > 0)');
    expect(promql(params({ includeIdleEdges: true }), 'requestsIn')).not.toContain('> 0');
  });

  it.each([
    ['tcpReceivedIn', { tcp: 'sent' }, 'istio_tcp_received_bytes_total{reporter=~"destination|waypoint"'],
    ['tcpReceivedOut', { tcp: 'sent' }, 'istio_tcp_received_bytes_total{reporter=~"source|waypoint"'],
    ['tcpSentIn', { tcp: 'received' }, 'istio_tcp_sent_bytes_total{reporter=~"destination|waypoint"'],
    ['tcpSentOut', { tcp: 'received' }, 'istio_tcp_sent_bytes_total{reporter=~"source|waypoint"'],
    ['grpcSentIn', { grpc: 'sent' }, 'istio_request_messages_total{reporter=~"destination|waypoint"'],
    ['grpcReceivedOut', { grpc: 'received' }, 'istio_response_messages_total{reporter=~"source|waypoint"'],
  ] as const)('%s (rates %j) reads %s', (id, rates, selector) => {
    const q = promql(params({ rates: { ...DEFAULT_RATES, ...rates } }), id);
    expect(q).toContain(`rate(${selector}`);
    expect(q).toMatch(/^\(sum by \(source_cluster,.*\) \(rate\(.*\[600s\]\)\) > 0\)/);
  });

  it('measures throughput in response bytes at the destination, or request bytes at the source', () => {
    expect(promql(params(), 'throughput')).toContain(
      'istio_response_bytes_sum{reporter=~"destination|waypoint"',
    );
    expect(promql(params({ throughputType: 'request' }), 'throughput')).toContain(
      'istio_request_bytes_sum{reporter=~"source|waypoint"',
    );
  });

  it.each<[Quantile, string]>([
    [0.5, 'histogram_quantile(0.5, sum by (le,'],
    [0.95, 'histogram_quantile(0.95, sum by (le,'],
    [0.99, 'histogram_quantile(0.99, sum by (le,'],
  ])('response time at quantile %s', (quantile, start) => {
    const q = promql(params({ quantile }), 'responseTimeIn');
    expect(q.startsWith(start)).toBe(true);
    expect(q).toContain(
      'istio_request_duration_milliseconds_bucket{reporter=~"destination|waypoint",destination_service_namespace=~"bookinfo"}',
    );
  });

  it('average response time divides the histogram sum by its count', () => {
    const labels = `${edge},request_protocol`;
    expect(promql(params({ quantile: 'avg' }), 'responseTimeOut')).toBe(
      `sum by (${labels}) (rate(istio_request_duration_milliseconds_sum{reporter=~"source|waypoint",source_workload_namespace=~"bookinfo"}[600s])) / ` +
        `sum by (${labels}) (rate(istio_request_duration_milliseconds_count{reporter=~"source|waypoint",source_workload_namespace=~"bookinfo"}[600s])) > 0`,
    );
  });

  it.each<[string, NodeFocus, string, string | undefined]>([
    [
      'workload',
      { kind: 'workload', namespace: 'bookinfo', workload: 'reviews-v1' },
      'destination_workload_namespace="bookinfo",destination_workload="reviews-v1"',
      'source_workload_namespace="bookinfo",source_workload="reviews-v1"',
    ],
    [
      'versioned app',
      { kind: 'app', namespace: 'bookinfo', app: 'reviews', version: 'v2' },
      'destination_service_namespace="bookinfo",destination_canonical_service="reviews",destination_canonical_revision="v2"',
      'source_workload_namespace="bookinfo",source_canonical_service="reviews",source_canonical_revision="v2"',
    ],
    [
      'service',
      { kind: 'service', namespace: 'bookinfo', service: 'reviews' },
      'destination_service_namespace="bookinfo",destination_service_name="reviews"',
      'destination_workload="unknown",destination_service_namespace="bookinfo",destination_service_name="reviews"',
    ],
  ])('a %s node graph reads its inbound and outbound traffic only', (_what, node, inbound, outbound) => {
    const p = params({ node });
    expect(promql(p, 'requestsIn')).toContain(`{reporter=~"destination|waypoint",${inbound}}`);
    if (outbound) expect(promql(p, 'requestsOut')).toContain(`{reporter=~"source|waypoint",${outbound}}`);
  });

  it('narrows a node graph to its cluster when one is given', () => {
    const p = params({ node: { kind: 'workload', namespace: 'bookinfo', workload: 'a', cluster: 'east' } });
    expect(promql(p, 'requestsIn')).toContain(',destination_cluster="east"');
    expect(promql(p, 'requestsOut')).toContain(',source_cluster="east"');
  });

  it.each<[string, Partial<GraphQueryParams>, string]>([
    ['no namespace', { namespaces: [] }, 'namespaces'],
    ['upper case', { namespaces: ['Bookinfo'] }, 'namespaces'],
    ['a quote', { namespaces: ['a"} or vector(1) #'] }, 'namespaces'],
    ['a regex', { namespaces: ['.*'] }, 'namespaces'],
    ['an alternation', { namespaces: ['a|b'] }, 'namespaces'],
    ['a dot', { namespaces: ['a.b'] }, 'namespaces'],
    ['a leading dash', { namespaces: ['-a'] }, 'namespaces'],
    ['64 characters', { namespaces: ['a'.repeat(64)] }, 'namespaces'],
    ['one bad among good', { namespaces: ['bookinfo', ''] }, 'namespaces'],
    ['zero duration', { durationSeconds: 0 }, 'duration'],
    ['fractional duration', { durationSeconds: 1.5 }, 'duration'],
    ['huge duration', { durationSeconds: 10 ** 9 }, 'duration'],
    ['NaN query time', { queryTime: Number.NaN }, 'queryTime'],
    ['negative query time', { queryTime: -1 }, 'queryTime'],
    ['unknown quantile', { quantile: 0.9 as Quantile }, 'quantile'],
  ])('rejects %s with a GraphParamError naming the parameter', (_what, over, param) => {
    let error: unknown;
    try {
      graphQueries(params(over));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphParamError);
    expect((error as GraphParamError).param).toBe(param);
  });

  it('names the bad namespace in the message, quoted', () => {
    expect(() => graphQueries(params({ namespaces: ['Bad'] }))).toThrow(
      '"Bad" is not a valid namespace name',
    );
  });
});
