import type { EdgeData, EdgeTraffic, Health, NodeData, NodeTraffic, Protocol } from '@sextant/contracts';
import type { ClusterState, WorkloadInfo } from '../cluster/clusterState.ts';
import type { AnnotatedObject } from '../health/annotation.ts';
import { resolveTolerances } from '../health/annotation.ts';
import { entityHealth } from '../health/entityHealth.ts';
import { requestFindings } from '../health/requestHealth.ts';
import { combineFindings } from '../health/status.ts';
import type { Tolerance } from '../health/tolerance.ts';
import { workloadsOf } from './appenders.ts';
import type { ClusterLookup } from './clusterLookup.ts';
import { percent, rate, whole } from './format.ts';
import type { Appenders } from './options.ts';
import type { CodeRates, GraphEdge, GraphNode } from './trafficMap.ts';

/** Kiali's order of protocols and of the rates within each (kiali `graph/protocol.go`). */
const NODE_RATES: ReadonlyArray<[Protocol, readonly string[]]> = [
  ['grpc', ['grpcIn', 'grpcInNoResponse', 'grpcInErr', 'grpcOut']],
  ['http', ['httpIn', 'httpInNoResponse', 'httpIn3xx', 'httpIn4xx', 'httpIn5xx', 'httpOut']],
  ['tcp', ['tcpIn', 'tcpOut']],
];
const EDGE_RATES: Record<Protocol, readonly string[]> = {
  grpc: ['grpc', 'grpcNoResponse', 'grpcErr'],
  http: ['http', 'httpNoResponse', 'http3xx', 'http4xx', 'http5xx'],
  tcp: ['tcp'],
};
/** No response (typically the client gave up, flag DC) counts as an error, as in Kiali. */
const ERROR_RATES = new Set(['grpcNoResponse', 'grpcErr', 'httpNoResponse', 'http4xx', 'http5xx']);

export const edgeId = (source: string, target: string, protocol: Protocol): string =>
  `${source}->${target}:${protocol}`;

export interface ElementContext {
  state: ClusterState;
  lookup: ClusterLookup;
  appenders: Appenders;
  tolerances: readonly Tolerance[];
  /** Nodes by id, to resolve edge ends made in another namespace's map. */
  nodes: ReadonlyMap<string, GraphNode>;
}

/** The graph's nodes and edges as the contract (Kiali's JSON) has them. */
export class ElementBuilder {
  private readonly tolerancesCache = new Map<string, readonly Tolerance[]>();
  /** Bad annotations, reported once each in the graph's `errors`. */
  readonly annotationErrors = new Set<string>();
  private readonly outTotals = new Map<string, number>();

  constructor(private readonly ctx: ElementContext) {
    for (const n of ctx.nodes.values()) {
      for (const e of n.edges.values()) {
        const key = `${n.id}\u0000${e.protocol}`;
        this.outTotals.set(key, (this.outTotals.get(key) ?? 0) + e.total);
      }
    }
  }

  node(n: GraphNode): NodeData {
    const id = n.identity;
    const data: NodeData = { id: n.id, nodeType: id.nodeType, cluster: id.cluster, namespace: id.namespace };
    if (id.workload) data.workload = id.workload;
    if (id.app) data.app = id.app;
    if (id.version) data.version = id.version;
    if (id.service) data.service = id.service;
    if (n.destServices.size) {
      data.destServices = [...n.destServices.values()].sort(
        (a, b) =>
          a.cluster.localeCompare(b.cluster) ||
          a.namespace.localeCompare(b.namespace) ||
          a.name.localeCompare(b.name),
      );
    }
    const traffic: NodeTraffic[] = [];
    for (const [protocol, names] of NODE_RATES) {
      const rates: Record<string, number> = {};
      for (const name of names) {
        const v = n.rates.get(name) ?? 0;
        if (v > 0) rates[name] = rate(v);
      }
      if (Object.keys(rates).length) traffic.push({ protocol, rates });
    }
    if (traffic.length) data.traffic = traffic;

    const { appenders } = this.ctx;
    const workloads = workloadsOf(n, this.ctx.lookup);
    if (appenders.has('health')) {
      const health = this.nodeHealth(n, workloads);
      data.health = health.status;
      if (health.reasons.length) data.healthReasons = health.reasons;
    }
    if (n.hasCB) data.hasCB = true;
    const vs = n.virtualService;
    if (vs) {
      data.hasVS = vs.hostnames.length ? { hostnames: vs.hostnames } : {};
      if (vs.hasFaultInjection) data.hasFaultInjection = true;
      if (vs.hasMirroring) data.hasMirroring = true;
      if (vs.hasRequestRouting) data.hasRequestRouting = true;
      if (vs.hasRequestTimeout) data.hasRequestTimeout = true;
      if (vs.hasTCPTrafficShifting) data.hasTCPTrafficShifting = true;
      if (vs.hasTrafficShifting) data.hasTrafficShifting = true;
    }
    if (n.isDead) data.isDead = true;
    if (appenders.has('istio')) {
      const gateway = this.gateway(workloads);
      if (gateway) data.isGateway = gateway;
    }
    if (n.isIdle) data.isIdle = true;
    if (n.isInaccessible) data.isInaccessible = true;
    // Gateways are Envoy proxies themselves: no sidecar is expected there.
    if (appenders.has('meshCheck') && workloads.some((w) => !w.hasSidecar && !this.isGatewayWorkload(w)))
      data.isOutOfMesh = true;
    if (n.isOutside) data.isOutside = true;
    if (n.isRoot) data.isRoot = true;
    if (n.serviceEntry) data.isServiceEntry = { ...n.serviceEntry, hosts: [...n.serviceEntry.hosts] };
    return data;
  }

  edge(source: GraphNode, e: GraphEdge): EdgeData {
    const target = this.ctx.nodes.get(e.dest.id) ?? e.dest;
    const data: EdgeData = {
      id: edgeId(source.id, target.id, e.protocol),
      source: source.id,
      target: target.id,
      traffic: this.edgeTraffic(source, e),
    };
    if (e.mtls !== undefined) data.isMTLS = whole(e.mtls);
    if (e.responseTime !== undefined) data.responseTime = whole(e.responseTime);
    if (e.throughput !== undefined) data.throughput = whole(e.throughput);
    if (e.sourcePrincipals.size) data.sourcePrincipal = [...e.sourcePrincipals].sort().join(',');
    if (e.destPrincipals.size) data.destPrincipal = [...e.destPrincipals].sort().join(',');
    if (this.ctx.appenders.has('health') && e.protocol !== 'tcp' && e.total > 0) {
      // Each end judges the edge by its own tolerances: the callee as inbound, the caller as outbound.
      const codes = new Map(e.byCode);
      const rates =
        e.protocol === 'http' ? { http: codes, grpc: new Map() } : { http: new Map(), grpc: codes };
      const health = combineFindings([
        ...requestFindings(rates, this.tolerancesOf(target), 'inbound'),
        ...requestFindings(rates, this.tolerancesOf(source), 'outbound'),
      ]);
      data.health = health.status;
      if (health.reasons.length) data.healthReasons = health.reasons;
    }
    return data;
  }

  private edgeTraffic(source: GraphNode, e: GraphEdge): EdgeTraffic {
    const traffic: EdgeTraffic = { protocol: e.protocol };
    const total = e.total;
    if (!(total > 0)) return traffic;
    const rates: Record<string, number> = {};
    let errors = 0;
    for (const name of EDGE_RATES[e.protocol]) {
      const v = e.rates.get(name) ?? 0;
      if (ERROR_RATES.has(name)) errors += v;
      if (v > 0) rates[name] = rate(v);
    }
    if (e.protocol !== 'tcp') {
      const pctErr = (errors / total) * 100;
      if (pctErr > 0) rates[`${e.protocol}PercentErr`] = percent(pctErr);
      const out = this.outTotals.get(`${source.id}\u0000${e.protocol}`) ?? 0;
      const pctReq = out > 0 ? (total / out) * 100 : 0;
      if (pctReq > 0) rates[`${e.protocol}PercentReq`] = percent(pctReq);
    }
    traffic.rates = rates;
    // Each code's flags and hosts as shares of the whole edge, as Kiali reports them.
    const responses: NonNullable<EdgeTraffic['responses']> = {};
    for (const [code, d] of e.responses) {
      const detail: { flags?: Record<string, number>; hosts?: Record<string, number> } = {};
      if (d.flags.size) detail.flags = shares(d.flags, total);
      if (d.hosts.size) detail.hosts = shares(d.hosts, total);
      responses[code] = detail;
    }
    traffic.responses = responses;
    return traffic;
  }

  /**
   * The node's health by the one rule (`entityHealth`): the readiness of the workloads behind it
   * and the requests it received and, for a workload or app, sent (its outgoing edges). A service
   * only receives, and the `unknown` caller is not judged by what it sent, as in Kiali.
   */
  private nodeHealth(n: GraphNode, workloads: readonly WorkloadInfo[]): Health {
    let outbound: CodeRates | undefined;
    if (n.identity.nodeType === 'workload' || n.identity.nodeType === 'app') {
      outbound = { http: new Map(), grpc: new Map() };
      for (const e of n.edges.values()) {
        if (e.protocol === 'tcp') continue;
        const into = outbound[e.protocol];
        for (const [code, v] of e.byCode) into.set(code, (into.get(code) ?? 0) + v);
      }
    }
    return entityHealth({
      replicas: workloads.map((w) => ({ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas })),
      inbound: n.inByCode,
      outbound,
      tolerances: this.tolerancesOf(n),
    });
  }

  private tolerancesOf(n: GraphNode): readonly Tolerance[] {
    const cached = this.tolerancesCache.get(n.id);
    if (cached) return cached;
    const resolved = resolveTolerances(this.annotatedObjects(n), this.ctx.tolerances);
    for (const e of resolved.errors) this.annotationErrors.add(e);
    this.tolerancesCache.set(n.id, resolved.tolerances);
    return resolved.tolerances;
  }

  /** Where a node's health annotation may sit, most specific first. */
  private annotatedObjects(n: GraphNode): AnnotatedObject[] {
    const id = n.identity;
    const objects: AnnotatedObject[] = workloadsOf(n, this.ctx.lookup).map((w) => ({
      describe: `workload ${w.namespace}/${w.name}`,
      annotations: w.annotations,
    }));
    const serviceName = id.nodeType === 'service' ? id.service : id.nodeType === 'app' ? id.app : undefined;
    if (serviceName && !n.serviceEntry) {
      const svc = this.ctx.lookup.service(id.namespace, serviceName);
      if (svc)
        objects.push({ describe: `service ${svc.namespace}/${svc.name}`, annotations: svc.annotations });
    }
    const ns = this.ctx.lookup.namespace(id.namespace);
    if (ns) objects.push({ describe: `namespace ${ns.name}`, annotations: ns.annotations });
    return objects;
  }

  private isGatewayWorkload(w: WorkloadInfo): boolean {
    return this.ctx.lookup.gatewaysSelecting(w).length > 0;
  }

  /**
   * A workload is a gateway when an Istio Gateway's selector picks its pods (selectors apply across
   * namespaces, istiod's default). Hostnames are the servers' hosts as written.
   */
  private gateway(workloads: readonly WorkloadInfo[]): NodeData['isGateway'] | undefined {
    for (const w of workloads) {
      const gateways = this.ctx.lookup.gatewaysSelecting(w);
      if (!gateways.length) continue;
      const hostnames = gateways.flatMap((g) => (g.spec.servers ?? []).flatMap((s) => s.hosts ?? []));
      return w.labels.istio === 'egressgateway'
        ? { egressInfo: { hostnames } }
        : { ingressInfo: { hostnames } };
    }
    return undefined;
  }
}

function shares(m: ReadonlyMap<string, number>, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of m) out[k] = percent((v / total) * 100);
  return out;
}
