/**
 * The PromQL behind the Overview: a constant three queries whatever the number of namespaces.
 *
 * Health uses the one health query of workloads and apps (`requestHealthQuery`). The traffic
 * series count a namespace's inbound requests where they were meant to arrive: what a workload's
 * proxy reported (`reporter="destination"`), plus what callers reported for requests that never
 * reached a pod (`destination_workload="unknown"`: no healthy upstream, a scaled-down Deployment).
 * Those two sets are disjoint, so nothing is counted twice, and a Deployment scaled to zero shows
 * its callers' failures in the namespace's error rate instead of silence.
 */
import { requestHealthQuery } from '../health/workloadHealth.ts';

const arrived = (window: string, extra = '') =>
  `rate(istio_requests_total{reporter="destination"${extra}}[${window}])`;
const neverArrived = (window: string, extra = '') =>
  `rate(istio_requests_total{reporter="source",destination_workload="unknown"${extra}}[${window}])`;

/** Per-namespace series: the namespace label is the workload's, or the Service's for unarrived requests. */
function byNamespace(window: string, filters: readonly string[]): string {
  const parts = filters.flatMap((extra) => [
    `label_replace(${arrived(window, extra)}, "namespace", "$1", "destination_workload_namespace", "(.*)")`,
    `label_replace(${neverArrived(window, extra)}, "namespace", "$1", "destination_service_namespace", "(.*)")`,
  ]);
  return `sum by (namespace) (${parts.join(' or ')})`;
}

export interface OverviewQueries {
  /** Instant: request rates by direction, workload, app and code, for health (`healthRates`). */
  requests: string;
  /** Range: requests per second by `namespace`. */
  requestRate: string;
  /** Range: failed requests per second (HTTP 5xx or no response, gRPC status other than 0) by `namespace`. */
  errorRate: string;
}

export function overviewQueries(rateWindowSeconds: number): OverviewQueries {
  const w = `${rateWindowSeconds}s`;
  return {
    requests: requestHealthQuery(rateWindowSeconds),
    requestRate: byNamespace(w, ['']),
    // HTTP errors and gRPC errors (which travel as HTTP 200) are disjoint label sets; `or` keeps both.
    errorRate: byNamespace(w, [
      ',response_code=~"5..|0"',
      ',response_code!~"5..|0",grpc_response_status!~"0|"',
    ]),
  };
}
