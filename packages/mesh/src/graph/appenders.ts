import type {
  ClusterState,
  ServiceEntryInfo,
  VirtualServiceSpec,
  WorkloadInfo,
} from '../cluster/clusterState.ts';
import { destinationRuleBadges } from '../istio/configBadges.ts';
import type { ClusterLookup } from './clusterLookup.ts';
import { qualifyHost, serviceFqdn } from '../istio/hosts.ts';
import type { GraphType } from '@sextant/contracts';
import type { Endpoint } from './identity.ts';
import { isOK, isOKVersion, nodeIdentity, serviceEndpoint, UNKNOWN } from './identity.ts';
import type { GraphNode, ServiceName, TrafficMap } from './trafficMap.ts';
import { add, aggregateEdge, GraphEdge, setEdges } from './trafficMap.ts';

/**
 * Kiali's namespace appenders that read the cluster (kiali `graph/telemetry/istio/appender`):
 * serviceEntry, deadNode, idleNode, istio (badges, gateways, service app labels) and meshCheck.
 * Each takes one namespace's map before the maps are merged, as in Kiali.
 */

export interface AppenderContext {
  state: ClusterState;
  lookup: ClusterLookup;
  graphType: GraphType;
  injectServiceNodes: boolean;
  /** Namespaces the user can read (see `accessKey`). */
  accessible: ReadonlySet<string>;
}

/**
 * Kiali keys readable namespaces by cluster and namespace. Sextant watches one cluster and reads
 * the other clusters of a multi-cluster mesh only through telemetry, so it takes a namespace it can
 * read at home to be readable in every cluster (the usual multi-cluster set-up: the same
 * namespaces everywhere); a namespace it cannot read is inaccessible everywhere.
 */
export const accessKey = (_cluster: string, namespace: string): string => namespace;

const nodeRatesActive = (n: GraphNode): boolean => {
  for (const [k, v] of n.rates) if ((k.endsWith('In') || k.endsWith('Out')) && v > 0) return true;
  return false;
};

/** What `serviceEntry` found: the entry node's `isServiceEntry` (Kiali's SEInfo). */
export interface ServiceEntryMark {
  hosts: string[];
  location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  namespace: string;
}

const exportedTo = (se: ServiceEntryInfo, namespace: string): boolean =>
  se.exportTo.length === 0 ||
  se.exportTo.some((x) => x === '*' || x === namespace || (x === '.' && se.namespace === namespace));

/** Exported to some namespaces only (`.` or names), not to every namespace. */
const exportedNarrowly = (se: ServiceEntryInfo): boolean =>
  se.exportTo.length > 0 && !se.exportTo.includes('*');

/**
 * The ServiceEntry a service name stands for, seen from a namespace of our cluster (the only one
 * whose entries Sextant reads): exact hosts first, then internal short names. Of several entries
 * for one host, one exported narrowly wins over one exported to all, as in Kiali; entries of
 * namespaces the user cannot read do not count.
 */
function findServiceEntry(
  ctx: AppenderContext,
  cluster: string,
  namespace: string,
  service: string,
): ServiceEntryInfo | undefined {
  if (cluster !== ctx.state.clusterName || !ctx.accessible.has(accessKey(cluster, namespace)))
    return undefined;
  const entries = ctx.lookup.serviceEntries
    .filter((se) => ctx.accessible.has(accessKey(cluster, se.namespace)) && exportedTo(se, namespace))
    .sort(
      (a, b) =>
        Number(exportedNarrowly(b)) - Number(exportedNarrowly(a)) ||
        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
  const exact = entries.find((se) => se.hosts.includes(service));
  if (exact) return exact;
  return entries.find(
    (se) =>
      se.location === 'MESH_INTERNAL' &&
      se.hosts.some((h) => {
        const parts = h.split('.');
        return !(parts.length === 3 && parts[2] === 'global') && parts[0] === service;
      }),
  );
}

/**
 * Service nodes that stand for ServiceEntry hosts collapse into one node per entry, named after the
 * entry, in the namespace whose map holds them.
 */
export function applyServiceEntries(map: TrafficMap, namespace: string, ctx: AppenderContext): void {
  const groups = new Map<ServiceEntryInfo, Set<GraphNode>>();
  const note = (se: ServiceEntryInfo | undefined, n: GraphNode) => {
    if (!se) return;
    const set = groups.get(se);
    if (set) set.add(n);
    else groups.set(se, new Set([n]));
  };
  for (const n of map.nodes.values()) {
    const { nodeType, cluster, service } = n.identity;
    if (nodeType === 'service') {
      if (!n.isInjected && isOK(cluster) && isOK(n.identity.namespace) && !n.isEgressCluster)
        note(findServiceEntry(ctx, cluster, n.identity.namespace, service), n);
      continue;
    }
    // Requests to hosts outside the mesh: the entry must be visible to the caller.
    for (const e of n.edges.values()) {
      const d = map.nodes.get(e.dest.id) ?? e.dest;
      if (d.identity.nodeType !== 'service' || d.isInjected || d.isEgressCluster) continue;
      note(findServiceEntry(ctx, n.identity.cluster, n.identity.namespace, d.identity.service), d);
    }
  }

  for (const [se, members] of groups) {
    const cluster = ctx.state.clusterName;
    const endpoint = serviceEndpoint(cluster, namespace, se.name);
    const identity = nodeIdentity(endpoint, ctx.graphType);
    if (!identity) continue;
    const entry = map.nodes.get(identity.id) ?? map.addNode(endpoint)!;
    entry.serviceEntry = { hosts: [...se.hosts], location: se.location, namespace };
    const doomed = new Set([...members].filter((m) => m !== entry && map.nodes.has(m.id)));
    for (const d of doomed) {
      for (const [k, v] of d.rates) add(entry.rates, k, v);
      for (const p of ['http', 'grpc'] as const)
        for (const [c, v] of d.inByCode[p]) add(entry.inByCode[p], c, v);
      for (const [k, v] of d.destServices) entry.destServices.set(k, v);
    }
    const doomedIds = new Set([...doomed].map((d) => d.id));
    // Edges into the doomed nodes now lead to the entry, one per caller and protocol.
    for (const n of map.nodes.values()) {
      if (doomedIds.has(n.id)) continue;
      const kept: GraphEdge[] = [];
      const redirected = new Map<string, GraphEdge>();
      for (const e of n.edges.values()) {
        if (!doomedIds.has(e.dest.id) || n.identity.cluster !== cluster) {
          kept.push(e);
          continue;
        }
        let into = redirected.get(e.protocol) ?? n.edgeTo(entry, e.protocol);
        if (!into) into = new GraphEdge(n, entry, e.protocol, e.origin);
        aggregateEdge(into, e);
        redirected.set(e.protocol, into);
      }
      for (const e of redirected.values()) if (!kept.includes(e)) kept.push(e);
      if (redirected.size) setEdges(n, kept);
    }
    // And what left them (e.g. towards an egress gateway) leaves the entry.
    for (const d of doomed) {
      const out = [...entry.edges.values()];
      for (const e of d.edges.values()) {
        let into = entry.edgeTo(e.dest, e.protocol);
        if (!into) {
          into = new GraphEdge(entry, e.dest, e.protocol, e.origin);
          out.push(into);
        }
        aggregateEdge(into, e);
      }
      setEdges(entry, out);
    }
    // A replaced node stays while callers of other clusters (whose entries Sextant cannot read)
    // still lead to it.
    const stillCalled = new Set<string>();
    for (const n of map.nodes.values()) for (const e of n.edges.values()) stillCalled.add(e.dest.id);
    for (const d of doomed) if (!stillCalled.has(d.id)) map.nodes.delete(d.id);
  }
}

function workloadAt(
  ctx: AppenderContext,
  cluster: string,
  namespace: string,
  name: string,
): WorkloadInfo | undefined {
  if (cluster !== ctx.state.clusterName) return undefined;
  return ctx.lookup.workload(namespace, name);
}

/**
 * Nodes without traffic whose workload is gone disappear, and so do service nodes without traffic
 * that lead nowhere; workloads without traffic and without pods are marked dead.
 */
export function applyDeadNodes(map: TrafficMap, namespace: string, ctx: AppenderContext): void {
  for (let tries = map.nodes.size; tries > 0; tries--) {
    const removed: string[] = [];
    for (const n of map.nodes.values()) {
      if (nodeRatesActive(n)) continue;
      const { nodeType, workload, cluster } = n.identity;
      if (nodeType === 'service') {
        if (n.edges.size > 0 || n.serviceEntry || n.isEgressCluster) continue;
        removed.push(n.id);
        continue;
      }
      if (nodeType !== 'unknown' && !isOK(workload)) continue;
      // Another cluster's workloads cannot be looked up: assume they exist.
      if (nodeType !== 'unknown' && cluster !== ctx.state.clusterName) continue;
      if (nodeType !== 'unknown' && !ctx.accessible.has(accessKey(cluster, n.identity.namespace))) continue;
      const w = nodeType === 'unknown' ? undefined : workloadAt(ctx, cluster, namespace, workload);
      if (!w) removed.push(n.id);
      else if (w.desiredReplicas === 0 && w.readyReplicas === 0) n.isDead = true;
    }
    if (!removed.length) return;
    for (const id of removed) map.nodes.delete(id);
    for (const n of map.nodes.values()) {
      const kept = [...n.edges.values()].filter((e) => map.nodes.has(e.dest.id));
      if (kept.length !== n.edges.size) setEdges(n, kept);
    }
  }
}

/** Nodes for the namespace's services and workloads that saw no traffic. */
export function applyIdleNodes(map: TrafficMap, namespace: string, ctx: AppenderContext): void {
  const cluster = ctx.state.clusterName;
  const addIdle = (e: Endpoint) => {
    const identity = nodeIdentity(e, ctx.graphType);
    if (!identity || map.nodes.has(identity.id)) return;
    const n = map.addNode(e)!;
    n.isIdle = true;
  };
  if (ctx.graphType === 'service' || ctx.injectServiceNodes) {
    for (const s of ctx.lookup.servicesIn(namespace)) {
      addIdle(serviceEndpoint(cluster, namespace, s.name));
    }
  }
  if (ctx.graphType !== 'service') {
    for (const w of ctx.lookup.workloadsIn(namespace)) {
      addIdle({
        cluster,
        serviceNamespace: '',
        service: '',
        workloadNamespace: namespace,
        workload: w.name,
        app: w.labels.app ?? UNKNOWN,
        version: w.labels.version ?? UNKNOWN,
      });
    }
  }
}

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
interface RouteView {
  route?: ReadonlyArray<{ destination?: { host?: string } }>;
}

/** The VirtualService badges Kiali shows on a service node (kiali `models` HasVS*). */
export interface VirtualServiceMark {
  hostnames: string[];
  hasRequestRouting?: true;
  hasRequestTimeout?: true;
  hasFaultInjection?: true;
  hasTrafficShifting?: true;
  hasTCPTrafficShifting?: true;
  hasMirroring?: true;
}

function virtualServiceMark(spec: VirtualServiceSpec): VirtualServiceMark {
  const mark: VirtualServiceMark = { hostnames: [...(spec.hosts ?? [])] };
  const http: readonly HttpRoute[] = spec.http ?? [];
  const routes = (rules: readonly RouteView[] | undefined) =>
    (rules ?? []).some((r) => (r.route?.length ?? 0) > 0);
  if (
    routes(spec.tcp as RouteView[] | undefined) ||
    routes(http as RouteView[]) ||
    routes(spec.tls as RouteView[] | undefined)
  )
    mark.hasRequestRouting = true;
  for (const rule of http) {
    if (rule.timeout) mark.hasRequestTimeout = true;
    if (rule.fault) mark.hasFaultInjection = true;
    if ((rule.route?.length ?? 0) > 1) mark.hasTrafficShifting = true;
    if (rule.mirror || (rule.mirrors?.length ?? 0) > 0) mark.hasMirroring = true;
  }
  for (const rule of spec.tcp ?? []) if ((rule.route?.length ?? 0) > 1) mark.hasTCPTrafficShifting = true;
  return mark;
}

/**
 * Istio badges: VirtualService badges on the service nodes a VirtualService routes to; circuit
 * breakers (DestinationRule traffic policies) on service and app nodes of the namespace; gateway
 * hostnames on gateway workloads; a service node takes the `app` label of its Service.
 */
export function applyIstioDetails(map: TrafficMap, namespace: string, ctx: AppenderContext): void {
  const { state } = ctx;
  const known = ctx.lookup.knownNamespaces;
  const domain = state.mesh.clusterDomain;
  // DestinationRules by the service they configure, once per namespace map.
  const rulesByHost = new Map<string, Array<(typeof state.destinationRules)[number]>>();
  for (const dr of state.destinationRules) {
    if (!dr.spec.host) continue;
    const fqdn = qualifyHost(dr.spec.host, dr.namespace, known, domain);
    const list = rulesByHost.get(fqdn);
    if (list) list.push(dr);
    else rulesByHost.set(fqdn, [dr]);
  }
  const circuitBreaker = (svcNamespace: string, service: string, version: string | undefined) =>
    (rulesByHost.get(serviceFqdn(svcNamespace, service, domain)) ?? []).some((dr) => {
      if (version === undefined) return destinationRuleBadges(dr.spec).hasCB === true;
      // A version's circuit breaker: the rule's own policy or that of the subset selecting the version.
      const subset = (dr.spec.subsets ?? []).find((s) => s.labels?.version === version);
      return destinationRuleBadges({ ...dr.spec, subsets: subset ? [subset] : [] }).hasCB === true;
    });

  for (const n of map.nodes.values()) {
    const id = n.identity;
    if (id.nodeType === 'service' && isOK(id.service)) {
      const vs = ctx.lookup.virtualServiceRoutingTo(id.namespace, id.service);
      if (vs) n.virtualService = virtualServiceMark(vs.spec);
    }
    if (id.namespace !== namespace) continue;
    const destServices: ServiceName[] = [...n.destServices.values()];
    if (id.nodeType === 'service') {
      if (circuitBreaker(id.namespace, id.service, undefined)) n.hasCB = true;
    } else if (id.nodeType === 'app' && !isOK(id.version)) {
      if (destServices.some((d) => circuitBreaker(d.namespace, d.name, undefined))) n.hasCB = true;
    } else if (isOK(id.version)) {
      if (destServices.some((d) => circuitBreaker(d.namespace, d.name, id.version))) n.hasCB = true;
    }
    if (id.nodeType === 'service' && id.app === '' && !n.isEgressCluster) {
      // A service node takes its Service's app label (app boxes group it with the app); a
      // ServiceEntry node that of the Service its hosts name (`foo.com` -> `foo`, `x.ns.global` whole).
      const names = n.serviceEntry
        ? n.serviceEntry.hosts.map((h) => {
            const parts = h.split('.');
            return parts.length === 3 && parts[2] === 'global' ? h : parts[0]!;
          })
        : [id.service];
      for (const name of names) {
        const app = ctx.lookup.service(id.namespace, name)?.labels.app;
        if (app) {
          n.identity = { ...id, app };
          break;
        }
      }
    }
  }
}

/** Workloads an app or workload node stands for, in our cluster. */
export function workloadsOf(n: GraphNode, lookup: ClusterLookup): WorkloadInfo[] {
  const id = n.identity;
  if (id.cluster !== lookup.clusterName) return [];
  switch (id.nodeType) {
    case 'workload': {
      const w = lookup.workload(id.namespace, id.workload);
      return w ? [w] : [];
    }
    case 'app': {
      if (isOK(id.workload)) {
        const w = lookup.workload(id.namespace, id.workload);
        return w ? [w] : [];
      }
      return lookup
        .appWorkloads(id.namespace, id.app)
        .filter((w) => !isOKVersion(id.version) || (w.version ?? 'latest') === id.version);
    }
    case 'service':
    case 'unknown':
      return [];
  }
}
