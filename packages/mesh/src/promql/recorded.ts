/**
 * Istio's workload-level recording rules (deploy/prometheus/sextant-recording-rules.yaml) keep
 * each metric under `workload:<name>` without the per-pod labels. The graph never groups by those
 * labels, so the same query over the recorded series gives the same answer from fewer series.
 */

/** The metrics the rules record, as the queries name them. */
export const RECORDED_METRICS: readonly string[] = [
  'istio_requests_total',
  'istio_request_duration_milliseconds_count',
  'istio_request_duration_milliseconds_sum',
  'istio_request_duration_milliseconds_bucket',
  'istio_request_bytes_count',
  'istio_request_bytes_sum',
  'istio_request_bytes_bucket',
  'istio_response_bytes_count',
  'istio_response_bytes_sum',
  'istio_response_bytes_bucket',
  'istio_tcp_sent_bytes_total',
  'istio_tcp_received_bytes_total',
  'istio_tcp_connections_opened_total',
  'istio_tcp_connections_closed_total',
];

/** The series whose presence says the rules are loaded. */
export const RECORDED_PROBE = 'count(workload:istio_requests_total)';

const METRIC = new RegExp(`(?<![\\w:])(${RECORDED_METRICS.join('|')})(?=\\s*\\{)`, 'g');

/** `promql` reading the recorded series: every `istio_…{` of a recorded metric becomes `workload:istio_…{`. */
export function useRecordedMetrics(promql: string): string {
  return promql.replace(METRIC, 'workload:$1');
}
