import {
  DESTINATION_LABELS,
  httpLabelString,
  peerLabelFragment,
  SOURCE_LABELS,
  tcpLabelString,
  type DestinationLabels,
  type IstioMetrics,
  type SourceLabels,
} from '../metrics/istioMetrics.ts';
import type { CounterSeries, HistogramSeries } from '../metrics/registry.ts';
import type { Workload } from './cluster.ts';
import type { HttpObservation, TcpObservation, TrafficSink } from './observations.ts';
import type { ServiceRef } from './targets.ts';

/** Istio's default cluster ID, which `source_cluster` / `destination_cluster` carry in a single-cluster mesh. */
export const CLUSTER_ID = 'Kubernetes';
const TRUST_DOMAIN = 'cluster.local';

export function principalOf(w: Workload): string {
  return `spiffe://${TRUST_DOMAIN}/ns/${w.namespace}/sa/${w.serviceAccount}`;
}

/** Source labels as Istio fills them; principals only exist on an mTLS connection. */
export function sourceLabels(w: Workload | undefined, mtls: boolean): SourceLabels {
  if (!w) {
    return {
      source_workload: 'unknown',
      source_canonical_service: 'unknown',
      source_canonical_revision: 'unknown',
      source_workload_namespace: 'unknown',
      source_principal: 'unknown',
      source_app: 'unknown',
      source_version: 'unknown',
      source_cluster: 'unknown',
    };
  }
  return {
    source_workload: w.name,
    source_canonical_service: w.canonicalService,
    source_canonical_revision: w.canonicalRevision,
    source_workload_namespace: w.namespace,
    source_principal: mtls ? principalOf(w) : 'unknown',
    source_app: w.app ?? 'unknown',
    source_version: w.version ?? 'unknown',
    source_cluster: CLUSTER_ID,
  };
}

export function destinationLabels(
  service: ServiceRef,
  w: Workload | undefined,
  mtls: boolean,
): DestinationLabels {
  return {
    destination_service: service.host,
    destination_service_namespace: service.namespace,
    destination_service_name: service.name,
    destination_workload: w?.name ?? 'unknown',
    destination_canonical_service: w?.canonicalService ?? 'unknown',
    destination_canonical_revision: w?.canonicalRevision ?? 'unknown',
    destination_workload_namespace: w?.namespace ?? 'unknown',
    destination_principal: w && mtls ? principalOf(w) : 'unknown',
    destination_app: w?.app ?? 'unknown',
    destination_version: w?.version ?? 'unknown',
    destination_cluster: w ? CLUSTER_ID : 'unknown',
  };
}

interface HttpSeries {
  requests: CounterSeries;
  duration: HistogramSeries;
  requestBytes: HistogramSeries;
  responseBytes: HistogramSeries;
}

interface TcpSeries {
  sent: CounterSeries;
  received: CounterSeries;
  opened: CounterSeries;
  closed: CounterSeries;
}

/**
 * Turns observations into Istio's metrics. The full label string (~700 characters) is built once
 * per distinct outcome; later observations find their series through a short key. `reset()` drops
 * that cache when the cluster view (and so the Workload objects) is rebuilt; the series stay.
 */
export class MetricsRecorder implements TrafficSink {
  private httpCache = new Map<string, HttpSeries>();
  private tcpCache = new Map<string, TcpSeries>();

  constructor(private readonly metrics: IstioMetrics) {}

  reset(): void {
    this.httpCache = new Map();
    this.tcpCache = new Map();
  }

  http(o: HttpObservation): void {
    const key = `${o.reporter}|${o.source?.key ?? ''}|${o.service.host}|${o.service.namespace}|${o.service.name}|${o.destination?.key ?? ''}|${o.protocol}|${o.code}|${o.grpcStatus}|${o.flags}|${o.security}`;
    let s = this.httpCache.get(key);
    if (!s) {
      const mtls = o.security === 'mutual_tls';
      const labels = httpLabelString(
        o.reporter,
        peerLabelFragment(SOURCE_LABELS, sourceLabels(o.source, mtls)),
        peerLabelFragment(DESTINATION_LABELS, destinationLabels(o.service, o.destination, mtls)),
        o.protocol,
        o.code,
        o.grpcStatus,
        o.flags,
        o.security,
      );
      const m = this.metrics;
      s = {
        requests: m.requests.get(labels),
        duration: m.duration.get(labels),
        requestBytes: m.requestBytes.get(labels),
        responseBytes: m.responseBytes.get(labels),
      };
      this.httpCache.set(key, s);
    }
    s.requests.value++;
    this.metrics.duration.observe(s.duration, o.durationMs);
    this.metrics.requestBytes.observe(s.requestBytes, o.requestBytes);
    this.metrics.responseBytes.observe(s.responseBytes, o.responseBytes);
  }

  tcp(o: TcpObservation): void {
    const key = `${o.reporter}|${o.source?.key ?? ''}|${o.service.host}|${o.service.namespace}|${o.service.name}|${o.destination?.key ?? ''}|${o.flags}|${o.security}`;
    let s = this.tcpCache.get(key);
    if (!s) {
      const mtls = o.security === 'mutual_tls';
      const labels = tcpLabelString(
        o.reporter,
        peerLabelFragment(SOURCE_LABELS, sourceLabels(o.source, mtls)),
        peerLabelFragment(DESTINATION_LABELS, destinationLabels(o.service, o.destination, mtls)),
        o.flags,
        o.security,
      );
      const m = this.metrics;
      s = {
        sent: m.tcpSentBytes.get(labels),
        received: m.tcpReceivedBytes.get(labels),
        opened: m.tcpOpened.get(labels),
        closed: m.tcpClosed.get(labels),
      };
      this.tcpCache.set(key, s);
    }
    s.sent.value += o.sentBytes;
    s.received.value += o.receivedBytes;
    s.opened.value++;
    s.closed.value++;
  }
}
