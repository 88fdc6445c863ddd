import { escapePromString, escapeRegex, regexAlternation } from '../promql/escape.ts';
import { GraphParamError } from './errors.ts';
import type { Appenders, NodeFocus, RequestedRates, ThroughputType } from './options.ts';
import { ALL_APPENDERS, DEFAULT_RATES } from './options.ts';

/**
 * The PromQL behind one traffic graph. Kiali runs three request queries per namespace (and as many
 * per appender); Sextant puts every requested namespace into one `=~` matcher, so a 50-namespace
 * graph costs Prometheus the same number of round trips as a one-namespace graph, and `buildGraph`
 * splits the answers per namespace again to apply Kiali's rules (see README.md beside this file).
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
  /** Default: Kiali's (requests, requests, sent, total). */
  rates?: RequestedRates;
  /** Default: Kiali's default set. */
  appenders?: Appenders;
  /** Kiali's `includeIdleEdges`: keep series with a zero rate in the window. */
  includeIdleEdges?: boolean;
  /** Default `response`. */
  throughputType?: ThroughputType;
  /** A node graph: only the node's own inbound and outbound traffic. */
  node?: NodeFocus;
  /**
   * Split the two latency queries (a histogram's 20 buckets per series: most of a big graph's
   * Prometheus work) into this many queries over groups of the namespaces, which Prometheus runs on
   * as many cores (it evaluates one query on one). Exact: each part selects other series, and the
   * namespace label is in the `by` set. At most as many parts as namespaces, so the number of
   * queries stays constant in namespaces; the parts come first, the longest work started first.
   * Default 1 (MAX_QUERY_PARTS at most).
   */
  parts?: number;
}

/** Most parts a latency query is split into (`GraphQueryParams.parts`). */
export const MAX_QUERY_PARTS = 16;

export const GRAPH_QUERY_IDS = [
  'requestsIn',
  'requestsOut',
  'tcpSentIn',
  'tcpSentOut',
  'tcpReceivedIn',
  'tcpReceivedOut',
  'grpcSentIn',
  'grpcSentOut',
  'grpcReceivedIn',
  'grpcReceivedOut',
  'responseTimeIn',
  'responseTimeOut',
  'throughput',
] as const;
export type GraphQueryId = (typeof GRAPH_QUERY_IDS)[number];

/** Queries without which there is no graph to show; the others only decorate edges. */
export const ESSENTIAL_QUERIES: ReadonlySet<GraphQueryId> = new Set(
  GRAPH_QUERY_IDS.filter((id) => !id.startsWith('responseTime') && id !== 'throughput'),
);

export interface GraphQuery {
  /** Parts of one split query share its id: their answers together are the query's answer. */
  id: GraphQueryId;
  promql: string;
}

export interface GraphQueryPlan {
  /** Unix seconds to pass as `time` to `/api/v1/query` for every query. */
  time: number;
  queries: GraphQuery[];
}

/** The Istio labels that identify both ends of an edge (Kiali's group-by, in Kiali's order). */
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

const REQUEST_LABELS = ['request_protocol', 'response_code', 'grpc_response_status', 'response_flags'];
/** Only destination proxies know the connection's security; Kiali's securityPolicy appender reads them. */
const SECURITY_LABELS = ['connection_security_policy', 'source_principal', 'destination_principal'];

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** 30 days: longer windows are beyond any Prometheus retention Sextant expects and only cost memory. */
const MAX_DURATION_SECONDS = 30 * 24 * 3600;

/** Validates the parameters and returns the queries to run, all at `time`. Throws GraphParamError. */
export function graphQueries(params: GraphQueryParams): GraphQueryPlan {
  const namespaces = validateNamespaces(params.namespaces);
  const duration = validateDuration(params.durationSeconds);
  const time = validateQueryTime(params.queryTime);
  const quantile = validateQuantile(params.quantile);
  const rates = params.rates ?? DEFAULT_RATES;
  const appenders = params.appenders ?? ALL_APPENDERS;

  const ns = regexAlternation(namespaces);
  const serviceHosts = `"${escapePromString(`^.+\\.(${namespaces.map(escapeRegex).join('|')})\\..+$`)}"`;
  const waypoints = rates.ambient === 'total' || rates.ambient === 'waypoint';
  const reporter = (r: 'source' | 'destination') =>
    waypoints ? `reporter=~"${r}|waypoint"` : `reporter="${r}"`;
  // Ztunnel reports L4 traffic itself; without ambient telemetry it is left out (Kiali's GetApp).
  const noZtunnel = rates.ambient === 'none' || rates.ambient === 'waypoint' ? 'app!="ztunnel",' : '';
  const range = `[${duration}s]`;
  const keep = params.includeIdleEdges ? '' : ' > 0';

  const sum = (metric: string, selector: string, labels: readonly string[]) =>
    `sum by (${labels.join(',')}) (rate(${metric}{${selector}}${range}))`;
  /** One query for several selectors: `or` keeps each series once (they are the same series). */
  const union = (metric: string, selectors: readonly string[], labels: readonly string[]) =>
    selectors.map((s) => `(${sum(metric, s, labels)}${keep})`).join(' or ');

  const focus = params.node ? nodeSelectors(params.node) : undefined;
  // Inbound: what the destination proxies of the requested namespaces saw, plus what destination
  // proxies saw of the requested namespaces' own calls (their security and response bytes).
  const inSelectors = (l4: boolean) =>
    focus
      ? [
          `${l4 ? noZtunnel : ''}${reporter('destination')},${focus.inbound}`,
          // What the node's callees saw of its calls: their security, not their traffic.
          ...(focus.outbound ? [`${l4 ? noZtunnel : ''}${reporter('destination')},${focus.outbound}`] : []),
        ]
      : [
          // Each selector leaves out what an earlier one selected: Prometheus rates every series
          // of every side of an `or`, and most of a mesh's series satisfy several of them.
          `${l4 ? noZtunnel : ''}${reporter('destination')},destination_workload_namespace=~${ns}`,
          `${l4 ? noZtunnel : ''}${reporter('destination')},destination_service_namespace=~${ns},destination_workload_namespace!~${ns}`,
          `${l4 ? noZtunnel : ''}${reporter('destination')},source_workload_namespace=~${ns},destination_workload_namespace!~${ns},destination_service_namespace!~${ns}`,
        ];
  // Outbound: what the source proxies of the requested namespaces saw, plus calls from elsewhere
  // into the requested namespaces' services that never reached a workload (Kiali's first query).
  const outSelectors = (l4: boolean) =>
    focus
      ? [
          ...(focus.outbound ? [`${l4 ? noZtunnel : ''}${reporter('source')},${focus.outbound}`] : []),
          ...(focus.unserviced ? [`${l4 ? noZtunnel : ''}${reporter('source')},${focus.unserviced}`] : []),
        ]
      : [
          `${l4 ? noZtunnel : ''}${reporter('source')},source_workload_namespace=~${ns}`,
          `${l4 ? noZtunnel : ''}${reporter('source')},source_workload_namespace!~${ns},destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~${serviceHosts}`,
        ];

  const queries: GraphQuery[] = [];
  const add = (id: GraphQueryId, selectors: readonly string[], promql: (s: readonly string[]) => string) => {
    if (selectors.length) queries.push({ id, promql: promql(selectors) });
  };
  const edge = [...EDGE_LABELS];

  if (rates.http === 'requests' || rates.grpc === 'requests') {
    add('requestsIn', inSelectors(false), (s) =>
      union('istio_requests_total', s, [...edge, ...REQUEST_LABELS, ...SECURITY_LABELS]),
    );
    add('requestsOut', outSelectors(false), (s) =>
      union('istio_requests_total', s, [...edge, ...REQUEST_LABELS]),
    );
  }
  // L4 telemetry is reversed (istio/istio#32399): bytes a client sent are `received` by the proxy.
  const tcp = {
    sent: ['istio_tcp_received_bytes_total'],
    received: ['istio_tcp_sent_bytes_total'],
    total: ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total'],
    none: [],
  }[rates.tcp];
  for (const metric of tcp) {
    const [inId, outId] =
      metric === 'istio_tcp_received_bytes_total'
        ? (['tcpReceivedIn', 'tcpReceivedOut'] as const)
        : (['tcpSentIn', 'tcpSentOut'] as const);
    add(inId, inSelectors(true), (s) => union(metric, s, [...edge, 'response_flags', ...SECURITY_LABELS]));
    add(outId, outSelectors(true), (s) => union(metric, s, [...edge, 'response_flags']));
  }
  const grpc = {
    sent: ['istio_request_messages_total'],
    received: ['istio_response_messages_total'],
    total: ['istio_request_messages_total', 'istio_response_messages_total'],
    requests: [],
    none: [],
  }[rates.grpc];
  for (const metric of grpc) {
    const [inId, outId] =
      metric === 'istio_request_messages_total'
        ? (['grpcSentIn', 'grpcSentOut'] as const)
        : (['grpcReceivedIn', 'grpcReceivedOut'] as const);
    add(inId, inSelectors(false), (s) => union(metric, s, [...edge, ...SECURITY_LABELS]));
    add(outId, outSelectors(false), (s) => union(metric, s, edge));
  }

  const requestTelemetry = rates.http === 'requests' || rates.grpc === 'requests';
  if (appenders.has('responseTime') && requestTelemetry) {
    const labels = [...edge, 'request_protocol'];
    const rt = (selector: string) =>
      quantile === 'avg'
        ? `${sum('istio_request_duration_milliseconds_sum', selector, labels)} / ${sum('istio_request_duration_milliseconds_count', selector, labels)} > 0`
        : `histogram_quantile(${quantile}, ${sum('istio_request_duration_milliseconds_bucket', selector, ['le', ...labels])}) > 0`;
    const latency: GraphQuery[] = [];
    if (focus) {
      latency.push({ id: 'responseTimeIn', promql: rt(`${reporter('destination')},${focus.inbound}`) });
      if (focus.outbound)
        latency.push({ id: 'responseTimeOut', promql: rt(`${reporter('source')},${focus.outbound}`) });
    } else {
      // Parts over namespace groups: the In parts select other destination_service_namespaces,
      // the Out parts other source_workload_namespaces, both labels kept by the `by`.
      const groups = namespaceGroups(namespaces, params.parts ?? 1);
      for (const group of groups)
        latency.push({
          id: 'responseTimeIn',
          promql: rt(`${reporter('destination')},destination_service_namespace=~${regexAlternation(group)}`),
        });
      for (const group of groups)
        latency.push({
          id: 'responseTimeOut',
          promql: rt(`${reporter('source')},source_workload_namespace=~${regexAlternation(group)}`),
        });
    }
    if (latency.length > 2) queries.unshift(...latency);
    else queries.push(...latency);
  }
  if (appenders.has('throughput') && requestTelemetry) {
    const [metric, side] =
      params.throughputType === 'request'
        ? (['istio_request_bytes_sum', 'source'] as const)
        : (['istio_response_bytes_sum', 'destination'] as const);
    const selectors = focus
      ? [
          `${reporter(side)},${focus.inbound}`,
          ...(focus.outbound ? [`${reporter(side)},${focus.outbound}`] : []),
        ]
      : [
          `${reporter(side)},destination_service_namespace=~${ns}`,
          `${reporter(side)},source_workload_namespace=~${ns},destination_service_namespace!~${ns}`,
        ];
    queries.push({
      id: 'throughput',
      promql: selectors.map((s) => `(${sum(metric, s, edge)} > 0)`).join(' or '),
    });
  }
  return { time, queries };
}

/** `parts` groups of the (sorted) namespaces, as even in size as they can be; never an empty one. */
export function namespaceGroups(namespaces: readonly string[], parts: number): string[][] {
  const count = Math.max(1, Math.min(namespaces.length, Math.floor(parts) || 1, MAX_QUERY_PARTS));
  return Array.from({ length: count }, (_, i) =>
    namespaces.slice(
      Math.floor((i * namespaces.length) / count),
      Math.floor(((i + 1) * namespaces.length) / count),
    ),
  );
}

/** Kiali's node-graph selectors: the node's inbound (destination-reported) and outbound traffic. */
function nodeSelectors(node: NodeFocus): { inbound: string; outbound?: string; unserviced?: string } {
  const q = (v: string) => `"${escapePromString(v)}"`;
  const ns = q(node.namespace);
  const cluster = (side: 'source' | 'destination') =>
    node.cluster && node.cluster !== 'unknown' ? `,${side}_cluster=${q(node.cluster)}` : '';
  switch (node.kind) {
    case 'workload':
      return {
        inbound: `destination_workload_namespace=${ns},destination_workload=${q(node.workload)}${cluster('destination')}`,
        outbound: `source_workload_namespace=${ns},source_workload=${q(node.workload)}${cluster('source')}`,
      };
    case 'app': {
      const version = (side: 'source' | 'destination') =>
        node.version ? `,${side}_canonical_revision=${q(node.version)}` : '';
      return {
        inbound: `destination_service_namespace=${ns},destination_canonical_service=${q(node.app)}${version('destination')}${cluster('destination')}`,
        outbound: `source_workload_namespace=${ns},source_canonical_service=${q(node.app)}${version('source')}${cluster('source')}`,
      };
    }
    case 'service': {
      // Kiali matches `destination_service` against `^<name>\.<ns>\..*$`; the service's name and
      // namespace labels select the same series and also those whose host Istio wrote short.
      const service = `destination_service_namespace=${ns},destination_service_name=${q(node.service)}`;
      return {
        inbound: `${service}${cluster('destination')}`,
        unserviced: `destination_workload="unknown",${service}${cluster('destination')}`,
      };
    }
  }
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
