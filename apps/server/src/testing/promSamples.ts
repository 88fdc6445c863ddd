import { graphQueries, type GraphQueryId, type GraphQueryParams, type PromVectorEntry } from '@sextant/mesh';

/** One workload of a hand-written Istio sample. */
export interface Side {
  namespace: string;
  workload: string;
  app: string;
  version: string;
}

export const side = (
  namespace: string,
  workload: string,
  app = workload.replace(/-v\d+$/, ''),
  version = 'v1',
): Side => ({
  namespace,
  workload,
  app,
  version,
});

/** An `istio_requests_total` rate sample between two workloads, labelled as Istio labels it. */
export function requestSample(
  reporter: 'source' | 'destination',
  from: Side,
  to: Side,
  rate: number,
  extra: { code?: string; flags?: string; mtls?: boolean; time?: number } = {},
): PromVectorEntry {
  return {
    metric: {
      reporter,
      source_cluster: 'Kubernetes',
      source_workload_namespace: from.namespace,
      source_workload: from.workload,
      source_canonical_service: from.app,
      source_canonical_revision: from.version,
      destination_cluster: 'Kubernetes',
      destination_service_namespace: to.namespace,
      destination_service: `${to.app}.${to.namespace}.svc.cluster.local`,
      destination_service_name: to.app,
      destination_workload_namespace: to.namespace,
      destination_workload: to.workload,
      destination_canonical_service: to.app,
      destination_canonical_revision: to.version,
      request_protocol: 'http',
      response_code: extra.code ?? '200',
      response_flags: extra.flags ?? '-',
      connection_security_policy: extra.mtls === false ? 'none' : 'mutual_tls',
    },
    value: [extra.time ?? 0, String(rate)],
  };
}

/**
 * Which graph query a PromQL text is, for fakes that answer per query: the query set is pure, so
 * the fake recomputes it for the parameters under test.
 */
export function graphQueryIdOf(
  promql: string,
  params: Omit<GraphQueryParams, 'quantile' | 'queryTime'> & Partial<Pick<GraphQueryParams, 'quantile'>>,
): GraphQueryId | undefined {
  const plan = graphQueries({ quantile: 0.95, queryTime: 1, ...params });
  return plan.queries.find((q) => q.promql === promql)?.id;
}
