import { describe, expect, it } from 'vitest';
import {
  createIstioMetrics,
  HTTP_LABELS,
  httpLabels,
  TCP_LABELS,
  tcpLabels,
  type DestinationLabels,
  type SourceLabels,
} from './istioMetrics.ts';

const source: SourceLabels = {
  source_workload: 'productpage-v1',
  source_canonical_service: 'productpage',
  source_canonical_revision: 'v1',
  source_workload_namespace: 'bookinfo',
  source_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage',
  source_app: 'productpage',
  source_version: 'v1',
  source_cluster: 'Kubernetes',
};
const destination: DestinationLabels = {
  destination_service: 'reviews.bookinfo.svc.cluster.local',
  destination_service_namespace: 'bookinfo',
  destination_service_name: 'reviews',
  destination_workload: 'reviews-v1',
  destination_canonical_service: 'reviews',
  destination_canonical_revision: 'v1',
  destination_workload_namespace: 'bookinfo',
  destination_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews',
  destination_app: 'reviews',
  destination_version: 'v1',
  destination_cluster: 'Kubernetes',
};

/** Parses `a="x",b="y"` back into names, to check the label set independent of formatting. */
const labelNames = (s: string) => [...s.matchAll(/([a-z_]+)="(?:[^"\\]|\\.)*"/g)].map((m) => m[1]);

describe('Istio label strings', () => {
  it('carry exactly the HTTP label set, in order', () => {
    const labels = httpLabels({
      reporter: 'destination',
      source,
      destination,
      requestProtocol: 'http',
      responseCode: 200,
      grpcResponseStatus: '',
      responseFlags: '-',
      connectionSecurityPolicy: 'mutual_tls',
    });
    expect(labelNames(labels)).toEqual([...HTTP_LABELS]);
    expect(labels).toContain('reporter="destination",source_workload="productpage-v1"');
    expect(labels).toContain(
      'response_code="200",grpc_response_status="",response_flags="-",connection_security_policy="mutual_tls"',
    );
  });

  it('carry the TCP label set (no response_code)', () => {
    const labels = tcpLabels({
      reporter: 'source',
      source,
      destination,
      responseFlags: 'UF',
      connectionSecurityPolicy: 'unknown',
    });
    expect(labelNames(labels)).toEqual([...TCP_LABELS]);
    expect(labels).toContain('request_protocol="tcp",response_flags="UF"');
  });

  it('creates the eight standard families with Istio buckets', () => {
    const m = createIstioMetrics();
    const h = m.duration.get('a="b"');
    m.duration.observe(h, 3);
    m.requestBytes.observe(m.requestBytes.get('a="b"'), 700);
    m.tcpOpened.get('a="b"').value++;
    const text = m.registry.serialize();
    expect(text).toContain('istio_request_duration_milliseconds_bucket{a="b",le="0.5"} 0\n');
    expect(text).toContain('istio_request_duration_milliseconds_bucket{a="b",le="5"} 1\n');
    expect(text).toContain('istio_request_duration_milliseconds_bucket{a="b",le="3600000"} 1\n');
    expect(text).toContain('istio_request_bytes_bucket{a="b",le="1000"} 1\n');
    expect(text).toContain('istio_request_bytes_bucket{a="b",le="1000000000"} 1\n');
    expect(text).toContain(
      '# TYPE istio_tcp_connections_opened_total counter\nistio_tcp_connections_opened_total{a="b"} 1\n',
    );
    expect(m.registry.seriesCount).toBe(3);
  });
});
