import { regexAlternation } from '../promql/escape.ts';
import { GraphParamError } from './errors.ts';

/**
 * The PromQL behind one traffic graph. The set of queries is fixed: every requested namespace goes
 * into one `=~` matcher, so a 50-namespace graph costs Prometheus the same number of round trips as
 * a one-namespace graph (Kiali runs queries per namespace).
 *
 * Inbound traffic of the requested namespaces comes from `reporter="destination"`, outbound from
 * `reporter="source"`; `buildGraph` decides which source-reported series are not already counted.
 */

/** `avg` uses the histogram's _sum/_count; the numbers are quantiles of `istio_request_duration_milliseconds`. */
export type Quantile = 0.5 | 0.95 | 0.99 | 'avg';
export const QUANTILES: readonly Quantile[] = [0.5, 0.95, 0.99, 'avg'];

export interface GraphQueryParams {
  namespaces: readonly string[];
  durationSeconds: number;
  /** Unix seconds the instant queries are evaluated at. */
  queryTime: number;
  quantile: Quantile;
}

export const GRAPH_QUERY_IDS = [
  'requestsIn',
  'requestsOut',
  'tcpSentIn',
  'tcpReceivedIn',
  'tcpSentOut',
  'tcpReceivedOut',
  'responseTimeIn',
  'responseTimeOut',
  'requestBytesIn',
  'requestBytesOut',
  'responseBytesIn',
  'responseBytesOut',
] as const;
export type GraphQueryId = (typeof GRAPH_QUERY_IDS)[number];

export interface GraphQuery {
  id: GraphQueryId;
  promql: string;
}

export interface GraphQueryPlan {
  /** Unix seconds to pass as `time` to `/api/v1/query` for every query. */
  time: number;
  queries: GraphQuery[];
}

/** The Istio labels that identify both ends of an edge, for every graph type. */
export const EDGE_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
] as const;
export type EdgeLabel = (typeof EDGE_LABELS)[number];

/** Labels that split an edge's traffic into the details the graph shows (codes, flags, mTLS, principals). */
const REQUEST_DETAIL_LABELS = [
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
  'source_principal',
  'destination_principal',
] as const;
const TCP_DETAIL_LABELS = [
  'response_flags',
  'connection_security_policy',
  'source_principal',
  'destination_principal',
] as const;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** 30 days: longer windows are beyond any Prometheus retention Sextant expects and only cost memory. */
const MAX_DURATION_SECONDS = 30 * 24 * 3600;

/** Validates the parameters and returns the queries to run, all at `time`. Throws GraphParamError. */
export function graphQueries(params: GraphQueryParams): GraphQueryPlan {
  const namespaces = validateNamespaces(params.namespaces);
  const duration = validateDuration(params.durationSeconds);
  const time = validateQueryTime(params.queryTime);
  const quantile = validateQuantile(params.quantile);

  const nsRegex = regexAlternation(namespaces);
  const inbound = `reporter="destination",destination_workload_namespace=~${nsRegex}`;
  const outbound = `reporter="source",source_workload_namespace=~${nsRegex}`;
  const range = `[${duration}s]`;
  const edge = EDGE_LABELS.join(',');

  // `> 0` drops series that exist but saw no traffic in the window (counters live on after traffic
  // stops), which is most of the answer on an idle mesh.
  const sumRate = (groupBy: string, metric: string, selector: string) =>
    `sum by (${groupBy}) (rate(${metric}{${selector}}${range}))`;
  const requests = (selector: string) =>
    `${sumRate(`${edge},${REQUEST_DETAIL_LABELS.join(',')}`, 'istio_requests_total', selector)} > 0`;
  const tcp = (metric: string, selector: string) =>
    `${sumRate(`${edge},${TCP_DETAIL_LABELS.join(',')}`, metric, selector)} > 0`;
  const bytes = (metric: string, selector: string) => `${sumRate(edge, metric, selector)} > 0`;
  const responseTime = (selector: string) =>
    quantile === 'avg'
      ? `${sumRate(edge, 'istio_request_duration_milliseconds_sum', selector)} / ` +
        `${sumRate(edge, 'istio_request_duration_milliseconds_count', selector)} > 0`
      : `histogram_quantile(${quantile}, ${sumRate(`le,${edge}`, 'istio_request_duration_milliseconds_bucket', selector)}) > 0`;

  // TCP and byte counts come in two metrics each; summing them in PromQL would need `A + B or A or B`
  // (each side evaluated twice) because `rate({__name__=~"a|b"})` fails on duplicate label sets.
  // Two plain queries cost less and buildGraph adds them up.
  const queries: GraphQuery[] = [
    { id: 'requestsIn', promql: requests(inbound) },
    { id: 'requestsOut', promql: requests(outbound) },
    { id: 'tcpSentIn', promql: tcp('istio_tcp_sent_bytes_total', inbound) },
    { id: 'tcpReceivedIn', promql: tcp('istio_tcp_received_bytes_total', inbound) },
    { id: 'tcpSentOut', promql: tcp('istio_tcp_sent_bytes_total', outbound) },
    { id: 'tcpReceivedOut', promql: tcp('istio_tcp_received_bytes_total', outbound) },
    { id: 'responseTimeIn', promql: responseTime(inbound) },
    { id: 'responseTimeOut', promql: responseTime(outbound) },
    { id: 'requestBytesIn', promql: bytes('istio_request_bytes_sum', inbound) },
    { id: 'requestBytesOut', promql: bytes('istio_request_bytes_sum', outbound) },
    { id: 'responseBytesIn', promql: bytes('istio_response_bytes_sum', inbound) },
    { id: 'responseBytesOut', promql: bytes('istio_response_bytes_sum', outbound) },
  ];
  return { time, queries };
}

/** Sorted, de-duplicated namespaces, each a DNS-1123 label (what Kubernetes allows as a namespace name). */
export function validateNamespaces(namespaces: readonly string[]): string[] {
  if (namespaces.length === 0) throw new GraphParamError('namespaces', 'at least one namespace is required');
  for (const ns of namespaces) {
    if (ns.length > 63 || !DNS1123_LABEL.test(ns)) {
      throw new GraphParamError(
        'namespaces',
        `${JSON.stringify(ns.slice(0, 70))} is not a valid namespace name (DNS-1123 label: lower-case letters, digits and '-', at most 63)`,
      );
    }
  }
  return [...new Set(namespaces)].sort();
}

function validateDuration(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DURATION_SECONDS) {
    throw new GraphParamError(
      'duration',
      `duration must be a whole number of seconds between 1 and ${MAX_DURATION_SECONDS}`,
    );
  }
  return seconds;
}

function validateQueryTime(time: number): number {
  if (!Number.isFinite(time) || time <= 0)
    throw new GraphParamError('queryTime', 'queryTime must be a positive unix time in seconds');
  return time;
}

function validateQuantile(q: Quantile): Quantile {
  if (!QUANTILES.includes(q))
    throw new GraphParamError('quantile', `quantile must be one of ${QUANTILES.join(', ')}`);
  return q;
}
