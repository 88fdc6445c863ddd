import type { ClusterState, DestinationRuleSpec, VirtualServiceSpec } from '../cluster/clusterState.ts';
import { hostMatches, qualifyHost, serviceFqdn } from './hosts.ts';

/** The config badges the graph shows on a node (DESIGN.md "The graph"); absent means false. */
export interface ConfigBadges {
  hasVS?: true;
  hasDR?: true;
  hasCB?: true;
  hasFaultInjection?: true;
  hasTrafficShifting?: true;
  hasRequestTimeout?: true;
  hasMirroring?: true;
}
export type ConfigBadge = keyof ConfigBadges;

export interface BadgeIndex {
  /** Badges for a service as telemetry names it (`destination_service`, an FQDN or external host). */
  forHost(host: string): ConfigBadges;
  forService(namespace: string, name: string): ConfigBadges;
  forHosts(hosts: readonly string[]): ConfigBadges;
}

/**
 * Indexes every VirtualService and DestinationRule by the host it configures, once per graph. A bare
 * `*` host (a catch-all gateway route) badges nothing: it would mark every service of the mesh.
 */
export function configBadgeIndex(state: ClusterState): BadgeIndex {
  const namespaces = new Set(state.namespaces.map((n) => n.name));
  const domain = state.mesh.clusterDomain;
  const exact = new Map<string, ConfigBadges>();
  const wildcards: Array<{ pattern: string; badges: ConfigBadges }> = [];
  const add = (host: string, configNamespace: string, badges: ConfigBadges) => {
    const pattern = qualifyHost(host, configNamespace, namespaces, domain);
    if (pattern === '*') return;
    if (pattern.startsWith('*.')) wildcards.push({ pattern, badges });
    else exact.set(pattern, merge(exact.get(pattern), badges));
  };

  for (const vs of state.virtualServices) {
    const badges = virtualServiceBadges(vs.spec);
    for (const host of vs.spec.hosts ?? []) add(host, vs.namespace, badges);
  }
  for (const dr of state.destinationRules) {
    if (dr.spec.host) add(dr.spec.host, dr.namespace, destinationRuleBadges(dr.spec));
  }

  const forHost = (host: string): ConfigBadges => {
    const h = host.toLowerCase();
    let out = exact.get(h) ?? {};
    for (const w of wildcards) if (hostMatches(w.pattern, h)) out = merge(out, w.badges);
    return out;
  };
  return {
    forHost,
    forService: (namespace, name) => forHost(serviceFqdn(namespace, name, domain)),
    forHosts: (hosts) => hosts.reduce<ConfigBadges>((acc, h) => merge(acc, forHost(h)), {}),
  };
}

export function merge(a: ConfigBadges | undefined, b: ConfigBadges): ConfigBadges {
  return { ...a, ...b };
}

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
type RouteDestination = { weight?: number | string };

/** Destinations that actually receive traffic: weight unset (Istio's implicit share) or above zero. */
const weighted = (route: readonly RouteDestination[] | undefined): number =>
  (route ?? []).filter((d) => d.weight === undefined || Number(d.weight) > 0).length;

export function virtualServiceBadges(spec: VirtualServiceSpec): ConfigBadges {
  const badges: ConfigBadges = { hasVS: true };
  const http: readonly HttpRoute[] = spec.http ?? [];
  for (const rule of http) {
    if (rule.fault) badges.hasFaultInjection = true;
    if (rule.timeout) badges.hasRequestTimeout = true;
    if (rule.mirror || (rule.mirrors?.length ?? 0) > 0) badges.hasMirroring = true;
    if (weighted(rule.route) > 1) badges.hasTrafficShifting = true;
  }
  for (const rule of [...(spec.tcp ?? []), ...(spec.tls ?? [])]) {
    if (weighted(rule.route) > 1) badges.hasTrafficShifting = true;
  }
  return badges;
}

interface PolicyView {
  connectionPool?: unknown;
  outlierDetection?: unknown;
  portLevelSettings?: ReadonlyArray<{ connectionPool?: unknown; outlierDetection?: unknown }>;
}

/** Circuit breaking in Istio is a connection pool limit or outlier detection, at any level of the rule. */
function hasCircuitBreaker(policy: PolicyView | undefined): boolean {
  if (!policy) return false;
  if (policy.connectionPool || policy.outlierDetection) return true;
  return (policy.portLevelSettings ?? []).some((p) => p.connectionPool || p.outlierDetection);
}

export function destinationRuleBadges(spec: DestinationRuleSpec): ConfigBadges {
  const badges: ConfigBadges = { hasDR: true };
  // The generated subset and top-level policy types differ only in depth; both are read through PolicyView.
  const policies: Array<PolicyView | undefined> = [
    spec.trafficPolicy as PolicyView | undefined,
    ...(spec.subsets ?? []).map((s) => s.trafficPolicy as PolicyView | undefined),
  ];
  if (policies.some(hasCircuitBreaker)) badges.hasCB = true;
  return badges;
}
