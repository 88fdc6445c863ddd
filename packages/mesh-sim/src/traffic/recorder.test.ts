import { describe, expect, it } from 'vitest';
import { createIstioMetrics } from '../metrics/istioMetrics.ts';
import type { Workload } from './cluster.ts';
import { MetricsRecorder } from './recorder.ts';

const workload = (
  name: string,
  namespace: string,
  app: string,
  version: string | undefined,
  sa: string,
): Workload => ({
  key: `${namespace}/${name}`,
  name,
  namespace,
  app,
  version,
  canonicalService: app,
  canonicalRevision: version ?? 'latest',
  serviceAccount: sa,
  hasSidecar: true,
  labels: { app },
  readyPods: 1,
});
const productpage = workload('productpage-v1', 'bookinfo', 'productpage', 'v1', 'bookinfo-productpage');
const reviews = workload('reviews-v2', 'bookinfo', 'reviews', 'v2', 'bookinfo-reviews');
const service = { host: 'reviews.bookinfo.svc.cluster.local', name: 'reviews', namespace: 'bookinfo' };

describe('MetricsRecorder', () => {
  it('writes Istio labels: principals only over mTLS, unknown peers as "unknown"', () => {
    const metrics = createIstioMetrics();
    const r = new MetricsRecorder(metrics);
    const base = {
      service,
      protocol: 'http' as const,
      grpcStatus: '',
      flags: '-',
      durationMs: 7,
      requestBytes: 300,
      responseBytes: 400,
    };
    r.http({
      ...base,
      reporter: 'destination',
      source: productpage,
      destination: reviews,
      code: 200,
      security: 'mutual_tls',
    });
    r.http({
      ...base,
      reporter: 'destination',
      source: productpage,
      destination: reviews,
      code: 200,
      security: 'mutual_tls',
    });
    r.http({
      ...base,
      reporter: 'destination',
      source: undefined,
      destination: reviews,
      code: 200,
      security: 'none',
    });
    const text = metrics.registry.serialize();
    expect(text).toContain(
      'istio_requests_total{reporter="destination",source_workload="productpage-v1",source_canonical_service="productpage",' +
        'source_canonical_revision="v1",source_workload_namespace="bookinfo",' +
        'source_principal="spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage",source_app="productpage",source_version="v1",' +
        'source_cluster="Kubernetes",destination_service="reviews.bookinfo.svc.cluster.local",destination_service_namespace="bookinfo",' +
        'destination_service_name="reviews",destination_workload="reviews-v2",destination_canonical_service="reviews",' +
        'destination_canonical_revision="v2",destination_workload_namespace="bookinfo",' +
        'destination_principal="spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews",destination_app="reviews",destination_version="v2",' +
        'destination_cluster="Kubernetes",request_protocol="http",response_code="200",grpc_response_status="",response_flags="-",' +
        'connection_security_policy="mutual_tls"} 2\n',
    );
    expect(text).toContain(
      'istio_requests_total{reporter="destination",source_workload="unknown",source_canonical_service="unknown",' +
        'source_canonical_revision="unknown",source_workload_namespace="unknown",source_principal="unknown",source_app="unknown",' +
        'source_version="unknown",source_cluster="unknown",',
    );
    expect(text).toMatch(/destination_principal="unknown",[^}]*connection_security_policy="none"\} 1\n/);
    expect(text).toContain(
      'istio_request_duration_milliseconds_bucket{reporter="destination",source_workload="productpage-v1"',
    );
    expect(text).toMatch(
      /istio_request_duration_milliseconds_sum\{reporter="destination",source_workload="productpage-v1"[^}]*\} 14\n/,
    );
    expect(text).toMatch(
      /istio_response_bytes_bucket\{[^}]*source_workload="productpage-v1"[^}]*le="1000"\} 2\n/,
    );
  });

  it('counts TCP bytes and connections per connection', () => {
    const metrics = createIstioMetrics();
    const r = new MetricsRecorder(metrics);
    for (let i = 0; i < 3; i++) {
      r.tcp({
        reporter: 'source',
        source: productpage,
        destination: reviews,
        service,
        flags: '-',
        security: 'mutual_tls',
        sentBytes: 100,
        receivedBytes: 10,
      });
    }
    const text = metrics.registry.serialize();
    expect(text).toMatch(
      /istio_tcp_sent_bytes_total\{reporter="source",[^}]*request_protocol="tcp",response_flags="-",connection_security_policy="mutual_tls"\} 300\n/,
    );
    expect(text).toMatch(/istio_tcp_received_bytes_total\{[^}]*\} 30\n/);
    expect(text).toMatch(/istio_tcp_connections_opened_total\{[^}]*\} 3\n/);
    expect(text).toMatch(/istio_tcp_connections_closed_total\{[^}]*\} 3\n/);
  });
});
