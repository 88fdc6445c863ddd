import type { Health, WorkloadWarning } from '@sextant/contracts';
import { selectorMatches, type ClusterState, type ServiceInfo } from '../cluster/clusterState.ts';
import type { PromSample } from '../graph/types.ts';
import { escapePromString } from '../promql/escape.ts';
import { entityHealth } from './entityHealth.ts';
import { healthCodeOf, type RatesByCode } from './requestHealth.ts';
import type { Tolerance } from './tolerance.ts';

/**
 * Health of Services (the Services list): a Service only receives, so it is judged by the requests
 * sent to it, as Kiali's service health is. They count where they were meant to arrive: what the
 * pods' proxies reported (`reporter="destination"`) plus what callers reported for requests that
 * never reached a pod (`destination_workload="unknown"`: no healthy upstream, a Deployment scaled to
 * 0). The raw series of the two differ by `reporter`, so `or` keeps both and nothing counts twice.
 */
export function serviceHealthQuery(namespace: string, rateSeconds: number): string {
  const ns = `destination_service_namespace="${escapePromString(namespace)}"`;
  return (
    'sum by (destination_service_name,request_protocol,response_code,grpc_response_status) (' +
    `rate(istio_requests_total{reporter="destination",${ns}}[${rateSeconds}s]) or ` +
    `rate(istio_requests_total{reporter="source",destination_workload="unknown",${ns}}[${rateSeconds}s]))`
  );
}

/** The samples of `serviceHealthQuery` by Service name. */
export function serviceRates(samples: readonly PromSample[]): Map<string, RatesByCode> {
  const out = new Map<string, { http: Map<string, number>; grpc: Map<string, number> }>();
  for (const { metric, value } of samples) {
    const name = metric['destination_service_name'];
    const counted = healthCodeOf(metric);
    if (!name || !counted || !Number.isFinite(value) || value <= 0) continue;
    const { protocol: p, code } = counted;
    let rates = out.get(name);
    if (!rates) out.set(name, (rates = { http: new Map(), grpc: new Map() }));
    rates[p].set(code, (rates[p].get(code) ?? 0) + value);
  }
  return out;
}

/** A Service's health by the one rule: what it received, no pods of its own. */
export function serviceHealth(rates: RatesByCode | undefined, tolerances: readonly Tolerance[]): Health {
  return entityHealth({ replicas: [], inbound: rates, outbound: undefined, tolerances });
}

/** Why a Service may not work in the mesh as expected, in words. */
export function serviceWarnings(state: ClusterState, service: ServiceInfo): WorkloadWarning[] {
  const selected = state.workloads.filter(
    (w) => w.namespace === service.namespace && selectorMatches(service.selector, w.labels),
  );
  if (selected.length === 0) {
    // A selector-less Service is fed by Endpoints someone else manages: not a mistake.
    if (Object.keys(service.selector ?? {}).length === 0) return [];
    return [
      {
        code: 'noWorkloads',
        message: `${service.name} selects no workload: requests to it have nowhere to go`,
      },
    ];
  }
  const outside = selected.filter((w) => !w.hasSidecar).map((w) => w.name);
  if (outside.length === 0) return [];
  return [
    {
      code: 'missingSidecar',
      message: `${outside.join(', ')} behind ${service.name} ${outside.length === 1 ? 'has' : 'have'} no istio-proxy sidecar: that traffic is outside the mesh`,
    },
  ];
}
