import type { IstioKind, ObjectRef } from '@sextant/contracts';
import type {
  ClusterState,
  DestinationRuleSpec,
  GatewaySpec,
  IstioObject,
  PeerAuthenticationSpec,
  ServiceEntryInfo,
  ServiceInfo,
  VirtualServiceSpec,
  WorkloadInfo,
} from '../cluster/clusterState.ts';
import { selectorMatches } from '../cluster/clusterState.ts';
import { asRecord, asStringList } from '../cluster/json.ts';
import { hostMatches, qualifyHost, serviceFqdn } from '../istio/hosts.ts';
import { gatewaySet } from './gateways.ts';

/**
 * An Istio object as the API returns it or a user typed it. Generated models
 * (`IVirtualService`...), the contracts' `IstioObjectJson` and plain JSON all fit. The spec stays
 * `unknown` on purpose: validation also runs on edits nobody has checked yet (dry runs, YAML typed
 * in the editor), so every check reads it defensively and never throws on a malformed field.
 */
export interface IstioConfigObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly creationTimestamp?: string | Date;
  };
  readonly spec?: unknown;
}

const KINDS: ReadonlySet<string> = new Set<IstioKind>([
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
]);

/** Kind, namespace and name of an addressable Istio object; undefined for anything else. */
export function objectRefOf(obj: IstioConfigObject): ObjectRef | undefined {
  const name = obj.metadata?.name;
  const namespace = obj.metadata?.namespace;
  if (!name || !namespace || !KINDS.has(obj.kind)) return undefined;
  return { kind: obj.kind as IstioKind, namespace, name };
}

/** What the checks look things up in: the cluster with the objects under validation laid over it. */
export interface ValidationContext {
  readonly state: ClusterState;
  readonly domain: string;
  readonly rootNamespace: string;
  readonly knownNamespaces: ReadonlySet<string>;
  /** Qualifies a host written in a config object of `namespace` (see `qualifyHost`). */
  qualify(host: string, namespace: string): string;
  serviceByFqdn(fqdn: string): ServiceInfo | undefined;
  /** ServiceEntries visible from `namespace` with a host pattern matching `host`. */
  serviceEntriesFor(host: string, namespace: string): ServiceEntryInfo[];
  /** Services whose FQDN matches a (possibly wildcard) host pattern. */
  servicesMatching(pattern: string): ServiceInfo[];
  /** Workloads a Service selects. */
  workloadsOf(service: ServiceInfo): WorkloadInfo[];
  /** DestinationRules visible from `namespace` whose host pattern matches `fqdn`. */
  destinationRulesFor(fqdn: string, namespace: string): Array<IstioObject<DestinationRuleSpec>>;
  /** DestinationRules whose host, qualified, is exactly `pattern` (wildcards included). */
  destinationRulesWithHost(pattern: string): Array<IstioObject<DestinationRuleSpec>>;
  hasGateway(namespace: string, name: string): boolean;
  /** VirtualServices listing `fqdn` (qualified) among their hosts, with their gateways and export scope. */
  virtualServicesClaiming(fqdn: string): readonly HostClaim[];
}

export interface HostClaim {
  namespace: string;
  name: string;
  /** `namespace/name` of each gateway, or `mesh`. */
  gateways: ReadonlySet<string>;
  scope: ReadonlySet<string> | '*';
}

/**
 * The context for validating `objects` against `cluster`: an object replaces the cluster's copy of
 * the same kind, namespace and name (or joins the cluster), so an edit is judged as if it were
 * applied, and cross-object checks see the edited version rather than the live one.
 */
export function validationContext(
  cluster: ClusterState,
  objects: readonly IstioConfigObject[] = [],
): ValidationContext {
  const state = overlay(cluster, objects);
  const domain = state.mesh.clusterDomain;
  const knownNamespaces = new Set(state.namespaces.map((n) => n.name));
  const services = new Map(state.services.map((s) => [serviceFqdn(s.namespace, s.name, domain), s]));
  const gateways = new Set(state.gateways.map((g) => `${g.namespace}/${g.name}`));
  const qualify = (host: string, namespace: string) => qualifyHost(host, namespace, knownNamespaces, domain);
  // Indexed once per context: checks look these up for every destination and host.
  const exactRules = new Map<string, RuleEntry[]>();
  const wildcardRules: RuleEntry[] = [];
  for (const dr of state.destinationRules) {
    const host = typeof dr.spec.host === 'string' ? dr.spec.host : undefined;
    if (!host) continue;
    const entry = { dr, pattern: qualify(host, dr.namespace), exportTo: asStringList(dr.spec.exportTo) };
    if (entry.pattern.includes('*')) wildcardRules.push(entry);
    else exactRules.set(entry.pattern, [...(exactRules.get(entry.pattern) ?? []), entry]);
  }
  const workloadsByNamespace = new Map<string, WorkloadInfo[]>();
  for (const w of state.workloads) {
    workloadsByNamespace.set(w.namespace, [...(workloadsByNamespace.get(w.namespace) ?? []), w]);
  }
  let claims: Map<string, HostClaim[]> | undefined;
  const claimsByHost = (): Map<string, HostClaim[]> => {
    if (claims) return claims;
    claims = new Map();
    for (const vs of state.virtualServices) {
      const spec = asRecord(vs.spec);
      const claim: HostClaim = {
        namespace: vs.namespace,
        name: vs.name,
        gateways: gatewaySet(spec, vs.namespace),
        scope: exportScope(asStringList(spec.exportTo), vs.namespace),
      };
      for (const h of new Set(asStringList(spec.hosts).map((x) => qualify(x, vs.namespace)))) {
        claims.set(h, [...(claims.get(h) ?? []), claim]);
      }
    }
    return claims;
  };

  return {
    state,
    domain,
    rootNamespace: state.mesh.rootNamespace,
    knownNamespaces,
    qualify,
    serviceByFqdn: (fqdn) => services.get(fqdn),
    serviceEntriesFor: (host, namespace) =>
      state.serviceEntries.filter(
        (se) =>
          visibleFrom(se.exportTo, se.namespace, namespace) && se.hosts.some((h) => hostMatches(h, host)),
      ),
    servicesMatching: (pattern) =>
      [...services].filter(([fqdn]) => hostMatches(pattern, fqdn)).map(([, s]) => s),
    workloadsOf: (service) =>
      (workloadsByNamespace.get(service.namespace) ?? []).filter((w) =>
        selectorMatches(service.selector, w.labels),
      ),
    destinationRulesFor: (fqdn, namespace) =>
      [...(exactRules.get(fqdn) ?? []), ...wildcardRules]
        .filter((r) => visibleFrom(r.exportTo, r.dr.namespace, namespace) && hostMatches(r.pattern, fqdn))
        .map((r) => r.dr),
    destinationRulesWithHost: (pattern) =>
      (pattern.includes('*')
        ? wildcardRules.filter((r) => r.pattern === pattern)
        : (exactRules.get(pattern) ?? [])
      ).map((r) => r.dr),
    hasGateway: (namespace, name) => gateways.has(`${namespace}/${name}`),
    virtualServicesClaiming: (fqdn) => claimsByHost().get(fqdn) ?? [],
  };
}

interface RuleEntry {
  dr: IstioObject<DestinationRuleSpec>;
  /** The rule's host, qualified in its namespace. */
  pattern: string;
  exportTo: string[];
}

/** Istio's `exportTo`: empty or `*` is everywhere, `.` the object's own namespace, else the namespaces listed. */
export function visibleFrom(exportTo: readonly string[], ownNamespace: string, namespace: string): boolean {
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && ownNamespace === namespace));
}

/** The namespaces an object is exported to, `'*'` for all. */
export function exportScope(exportTo: readonly string[], ownNamespace: string): ReadonlySet<string> | '*' {
  if (exportTo.length === 0 || exportTo.includes('*')) return '*';
  return new Set(exportTo.map((e) => (e === '.' ? ownNamespace : e)));
}

export function scopesOverlap(a: ReadonlySet<string> | '*', b: ReadonlySet<string> | '*'): boolean {
  if (a === '*' || b === '*') return true;
  return [...a].some((ns) => b.has(ns));
}

function overlay(cluster: ClusterState, objects: readonly IstioConfigObject[]): ClusterState {
  const byKind = (kind: IstioKind) =>
    objects.flatMap((o) => {
      const ref = o.kind === kind ? objectRefOf(o) : undefined;
      return ref ? [{ ref, obj: o }] : [];
    });
  const replace = <T extends { namespace: string; name: string }>(
    list: readonly T[],
    kind: IstioKind,
    convert: (ref: ObjectRef, obj: IstioConfigObject) => T,
  ): T[] => {
    const added = byKind(kind);
    if (added.length === 0) return [...list];
    const ids = new Set(added.map((a) => `${a.ref.namespace}/${a.ref.name}`));
    return [
      ...list.filter((x) => !ids.has(`${x.namespace}/${x.name}`)),
      ...added.map((a) => convert(a.ref, a.obj)),
    ];
  };
  return {
    ...cluster,
    virtualServices: replace(cluster.virtualServices, 'VirtualService', toIstioObject<VirtualServiceSpec>),
    destinationRules: replace(
      cluster.destinationRules,
      'DestinationRule',
      toIstioObject<DestinationRuleSpec>,
    ),
    gateways: replace(cluster.gateways, 'Gateway', toIstioObject<GatewaySpec>),
    peerAuthentications: replace(
      cluster.peerAuthentications,
      'PeerAuthentication',
      toIstioObject<PeerAuthenticationSpec>,
    ),
    serviceEntries: replace(cluster.serviceEntries, 'ServiceEntry', toServiceEntryInfo),
  };
}

/** Same reading as `toClusterState`: the spec is passed on as is, and every check reads it defensively. */
function toIstioObject<Spec>(ref: ObjectRef, obj: IstioConfigObject): IstioObject<Spec> {
  const ts = obj.metadata?.creationTimestamp;
  const created = ts instanceof Date ? ts.toISOString() : ts;
  return {
    namespace: ref.namespace,
    name: ref.name,
    ...(created ? { created } : {}),
    spec: asRecord(obj.spec) as Spec,
  };
}

function toServiceEntryInfo(ref: ObjectRef, obj: IstioConfigObject): ServiceEntryInfo {
  const spec = asRecord(obj.spec);
  return {
    namespace: ref.namespace,
    name: ref.name,
    hosts: asStringList(spec.hosts).map((h) => h.toLowerCase()),
    location: spec.location === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
    exportTo: asStringList(spec.exportTo),
  };
}
