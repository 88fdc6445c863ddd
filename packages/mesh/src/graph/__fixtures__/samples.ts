import type { PromSample } from '../types.ts';

/** Hand-written Istio samples for the builder's table tests: one side of a request as telemetry names it. */
export interface Side {
  cluster?: string;
  namespace: string;
  workload: string;
  app?: string;
  version?: string;
}

export interface Target extends Side {
  /** `destination_service_name`; default the app. */
  service?: string;
  /** `destination_service`; default `<service>.<namespace>.svc.cluster.local`. */
  host?: string;
  /** `destination_service_namespace`; default the namespace. */
  serviceNamespace?: string;
}

export const wl = (namespace: string, workload: string, app?: string, version = 'v1'): Side => ({
  namespace,
  workload,
  app: app ?? workload.replace(/-v\d+$/, ''),
  version,
});

export const UNKNOWN_CALLER: Side = {
  cluster: 'unknown',
  namespace: 'unknown',
  workload: 'unknown',
  app: 'unknown',
  version: 'unknown',
};

export interface SampleExtra {
  code?: string;
  grpc?: string;
  flags?: string;
  protocol?: 'http' | 'grpc';
  mtls?: boolean;
}

function labels(from: Side, to: Target): Record<string, string> {
  const service = to.service ?? to.app ?? to.workload;
  const serviceNamespace = to.serviceNamespace ?? to.namespace;
  const out: Record<string, string> = {
    source_cluster: from.cluster ?? 'Kubernetes',
    source_workload_namespace: from.namespace,
    source_workload: from.workload,
    source_canonical_service: from.app ?? from.workload,
    source_canonical_revision: from.version ?? 'latest',
    destination_cluster: to.cluster ?? 'Kubernetes',
    destination_service_namespace: serviceNamespace,
    destination_service: to.host ?? `${service}.${serviceNamespace}.svc.cluster.local`,
    destination_service_name: service,
    destination_workload_namespace: to.namespace,
    destination_workload: to.workload,
    destination_canonical_service: to.app ?? to.workload,
    destination_canonical_revision: to.version ?? 'latest',
  };
  // Prometheus never returns empty labels.
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

/** An `istio_requests_total` rate as one reporter saw it. */
export function req(from: Side, to: Target, rate: number, extra: SampleExtra = {}): PromSample {
  const protocol = extra.protocol ?? 'http';
  return {
    metric: {
      ...labels(from, to),
      request_protocol: protocol,
      response_code: extra.code ?? '200',
      ...(protocol === 'grpc' ? { grpc_response_status: extra.grpc ?? '0' } : {}),
      response_flags: extra.flags ?? '-',
      connection_security_policy: extra.mtls === false ? 'none' : 'mutual_tls',
    },
    value: rate,
  };
}

/** A TCP bytes rate. */
export function tcp(
  from: Side,
  to: Target,
  rate: number,
  extra: { flags?: string; mtls?: boolean } = {},
): PromSample {
  return {
    metric: {
      ...labels(from, to),
      response_flags: extra.flags ?? '-',
      connection_security_policy: extra.mtls === false ? 'none' : 'mutual_tls',
    },
    value: rate,
  };
}

/** A per-edge measure (response time, bytes). */
export function measure(
  from: Side,
  to: Target,
  value: number,
  protocol: 'http' | 'grpc' = 'http',
): PromSample {
  return { metric: { ...labels(from, to), request_protocol: protocol }, value };
}
