import type { EdgeData, Health, NodeData } from '@sextant/contracts';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import type { BadgeIndex, ConfigBadges } from '../istio/configBadges.ts';
import { merge } from '../istio/configBadges.ts';
import type { AnnotatedObject, ResolvedTolerances } from '../health/annotation.ts';
import { resolveTolerances } from '../health/annotation.ts';
import { replicaFinding } from '../health/replicaHealth.ts';
import { requestFindings } from '../health/requestHealth.ts';
import type { Finding } from '../health/status.ts';
import { combineFindings } from '../health/status.ts';
import type { Tolerance } from '../health/tolerance.ts';
import type { ClusterIndex } from './clusterIndex.ts';
import type { NodeDraft } from './nodes.ts';
import { draftNamespace } from './nodes.ts';
import { round } from './round.ts';
import type { EdgeTotals, NodeTotals } from './traffic.ts';

/** Turns the summed traffic into the contract's node and edge data, with cluster facts and health. */
export class ElementBuilder {
  private readonly tolerancesCache = new Map<string, readonly Tolerance[]>();
  /** Bad annotations, reported once each in the graph's `errors`. */
  readonly annotationErrors = new Set<string>();

  constructor(
    private readonly index: ClusterIndex,
    private readonly badges: BadgeIndex,
    private readonly requested: ReadonlySet<string>,
    private readonly configured: readonly Tolerance[],
  ) {}

  node(n: NodeTotals, idle: boolean): NodeData {
    const d = n.draft;
    const namespace = draftNamespace(d);
    const workloads = this.index.workloadsOf(d);
    const data: NodeData = { id: n.id, ...identity(d) };

    const traffic = n.traffic();
    if (traffic.length) data.traffic = traffic;

    const health = this.nodeHealth(n, workloads);
    data.health = health.status;
    if (health.reasons.length) data.healthReasons = health.reasons;

    if (n.outEdges > 0 && n.inEdges === 0) data.isRoot = true;
    if (namespace !== 'unknown' && !this.requested.has(namespace)) data.isOutside = true;
    if (idle) data.isIdle = true;
    if (workloads.length && workloads.every((w) => w.desiredReplicas === 0)) data.isDead = true;
    const gateways = workloads.map((w) => this.index.gateway(w)).filter((g) => g !== undefined);
    if (gateways[0]) data.isGateway = gateways[0];
    // Gateways are Envoy proxies themselves: no sidecar is expected there.
    if (workloads.some((w) => !w.hasSidecar && !this.index.gateway(w))) data.isOutOfMesh = true;
    if (n.injected) data.isInjected = true;
    return { ...data, ...this.nodeBadges(d, workloads) };
  }

  edge(e: EdgeTotals): EdgeData {
    const data: EdgeData = { id: e.id, source: e.source.id, target: e.target.id, traffic: e.traffic() };
    if (e.destinationReported > 0) data.isMTLS = round((e.mtls / e.destinationReported) * 100);
    const rt = e.responseTime();
    if (rt !== undefined) data.responseTime = round(rt);
    if (e.throughput > 0) data.throughput = round(e.throughput);
    const sourcePrincipal = joinPrincipals(e.sourcePrincipals);
    if (sourcePrincipal) data.sourcePrincipal = sourcePrincipal;
    const destPrincipal = joinPrincipals(e.destPrincipals);
    if (destPrincipal) data.destPrincipal = destPrincipal;
    if (e.protocol !== 'tcp') {
      // Each end judges the edge by its own tolerances: the callee as inbound, the caller as outbound.
      const rates = e.ratesByCode();
      const health = combineFindings([
        ...requestFindings(rates, this.tolerancesOf(e.target), 'inbound'),
        ...requestFindings(rates, this.tolerancesOf(e.source), 'outbound'),
      ]);
      data.health = health.status;
      if (health.reasons.length) data.healthReasons = health.reasons;
    }
    return data;
  }

  /** Inbound request health of the node with the readiness of the workloads behind it; worst wins. */
  private nodeHealth(n: NodeTotals, workloads: readonly WorkloadInfo[]): Health {
    const findings: Finding[] = requestFindings(n.inboundByCode(), this.tolerancesOf(n), 'inbound');
    for (const w of workloads) {
      findings.push(
        replicaFinding({ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas }, n.hasInbound),
      );
    }
    return combineFindings(findings);
  }

  private tolerancesOf(n: NodeTotals): readonly Tolerance[] {
    const cached = this.tolerancesCache.get(n.id);
    if (cached) return cached;
    const resolved: ResolvedTolerances = resolveTolerances(this.annotatedObjects(n.draft), this.configured);
    for (const e of resolved.errors) this.annotationErrors.add(e);
    this.tolerancesCache.set(n.id, resolved.tolerances);
    return resolved.tolerances;
  }

  /** Where a node's health annotation may sit, most specific first. */
  private annotatedObjects(d: NodeDraft): AnnotatedObject[] {
    const objects: AnnotatedObject[] = this.index.workloadsOf(d).map((w) => ({
      describe: `workload ${w.namespace}/${w.name}`,
      annotations: w.annotations,
    }));
    const serviceName = d.kind === 'service' ? d.service : d.kind === 'app' ? d.app : undefined;
    if (serviceName !== undefined && d.kind !== 'unknown' && d.kind !== 'serviceEntry') {
      const svc = this.index.service(d.namespace, serviceName);
      if (svc)
        objects.push({ describe: `service ${svc.namespace}/${svc.name}`, annotations: svc.annotations });
    }
    const ns = this.index.namespace(draftNamespace(d));
    if (ns) objects.push({ describe: `namespace ${ns.name}`, annotations: ns.annotations });
    return objects;
  }

  /** Service nodes carry their own config; workload and app nodes that of the services selecting them. */
  private nodeBadges(d: NodeDraft, workloads: readonly WorkloadInfo[]): ConfigBadges {
    switch (d.kind) {
      case 'service':
        return this.badges.forService(d.namespace, d.service);
      case 'serviceEntry':
        return this.badges.forHosts(d.entry.hosts);
      case 'workload':
      case 'app': {
        let out: ConfigBadges = {};
        const seen = new Set<string>();
        for (const w of workloads) {
          for (const s of this.index.servicesSelecting(w)) {
            if (seen.has(s.name)) continue;
            seen.add(s.name);
            out = merge(out, this.badges.forService(s.namespace, s.name));
          }
        }
        return out;
      }
      case 'unknown':
        return {};
    }
  }
}

function identity(d: NodeDraft): Omit<NodeData, 'id'> {
  switch (d.kind) {
    case 'unknown':
      return { nodeType: 'unknown', cluster: 'unknown', namespace: 'unknown' };
    case 'workload':
      return {
        nodeType: 'workload',
        cluster: d.cluster,
        namespace: d.namespace,
        workload: d.workload,
        ...(d.app !== undefined ? { app: d.app } : {}),
        ...(d.version !== undefined ? { version: d.version } : {}),
      };
    case 'app':
      return {
        nodeType: 'app',
        cluster: d.cluster,
        namespace: d.namespace,
        app: d.app,
        ...(d.version !== undefined ? { version: d.version } : {}),
      };
    case 'service':
      return { nodeType: 'service', cluster: d.cluster, namespace: d.namespace, service: d.service };
    case 'serviceEntry':
      return {
        nodeType: 'service',
        cluster: d.cluster,
        namespace: d.entry.namespace,
        service: d.entry.name,
        isServiceEntry: { hosts: [...d.entry.hosts], location: d.entry.location },
      };
  }
}

/** One principal, or the sorted list when an edge gathers several (app and service graphs). */
function joinPrincipals(set: ReadonlySet<string>): string | undefined {
  return set.size ? [...set].sort().join(',') : undefined;
}
