import { CounterFamily, HistogramFamily, MetricsRegistry } from './registry.ts';
import { escapeLabelValue } from './textFormat.ts';

/** Envoy's default histogram buckets, which Istio keeps for request durations (milliseconds). */
export const DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
] as const;

/** Powers of ten Istio configures for the request/response size histograms (bytes). */
export const BYTE_BUCKETS = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
] as const;

/** The peer labels both reporters write, in the order Istio's stats filter emits them. */
export const SOURCE_LABELS = [
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
] as const;

export const DESTINATION_LABELS = [
  'destination_service',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_cluster',
] as const;

/** Full label list of the HTTP/gRPC metrics. */
export const HTTP_LABELS = [
  'reporter',
  ...SOURCE_LABELS,
  ...DESTINATION_LABELS,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

/** TCP metrics carry no response_code / grpc_response_status. */
export const TCP_LABELS = [
  'reporter',
  ...SOURCE_LABELS,
  ...DESTINATION_LABELS,
  'request_protocol',
  'response_flags',
  'connection_security_policy',
] as const;

export type SourceLabels = Record<(typeof SOURCE_LABELS)[number], string>;
export type DestinationLabels = Record<(typeof DESTINATION_LABELS)[number], string>;
export type Reporter = 'source' | 'destination';
export type ConnectionSecurityPolicy = 'mutual_tls' | 'none' | 'unknown';

export interface HttpMetricLabels {
  reporter: Reporter;
  source: SourceLabels;
  destination: DestinationLabels;
  requestProtocol: 'http' | 'grpc';
  responseCode: number;
  grpcResponseStatus: string;
  responseFlags: string;
  connectionSecurityPolicy: ConnectionSecurityPolicy;
}

export interface TcpMetricLabels {
  reporter: Reporter;
  source: SourceLabels;
  destination: DestinationLabels;
  responseFlags: string;
  connectionSecurityPolicy: ConnectionSecurityPolicy;
}

/** `source_workload="x",...`: a peer's part of the label string, built once per peer and reused. */
export function peerLabelFragment<K extends string>(names: readonly K[], values: Record<K, string>): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    out += `${i > 0 ? ',' : ''}${name}="${escapeLabelValue(values[name])}"`;
  }
  return out;
}

/** Label string of an HTTP sample, from fragments (see `peerLabelFragment`). */
export function httpLabelString(
  reporter: Reporter,
  sourceFragment: string,
  destinationFragment: string,
  requestProtocol: string,
  responseCode: number,
  grpcResponseStatus: string,
  responseFlags: string,
  security: ConnectionSecurityPolicy,
): string {
  return (
    `reporter="${reporter}",${sourceFragment},${destinationFragment},request_protocol="${requestProtocol}",` +
    `response_code="${responseCode}",grpc_response_status="${escapeLabelValue(grpcResponseStatus)}",` +
    `response_flags="${escapeLabelValue(responseFlags)}",connection_security_policy="${security}"`
  );
}

export function tcpLabelString(
  reporter: Reporter,
  sourceFragment: string,
  destinationFragment: string,
  responseFlags: string,
  security: ConnectionSecurityPolicy,
): string {
  return (
    `reporter="${reporter}",${sourceFragment},${destinationFragment},request_protocol="tcp",` +
    `response_flags="${escapeLabelValue(responseFlags)}",connection_security_policy="${security}"`
  );
}

export function httpLabels(l: HttpMetricLabels): string {
  return httpLabelString(
    l.reporter,
    peerLabelFragment(SOURCE_LABELS, l.source),
    peerLabelFragment(DESTINATION_LABELS, l.destination),
    l.requestProtocol,
    l.responseCode,
    l.grpcResponseStatus,
    l.responseFlags,
    l.connectionSecurityPolicy,
  );
}

export function tcpLabels(l: TcpMetricLabels): string {
  return tcpLabelString(
    l.reporter,
    peerLabelFragment(SOURCE_LABELS, l.source),
    peerLabelFragment(DESTINATION_LABELS, l.destination),
    l.responseFlags,
    l.connectionSecurityPolicy,
  );
}

/** Istio's standard metrics, as one proxy fleet exports them. */
export interface IstioMetrics {
  registry: MetricsRegistry;
  requests: CounterFamily;
  duration: HistogramFamily;
  requestBytes: HistogramFamily;
  responseBytes: HistogramFamily;
  tcpSentBytes: CounterFamily;
  tcpReceivedBytes: CounterFamily;
  tcpOpened: CounterFamily;
  tcpClosed: CounterFamily;
}

export function createIstioMetrics(): IstioMetrics {
  const registry = new MetricsRegistry();
  // Envoy's Prometheus endpoint writes no HELP lines for Istio's metrics; neither do we.
  return {
    registry,
    requests: registry.register(new CounterFamily('istio_requests_total')),
    duration: registry.register(
      new HistogramFamily('istio_request_duration_milliseconds', DURATION_BUCKETS_MS),
    ),
    requestBytes: registry.register(new HistogramFamily('istio_request_bytes', BYTE_BUCKETS)),
    responseBytes: registry.register(new HistogramFamily('istio_response_bytes', BYTE_BUCKETS)),
    tcpSentBytes: registry.register(new CounterFamily('istio_tcp_sent_bytes_total')),
    tcpReceivedBytes: registry.register(new CounterFamily('istio_tcp_received_bytes_total')),
    tcpOpened: registry.register(new CounterFamily('istio_tcp_connections_opened_total')),
    tcpClosed: registry.register(new CounterFamily('istio_tcp_connections_closed_total')),
  };
}
