import type { ClusterView, ExternalHost, KubeService, Protocol, Workload } from './cluster.ts';
import { selectorMatches } from './cluster.ts';
import { destinationTls, findSubset, selectDestinationRule } from './destinationRule.ts';
import { dnsCandidates, hostMatches, splitServiceFqdn } from './hosts.ts';
import { connectionSecurity, type ConnectionSecurity } from './mtls.ts';
import { effectiveMtlsMode } from './peerAuthentication.ts';

/** What the `destination_service*` labels say about where a request went. */
export interface ServiceRef {
  /** destination_service: FQDN for Kubernetes services, the host for ServiceEntries. */
  host: string;
  name: string;
  namespace: string;
}

export const UNKNOWN_SERVICE: ServiceRef = { host: 'unknown', name: 'unknown', namespace: 'unknown' };

export interface Endpoint {
  workload: Workload;
  /** Ready pods of this workload behind the destination: load balancing is per pod. */
  weight: number;
  security: ConnectionSecurity;
}

/** A resolved upstream: the cluster Envoy would send to, with its endpoints. */
export type Target =
  | {
      kind: 'pods';
      service: ServiceRef;
      port: number;
      protocol: Protocol;
      /** Empty: no healthy upstream (503 UH). */
      endpoints: Endpoint[];
      cumulative: number[];
    }
  | { kind: 'external'; service: ServiceRef; host: string; port: number; protocol: Protocol }
  /** A subset no DestinationRule defines: Envoy has no such cluster (503 NR). */
  | { kind: 'missingSubset'; service: ServiceRef; protocol: Protocol }
  /** A cluster-local name that does not resolve: the app's DNS lookup fails; no proxy sees a request. */
  | { kind: 'unresolvable'; service: ServiceRef; protocol: Protocol };

/** Who sends a request: needed for DestinationRule lookup and for TLS origination. */
export interface SourceInfo {
  workload: Workload;
  hasProxy: boolean;
}

export type ResolvedHost =
  | { kind: 'service'; service: KubeService }
  | { kind: 'external'; external: ExternalHost; host: string }
  | { kind: 'unknown'; host: string };

/** Resolves a host an app dials (search path for short names) or a host in routing config (already qualified). */
export function resolveHost(view: ClusterView, address: string, namespace: string | undefined): ResolvedHost {
  const candidates = namespace === undefined ? [address.toLowerCase()] : dnsCandidates(address, namespace);
  for (const c of candidates) {
    const service = view.services.get(c);
    if (service) return { kind: 'service', service };
  }
  const host = candidates[candidates.length - 1]!;
  const external = findExternal(view, host);
  if (external) return { kind: 'external', external, host };
  return { kind: 'unknown', host };
}

export function findExternal(view: ClusterView, host: string): ExternalHost | undefined {
  return (
    view.externalHosts.find((e) => e.host === host) ??
    view.externalHosts.find((e) => hostMatches(e.host, host))
  );
}

export function serviceRefOf(service: KubeService): ServiceRef {
  return { host: service.fqdn, name: service.name, namespace: service.namespace };
}

/** Builds and caches targets for one compile of the routing table. */
export class TargetResolver {
  private readonly cache = new Map<string, Target>();
  constructor(private readonly view: ClusterView) {}

  /**
   * The target for `host` (qualified), optional subset and port, as seen from `source`. Unmeshed
   * sources have no DestinationRules or subsets: kube-proxy spreads over every ready pod.
   */
  target(
    source: SourceInfo,
    resolved: ResolvedHost,
    subset: string | undefined,
    port: number,
    protocolHint: Protocol,
  ): Target {
    const key = `${source.workload.namespace}|${source.hasProxy}|${resolvedKey(resolved)}|${subset ?? ''}|${port}|${protocolHint}`;
    let t = this.cache.get(key);
    if (!t) this.cache.set(key, (t = this.build(source, resolved, subset, port, protocolHint)));
    return t;
  }

  private build(
    source: SourceInfo,
    resolved: ResolvedHost,
    subset: string | undefined,
    port: number,
    hint: Protocol,
  ): Target {
    const view = this.view;
    if (resolved.kind === 'external') {
      const p = resolved.external.ports.find((x) => x.number === port);
      const service = { host: resolved.host, name: resolved.host, namespace: resolved.external.namespace };
      return { kind: 'external', service, host: resolved.host, port, protocol: p?.protocol ?? hint };
    }
    if (resolved.kind === 'unknown') {
      const local = splitServiceFqdn(resolved.host);
      if (local || resolved.host.endsWith('.cluster.local')) {
        return {
          kind: 'unresolvable',
          service: {
            host: resolved.host,
            name: local?.name ?? resolved.host,
            namespace: local?.namespace ?? 'unknown',
          },
          protocol: hint,
        };
      }
      // Istio's default outboundTrafficPolicy ALLOW_ANY sends unknown hosts through PassthroughCluster.
      const service = { host: resolved.host, name: 'PassthroughCluster', namespace: 'unknown' };
      return { kind: 'external', service, host: resolved.host, port, protocol: hint };
    }

    const svc = resolved.service;
    const svcPort =
      svc.ports.find((p) => p.port === port) ?? (svc.ports.length === 1 ? svc.ports[0] : undefined);
    const protocol = svcPort?.protocol ?? hint;
    const targetPort = svcPort?.targetPort ?? port;
    const service = serviceRefOf(svc);
    const dr = source.hasProxy
      ? selectDestinationRule(
          view.destinationRules,
          svc.fqdn,
          source.workload.namespace,
          svc.namespace,
          view.rootNamespace,
        )
      : undefined;

    let pods = svc.pods;
    if (subset !== undefined && source.hasProxy) {
      const s = findSubset(dr, subset);
      if (!s.found) return { kind: 'missingSubset', service, protocol };
      pods = pods.filter((p) => selectorMatches(s.labels, p.labels));
    }
    const drTls = destinationTls(dr, subset, svcPort?.port ?? port);

    const byWorkload = new Map<Workload, number>();
    for (const pod of pods) byWorkload.set(pod.workload, (byWorkload.get(pod.workload) ?? 0) + 1);
    const endpoints: Endpoint[] = [];
    for (const [workload, weight] of byWorkload) {
      const serverMode = effectiveMtlsMode(
        view.peerAuthentications,
        workload,
        targetPort,
        view.rootNamespace,
      );
      const security = connectionSecurity({
        clientHasProxy: source.hasProxy,
        drTls,
        serverHasProxy: workload.hasSidecar,
        serverMode,
      });
      endpoints.push({ workload, weight, security });
    }
    let sum = 0;
    const cumulative = endpoints.map((e) => (sum += e.weight));
    return { kind: 'pods', service, port: svcPort?.port ?? port, protocol, endpoints, cumulative };
  }
}

function resolvedKey(r: ResolvedHost): string {
  switch (r.kind) {
    case 'service':
      return r.service.fqdn;
    case 'external':
    case 'unknown':
      return `${r.kind}:${r.host}`;
  }
}
