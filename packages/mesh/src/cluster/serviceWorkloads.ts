import type { ServiceSummary, ServiceWorkload, ServiceWorkloads } from '@sextant/contracts';
import { selectorMatches, type ClusterState, type ServiceInfo } from './clusterState.ts';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** A Service as the HTTP API shows it. */
export function serviceSummary(s: ServiceInfo): ServiceSummary {
  return {
    name: s.name,
    namespace: s.namespace,
    selector: { ...s.selector },
    ports: s.ports.map((p) => ({
      ...(p.name !== undefined ? { name: p.name } : {}),
      port: p.port,
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
    })),
    labels: { ...s.labels },
    ...(s.type !== undefined ? { type: s.type } : {}),
    ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP } : {}),
  };
}

/** The Services of `namespace`, sorted by name. */
export function servicesOf(cluster: ClusterState, namespace: string): ServiceSummary[] {
  return cluster.services
    .filter((s) => s.namespace === namespace)
    .map(serviceSummary)
    .sort(byName);
}

/** The workloads `service` selects (Kubernetes selector semantics on pod template labels), sorted. */
export function selectedWorkloads(cluster: ClusterState, service: ServiceInfo): ServiceWorkload[] {
  return cluster.workloads
    .filter((w) => w.namespace === service.namespace && selectorMatches(service.selector, w.labels))
    .map((w) => ({
      name: w.name,
      kind: 'Deployment' as const,
      labels: { ...w.labels },
      replicas: w.desiredReplicas,
      readyReplicas: w.readyReplicas,
    }))
    .sort(byName);
}

/**
 * The workloads a Service selects (its selector against their pod template labels, Kubernetes
 * semantics), with those labels; undefined when the Service does not exist.
 */
export function serviceWorkloads(
  cluster: ClusterState,
  namespace: string,
  name: string,
): ServiceWorkloads | undefined {
  const service = cluster.services.find((s) => s.namespace === namespace && s.name === name);
  if (!service) return undefined;
  return {
    service: service.name,
    namespace,
    selector: { ...service.selector },
    workloads: selectedWorkloads(cluster, service),
  };
}
