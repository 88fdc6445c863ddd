import type { Protocol } from '@sextant/contracts';
import type { Endpoint } from './identity.ts';
import { isOK, UNKNOWN } from './identity.ts';
import { EDGE_LABELS } from './queries.ts';
import type { PromSample } from './types.ts';

/**
 * Prometheus samples -> telemetry series the graph is built from, with Kiali's corrections for
 * known telemetry problems (kiali `graph/telemetry/istio/util`): missing clusters, egress gateway
 * traffic, destinations reported as an IP address during pod churn, no-response codes.
 */

/** Which proxy's report (waypoint reports are asked for with the side they stand for). */
export type Reporter = 'source' | 'destination';

export interface Series {
  /** The Prometheus metric, part of what makes two series the same telemetry. */
  metric: string;
  reporter: Reporter;
  /** Raw labels, for the per-namespace selections Kiali makes in PromQL. */
  raw: Readonly<Record<string, string>>;
  /** The edge labels' values joined: one key per edge-labels set. */
  labelsKey: string;
  source: Endpoint;
  dest: Endpoint;
  protocol: Protocol;
  /** HTTP code, gRPC status, `-` for no response (any protocol) and for TCP. */
  code: string;
  flags: string;
  /** `destination_service`: the host the caller asked for. */
  host: string;
  securityPolicy: string | undefined;
  sourcePrincipal: string | undefined;
  destPrincipal: string | undefined;
  /** Per second: requests, bytes or messages. */
  rate: number;
}

export interface SeriesOptions {
  /** Where Istio's egress gateway lives (Kiali's `istio_namespace`). */
  istioNamespace: string;
}

const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+(:\d+)?$/;

const label = (m: Readonly<Record<string, string>>, name: string): string => m[name] ?? '';
/** Prometheus drops empty labels: a label counts as reported when it has a value. */
const reported = (m: Readonly<Record<string, string>>, name: string): boolean => (m[name] ?? '') !== '';

/** Kiali's response code: `-` for no response; the gRPC status for gRPC unless HTTP itself failed. */
export function responseCode(protocol: string, responseCode: string, grpcStatus: string | undefined): string {
  if (responseCode === '0') return '-';
  if (protocol !== 'grpc' || isHttpError(responseCode) || grpcStatus === undefined || grpcStatus === '')
    return responseCode;
  return grpcStatus;
}

export const isHttpError = (code: string): boolean => code.startsWith('4') || code.startsWith('5');

/**
 * One sample as a series, or undefined when Kiali would skip it as bad telemetry. `kind` says
 * what the metric counts: requests (protocol from `request_protocol`), TCP bytes or gRPC messages.
 */
export function toSeries(
  s: PromSample,
  metric: string,
  kind: 'requests' | 'tcp' | 'grpcMessages',
  reporter: 'source' | 'destination',
  options: SeriesOptions,
): Series | undefined {
  const m = s.metric;
  const sourceCluster = reported(m, 'source_cluster') ? label(m, 'source_cluster') : UNKNOWN;
  let destCluster = reported(m, 'destination_cluster') ? label(m, 'destination_cluster') : UNKNOWN;
  const source: Endpoint = {
    cluster: sourceCluster,
    serviceNamespace: label(m, 'source_workload_namespace'),
    service: '',
    workloadNamespace: label(m, 'source_workload_namespace'),
    workload: label(m, 'source_workload'),
    app: label(m, 'source_canonical_service'),
    version: label(m, 'source_canonical_revision'),
  };
  // Bad source telemetry: a namespace but neither workload nor app; a namespace with an unknown cluster.
  if (isOK(source.workloadNamespace) && !isOK(source.workload) && !isOK(source.app)) return undefined;
  if (isOK(source.workloadNamespace) && reported(m, 'source_cluster') && !isOK(sourceCluster))
    return undefined;

  const host = label(m, 'destination_service');
  let dest: Endpoint;
  const egressHost = `istio-egressgateway.${options.istioNamespace}.svc.cluster.local`;
  if (host === egressHost && host === label(m, 'destination_service_name')) {
    // kiali#2999: requests to the egress gateway's service are drawn as the egress gateway.
    const ns = options.istioNamespace;
    destCluster = sourceCluster;
    dest = {
      cluster: destCluster,
      serviceNamespace: ns,
      service: 'istio-egressgateway',
      workloadNamespace: ns,
      workload: 'istio-egressgateway',
      app: 'istio-egressgateway',
      version: 'latest',
    };
  } else {
    const serviceNamespace = label(m, 'destination_service_namespace');
    // istio#29373: an unknown destination cluster is taken to be the source's.
    if (!isOK(destCluster) && isOK(sourceCluster) && isOK(serviceNamespace)) destCluster = sourceCluster;
    dest = {
      cluster: destCluster,
      serviceNamespace,
      service: label(m, 'destination_service_name'),
      workloadNamespace: label(m, 'destination_workload_namespace'),
      workload: label(m, 'destination_workload'),
      app: label(m, 'destination_canonical_service'),
      version: label(m, 'destination_canonical_revision'),
    };
  }
  // Bad destination telemetry: an IP address for a service during pod churn; a service namespace
  // with an unknown cluster.
  if (
    !isOK(dest.workload) &&
    isOK(host) &&
    isOK(dest.service) &&
    host === dest.service &&
    IP_ADDRESS.test(dest.service)
  )
    return undefined;
  if (isOK(dest.serviceNamespace) && reported(m, 'destination_cluster') && !isOK(destCluster))
    return undefined;

  let protocol: Protocol;
  let code: string;
  let flags: string;
  switch (kind) {
    case 'requests': {
      protocol = label(m, 'request_protocol') === 'grpc' ? 'grpc' : 'http';
      code = responseCode(protocol, label(m, 'response_code') || '0', m.grpc_response_status);
      flags = label(m, 'response_flags');
      break;
    }
    case 'tcp':
      protocol = 'tcp';
      code = '-';
      flags = label(m, 'response_flags');
      break;
    case 'grpcMessages':
      protocol = 'grpc';
      code = '';
      flags = '';
      break;
  }
  let labelsKey = '';
  for (const l of EDGE_LABELS) labelsKey += `${m[l] ?? ''}\u0000`;
  return {
    metric,
    reporter,
    raw: m,
    labelsKey,
    source,
    dest,
    protocol,
    code,
    flags,
    host,
    securityPolicy: reported(m, 'connection_security_policy')
      ? label(m, 'connection_security_policy')
      : undefined,
    sourcePrincipal: isOK(label(m, 'source_principal')) ? label(m, 'source_principal') : undefined,
    destPrincipal: isOK(label(m, 'destination_principal')) ? label(m, 'destination_principal') : undefined,
    rate: s.value,
  };
}
