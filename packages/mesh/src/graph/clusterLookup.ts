import type {
  ClusterState,
  GatewaySpec,
  IstioObject,
  NamespaceInfo,
  ServiceEntryInfo,
  ServiceInfo,
  VirtualServiceSpec,
  WorkloadInfo,
} from '../cluster/clusterState.ts';
import { canonicalService, selectorMatches } from '../cluster/clusterState.ts';
import { qualifyHost, serviceFqdn } from '../istio/hosts.ts';

type RouteView = { route?: ReadonlyArray<{ destination?: { host?: string } }> };

const byName = <T extends { namespace: string; name: string }>(a: T, b: T) =>
  `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

/**
 * The cluster state indexed the way the graph looks it up, built once per graph: a graph of
 * thousands of nodes must not scan every workload, service or VirtualService for each node.
 */
export class ClusterLookup {
  private readonly workloadsByNs = new Map<string, WorkloadInfo[]>();
  private readonly workloadsByName = new Map<string, WorkloadInfo>();
  private readonly workloadsByApp = new Map<string, WorkloadInfo[]>();
  private readonly servicesByNs = new Map<string, ServiceInfo[]>();
  private readonly servicesByName = new Map<string, ServiceInfo>();
  private readonly namespaces = new Map<string, NamespaceInfo>();
  /** Sorted by namespace and name, once. */
  readonly serviceEntries: readonly ServiceEntryInfo[];
  /** The first VirtualService (by namespace and name) whose routes lead to each service FQDN. */
  private readonly routingVs = new Map<string, IstioObject<VirtualServiceSpec>>();
  private readonly gatewaysOf = new Map<WorkloadInfo, Array<IstioObject<GatewaySpec>>>();
  readonly knownNamespaces: ReadonlySet<string>;

  constructor(readonly state: ClusterState) {
    for (const w of state.workloads) {
      push(this.workloadsByNs, w.namespace, w);
      this.workloadsByName.set(`${w.namespace}/${w.name}`, w);
      push(this.workloadsByApp, `${w.namespace}/${canonicalService(w)}`, w);
    }
    for (const s of state.services) {
      push(this.servicesByNs, s.namespace, s);
      this.servicesByName.set(`${s.namespace}/${s.name}`, s);
    }
    for (const n of state.namespaces) this.namespaces.set(n.name, n);
    this.knownNamespaces = new Set(this.namespaces.keys());
    this.serviceEntries = [...state.serviceEntries].sort(byName);
    const domain = state.mesh.clusterDomain;
    for (const vs of [...state.virtualServices].sort(byName)) {
      const rules = [...(vs.spec.http ?? []), ...(vs.spec.tcp ?? []), ...(vs.spec.tls ?? [])] as RouteView[];
      for (const rule of rules) {
        for (const r of rule.route ?? []) {
          const host = r.destination?.host;
          if (!host) continue;
          const fqdn = qualifyHost(host, vs.namespace, this.knownNamespaces, domain);
          if (!this.routingVs.has(fqdn)) this.routingVs.set(fqdn, vs);
        }
      }
    }
  }

  get clusterName(): string {
    return this.state.clusterName;
  }

  workloadsIn(namespace: string): readonly WorkloadInfo[] {
    return this.workloadsByNs.get(namespace) ?? [];
  }

  workload(namespace: string, name: string): WorkloadInfo | undefined {
    return this.workloadsByName.get(`${namespace}/${name}`);
  }

  /** Workloads whose canonical service is `app`. */
  appWorkloads(namespace: string, app: string): readonly WorkloadInfo[] {
    return this.workloadsByApp.get(`${namespace}/${app}`) ?? [];
  }

  servicesIn(namespace: string): readonly ServiceInfo[] {
    return this.servicesByNs.get(namespace) ?? [];
  }

  service(namespace: string, name: string): ServiceInfo | undefined {
    return this.servicesByName.get(`${namespace}/${name}`);
  }

  namespace(name: string): NamespaceInfo | undefined {
    return this.namespaces.get(name);
  }

  /** The VirtualService routing to a service, as Kiali badges it (routes, not hosts). */
  virtualServiceRoutingTo(namespace: string, service: string): IstioObject<VirtualServiceSpec> | undefined {
    return this.routingVs.get(serviceFqdn(namespace, service, this.state.mesh.clusterDomain));
  }

  /** Istio Gateways whose selector picks the workload's pods, by namespace and name. */
  gatewaysSelecting(w: WorkloadInfo): ReadonlyArray<IstioObject<GatewaySpec>> {
    let found = this.gatewaysOf.get(w);
    if (!found) {
      found = this.state.gateways.filter((g) => selectorMatches(g.spec.selector, w.labels)).sort(byName);
      this.gatewaysOf.set(w, found);
    }
    return found;
  }
}
