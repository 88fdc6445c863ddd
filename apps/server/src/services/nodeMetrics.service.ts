import {
  nodeMetricsSchema,
  type MetricSeries,
  type MetricsDirection,
  type NodeMetrics,
  type NodeMetricsKind,
} from '@sextant/contracts';
import { escapePromString, parsePromNumber } from '@sextant/mesh';
import type { MetricsClient, PromMatrixEntry } from '../clients/prometheus.client.ts';
import { badRequest } from '../errors.ts';

export interface NodeMetricsRequest {
  namespace: string;
  kind: NodeMetricsKind;
  name: string;
  /** Apps only: one version (`canonical_revision`) of the app, as a versioned-app graph node is. */
  version?: string | undefined;
  direction: MetricsDirection;
  durationSeconds: number;
  stepSeconds: number;
  /** `rate()` window in seconds. */
  rateSeconds: number;
  /** Unix seconds of the last point. */
  end: number;
}

/** Labels that select a node's traffic, by which end of the request it is. */
const LABELS = {
  inbound: {
    apps: ['destination_workload_namespace', 'destination_canonical_service'],
    workloads: ['destination_workload_namespace', 'destination_workload'],
    services: ['destination_service_namespace', 'destination_service_name'],
  },
  outbound: {
    apps: ['source_workload_namespace', 'source_canonical_service'],
    workloads: ['source_workload_namespace', 'source_workload'],
  },
} as const;

/**
 * The PromQL behind one node's sparklines: always four range queries. Names are validated by the
 * route and escaped here as well, so the query text is safe on its own.
 *
 * Inbound traffic of apps and workloads is what their proxies report (`reporter="destination"`).
 * Services have no proxy of their own: their callers' reports (`reporter="source"`) also count the
 * requests that failed before reaching a pod (fault injection, no healthy upstream), as the graph's
 * edges into a service node do.
 */
export function nodeMetricsQueries(r: NodeMetricsRequest): {
  requestRate: string;
  errorRate: string;
  responseTimeP95: string;
  tcpThroughput: string;
} {
  let reporter: string;
  let labels: readonly [string, string];
  if (r.direction === 'outbound') {
    if (r.kind === 'services')
      throw badRequest('services have no outbound traffic; ask for direction=inbound');
    reporter = 'source';
    labels = LABELS.outbound[r.kind];
  } else {
    reporter = r.kind === 'services' ? 'source' : 'destination';
    labels = LABELS.inbound[r.kind];
  }
  const end = r.direction === 'outbound' ? 'source' : 'destination';
  const version =
    r.version === undefined ? '' : `,${end}_canonical_revision="${escapePromString(r.version)}"`;
  if (r.version !== undefined && r.kind !== 'apps') {
    throw badRequest('version applies to apps only (kind=apps)');
  }
  const selector = `reporter="${reporter}",${labels[0]}="${escapePromString(r.namespace)}",${labels[1]}="${escapePromString(r.name)}"${version}`;
  const range = `[${r.rateSeconds}s]`;
  const requests = (extra = '') => `rate(istio_requests_total{${selector}${extra}}${range})`;
  const total = `sum(${requests()})`;
  // HTTP 5xx and no response, plus gRPC errors (which travel as HTTP 200); the two label sets are
  // disjoint, so `or` adds them up. Zeros where there was traffic but no error.
  const errors =
    `sum(${requests(',response_code=~"5..|0"')} or ` +
    `${requests(',response_code!~"5..|0",grpc_response_status!~"0|"')})`;
  const tcp = (metric: string) => `(sum(rate(${metric}{${selector}}${range})) or vector(0))`;
  return {
    requestRate: total,
    errorRate: `${errors} or (0 * ${total})`,
    responseTimeP95: `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}${range})))`,
    tcpThroughput: `${tcp('istio_tcp_sent_bytes_total')} + ${tcp('istio_tcp_received_bytes_total')}`,
  };
}

export class NodeMetricsService {
  constructor(private readonly metrics: MetricsClient) {}

  async nodeMetrics(r: NodeMetricsRequest): Promise<NodeMetrics> {
    const queries = nodeMetricsQueries(r);
    const range = { start: r.end - r.durationSeconds, end: r.end, step: r.stepSeconds };
    const abort = new AbortController();
    const run = (promql: string) =>
      this.metrics.queryRange(promql, range, { signal: abort.signal }).catch((err: unknown) => {
        abort.abort();
        throw err;
      });
    const [requestRate, errorRate, responseTime, tcp] = await Promise.all([
      run(queries.requestRate),
      run(queries.errorRate),
      run(queries.responseTimeP95),
      run(queries.tcpThroughput),
    ]);
    const responseTimeP95 = toSeries(responseTime);
    const tcpThroughput = toSeries(tcp);
    return nodeMetricsSchema.parse({
      namespace: r.namespace,
      kind: r.kind,
      name: r.name,
      direction: r.direction,
      start: range.start,
      end: range.end,
      step: range.step,
      requestRate: toSeries(requestRate),
      errorRate: toSeries(errorRate),
      ...(responseTimeP95.length ? { responseTimeP95 } : {}),
      ...(tcpThroughput.some(([, v]) => v > 0) ? { tcpThroughput } : {}),
    } satisfies NodeMetrics);
  }
}

/** The one series of a `sum(...)`, without the NaNs histogram_quantile gives for empty windows. */
function toSeries(matrix: readonly PromMatrixEntry[]): MetricSeries {
  const values = matrix[0]?.values ?? [];
  const out: MetricSeries = [];
  for (const [t, text] of values) {
    const v = parsePromNumber(text);
    if (Number.isFinite(v)) out.push([t, v]);
  }
  return out;
}
