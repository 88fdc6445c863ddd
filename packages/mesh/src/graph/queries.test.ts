import { describe, expect, it } from 'vitest';
import { GraphParamError } from './errors.ts';
import type { GraphQueryParams, Quantile } from './queries.ts';
import { EDGE_LABELS, GRAPH_QUERY_IDS, graphQueries } from './queries.ts';

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
    expect(one.queries.map((q) => q.id)).toEqual([...GRAPH_QUERY_IDS]);
    expect(fifty.queries).toHaveLength(one.queries.length);
    expect(one.time).toBe(1735689600);
  });

  it('selects all namespaces with one sorted, de-duplicated regex matcher', () => {
    const p = params({ namespaces: ['reviews', 'bookinfo', 'reviews', 'a-b'] });
    for (const q of graphQueries(p).queries) {
      expect(q.promql).toContain('_namespace=~"a-b|bookinfo|reviews"');
      expect(q.promql).not.toMatch(/_namespace="/);
    }
  });

  it('reads inbound from the destination and outbound from the source reporter', () => {
    expect(promql(params(), 'requestsIn')).toBe(
      `sum by (${edge},request_protocol,response_code,grpc_response_status,response_flags,connection_security_policy,source_principal,destination_principal) ` +
        '(rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"bookinfo"}[600s])) > 0',
    );
    expect(promql(params(), 'requestsOut')).toContain(
      'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo"}[600s])',
    );
  });

  it.each([
    ['tcpSentIn', 'istio_tcp_sent_bytes_total{reporter="destination"'],
    ['tcpReceivedIn', 'istio_tcp_received_bytes_total{reporter="destination"'],
    ['tcpSentOut', 'istio_tcp_sent_bytes_total{reporter="source"'],
    ['tcpReceivedOut', 'istio_tcp_received_bytes_total{reporter="source"'],
    ['requestBytesIn', 'istio_request_bytes_sum{reporter="destination"'],
    ['requestBytesOut', 'istio_request_bytes_sum{reporter="source"'],
    ['responseBytesIn', 'istio_response_bytes_sum{reporter="destination"'],
    ['responseBytesOut', 'istio_response_bytes_sum{reporter="source"'],
  ])('%s reads %s', (id, selector) => {
    const q = promql(params(), id);
    expect(q).toContain(`rate(${selector}`);
    expect(q).toMatch(/^sum by \(source_cluster,.*\) \(rate\(.*\[600s\]\)\) > 0$/);
  });

  it.each<[Quantile, string]>([
    [0.5, 'histogram_quantile(0.5, sum by (le,'],
    [0.95, 'histogram_quantile(0.95, sum by (le,'],
    [0.99, 'histogram_quantile(0.99, sum by (le,'],
  ])('response time at quantile %s', (quantile, start) => {
    const q = promql(params({ quantile }), 'responseTimeIn');
    expect(q.startsWith(start)).toBe(true);
    expect(q).toContain('istio_request_duration_milliseconds_bucket{reporter="destination"');
  });

  it('average response time divides the histogram sum by its count', () => {
    expect(promql(params({ quantile: 'avg' }), 'responseTimeOut')).toBe(
      `sum by (${edge}) (rate(istio_request_duration_milliseconds_sum{reporter="source",source_workload_namespace=~"bookinfo"}[600s])) / ` +
        `sum by (${edge}) (rate(istio_request_duration_milliseconds_count{reporter="source",source_workload_namespace=~"bookinfo"}[600s])) > 0`,
    );
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
