import type { NodeData } from '@sextant/contracts';
import type { ClusterState, NamespaceInfo, ServiceInfo, WorkloadInfo } from '../cluster/clusterState.ts';
import { canonicalRevision, canonicalService, selectorMatches } from '../cluster/clusterState.ts';
import type { NodeDraft } from './nodes.ts';

type GatewayFlag = NonNullable<NodeData['isGateway']>;

/** ClusterState looked up by the keys the graph needs, built once per graph. */
export class ClusterIndex {
  private readonly workloadsByNs = new Map<string, WorkloadInfo[]>();
  private readonly services = new Map<string, ServiceInfo>();
  private readonly servicesByNs = new Map<string, ServiceInfo[]>();
  private readonly namespaces = new Map<string, NamespaceInfo>();
  private readonly gatewayCache = new Map<WorkloadInfo, GatewayFlag | undefined>();

  constructor(readonly state: ClusterState) {
    for (const w of state.workloads) push(this.workloadsByNs, w.namespace, w);
    for (const s of state.services) {
      this.services.set(`${s.namespace}/${s.name}`, s);
      push(this.servicesByNs, s.namespace, s);
    }
    for (const n of state.namespaces) this.namespaces.set(n.name, n);
  }

  namespace(name: string): NamespaceInfo | undefined {
    return this.namespaces.get(name);
  }

  service(namespace: string, name: string): ServiceInfo | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  workloadsIn(namespace: string): readonly WorkloadInfo[] {
    return this.workloadsByNs.get(namespace) ?? [];
  }

  servicesIn(namespace: string): readonly ServiceInfo[] {
    return this.servicesByNs.get(namespace) ?? [];
  }

  /** The Deployments a workload or app node stands for, sorted by name. */
  workloadsOf(d: NodeDraft): WorkloadInfo[] {
    switch (d.kind) {
      case 'workload':
        return this.workloadsIn(d.namespace).filter((w) => w.name === d.workload);
      case 'app':
        return this.workloadsIn(d.namespace)
          .filter(
            (w) =>
              canonicalService(w) === d.app &&
              (d.version === undefined || canonicalRevision(w) === d.version),
          )
          .sort((a, b) => a.name.localeCompare(b.name));
      case 'service':
      case 'serviceEntry':
      case 'unknown':
        return [];
    }
  }

  /** Services of the workload's namespace whose selector picks its pods. */
  servicesSelecting(w: WorkloadInfo): ServiceInfo[] {
    return this.servicesIn(w.namespace).filter((s) => selectorMatches(s.selector, w.labels));
  }

  /**
   * A workload is a gateway when an Istio Gateway's selector picks its pods (selectors apply across
   * namespaces, istiod's default). Hostnames are the servers' hosts without their `ns/` prefix.
   */
  gateway(w: WorkloadInfo): GatewayFlag | undefined {
    if (this.gatewayCache.has(w)) return this.gatewayCache.get(w);
    const gateways = this.state.gateways.filter((g) => selectorMatches(g.spec.selector, w.labels));
    let flag: GatewayFlag | undefined;
    if (gateways.length) {
      const hostnames = [
        ...new Set(
          gateways
            .flatMap((g) => (g.spec.servers ?? []).flatMap((s) => s.hosts ?? []))
            .map((h) => h.replace(/^[^/]*\//, '')),
        ),
      ].sort();
      // Egress gateways take traffic out of the mesh: they have no ingress hostnames to show.
      flag = w.labels.istio === 'egressgateway' ? {} : { ingressInfo: { hostnames } };
    }
    this.gatewayCache.set(w, flag);
    return flag;
  }
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}
