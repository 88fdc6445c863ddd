/**
 * Kiali's query pattern for one graph, for the side-by-side benchmark: per namespace, in order, the
 * instant queries Kiali's graph code sends (kiali/kiali `graph/telemetry/istio/istio.go`,
 * `buildNamespaceTrafficMap`, with its default rates: HTTP/gRPC requests and TCP bytes sent, no
 * ambient), then those of its responseTime and securityPolicy appenders, which follow the same
 * three shapes (unserviced incoming from outside, incoming by destination telemetry, outgoing by
 * source telemetry). 12 per namespace, one after the other, namespaces one after the other, as
 * Kiali runs them. The strings are written here from reading Kiali's source, not copied.
 */
const REQUEST_GROUP_BY =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,' +
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,' +
  'destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision';

/** The three selector shapes of every metric Kiali's traffic map reads for a namespace. */
function shapes(namespace: string): string[] {
  return [
    `reporter="source",source_workload_namespace!="${namespace}",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\\\.${namespace}\\\\..+$"`,
    `reporter="destination",destination_workload_namespace="${namespace}"`,
    `reporter="source",source_workload_namespace="${namespace}"`,
  ];
}

export function kialiNamespaceQueries(namespace: string, durationSeconds: number): string[] {
  const w = `[${durationSeconds}s]`;
  const out: string[] = [];
  for (const sel of shapes(namespace))
    out.push(
      `sum(rate(istio_requests_total{${sel}} ${w})) by (${REQUEST_GROUP_BY},request_protocol,response_code,grpc_response_status,response_flags) > 0`,
    );
  for (const sel of shapes(namespace))
    out.push(
      `sum(rate(istio_tcp_sent_bytes_total{${sel}} ${w})) by (app,${REQUEST_GROUP_BY},response_flags) > 0`,
    );
  // responseTime appender: p95 of request durations by edge.
  for (const sel of shapes(namespace))
    out.push(
      `histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{${sel}} ${w})) by (le,${REQUEST_GROUP_BY},request_protocol)) > 0`,
    );
  // securityPolicy appender: requests by connection security policy.
  for (const sel of shapes(namespace))
    out.push(
      `sum(rate(istio_requests_total{${sel}} ${w})) by (${REQUEST_GROUP_BY},request_protocol,connection_security_policy) > 0`,
    );
  return out;
}

/** Every query of Kiali's pattern for the graph of `namespaces`, in the order Kiali sends them. */
export function kialiGraphQueries(namespaces: readonly string[], durationSeconds: number): string[] {
  return namespaces.flatMap((ns) => kialiNamespaceQueries(ns, durationSeconds));
}
