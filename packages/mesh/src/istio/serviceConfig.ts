import { asArray, asRecord, asString, asStringList } from '../cluster/json.ts';
import type { IstioConfigObject } from '../validation/context.ts';
import { hostMatches, qualifyHost, serviceFqdn, serviceOfHost } from './hosts.ts';

/**
 * How a routing object concerns a Service: `host` configures traffic *to* it (a VirtualService
 * listing it among its hosts, a DestinationRule whose host it is); `destination` sends traffic to
 * it from a route of a VirtualService written for another host (a gateway's catch-all route).
 */
export type ServiceConfigRelation = 'host' | 'destination';

export interface ServiceConfigMatch<O extends IstioConfigObject> {
  object: O;
  relation: ServiceConfigRelation;
}

export interface ServiceRef {
  namespace: string;
  name: string;
}

const serviceKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** The hosts of a VirtualService (`hosts`) and the hosts its HTTP, TCP and TLS routes send to. */
function virtualServiceHosts(spec: unknown): { hosts: string[]; destinations: string[] } {
  const s = asRecord(spec);
  const destinations = [s.http, s.tcp, s.tls].flatMap((rules) =>
    asArray(rules).flatMap((rule) =>
      asArray(asRecord(rule).route).flatMap((d) => {
        const host = asString(asRecord(asRecord(d).destination).host);
        return host ? [host] : [];
      }),
    ),
  );
  return { hosts: asStringList(s.hosts), destinations };
}

/**
 * Indexes the VirtualServices and DestinationRules of `objects` by the Services they concern
 * (`services`, typically the whole cluster's). Hosts are read like istiod and the graph badges read
 * them (`qualifyHost`: short names relative to the object's namespace, `name.ns`, FQDNs of any
 * cluster domain); a wildcard host (`*.bookinfo.svc.cluster.local`) concerns every Service it
 * matches, except a bare `*`, which would concern the whole mesh. Other kinds are ignored.
 *
 * `lookup` answers one object at most once per Service, `host` winning over `destination`,
 * sorted by kind, namespace and name.
 */
export function serviceConfigIndex<O extends IstioConfigObject>(
  objects: readonly O[],
  services: readonly ServiceRef[],
  knownNamespaces: ReadonlySet<string>,
  clusterDomain: string,
): (namespace: string, name: string) => ServiceConfigMatch<O>[] {
  const byService = new Map<string, Map<O, ServiceConfigRelation>>();
  const add = (object: O, ref: ServiceRef, relation: ServiceConfigRelation) => {
    const key = serviceKey(ref.namespace, ref.name);
    const found = byService.get(key) ?? new Map<O, ServiceConfigRelation>();
    if (found.get(object) !== 'host') found.set(object, relation);
    byService.set(key, found);
  };
  const servicesOfHost = (host: string, configNamespace: string): ServiceRef[] => {
    const pattern = qualifyHost(host.trim(), configNamespace, knownNamespaces, clusterDomain);
    if (pattern === '' || pattern === '*') return [];
    if (pattern.startsWith('*.')) {
      return services.filter((s) => hostMatches(pattern, serviceFqdn(s.namespace, s.name, clusterDomain)));
    }
    const ref = serviceOfHost(host, configNamespace, knownNamespaces);
    return ref ? [ref] : [];
  };

  for (const object of objects) {
    const namespace = object.metadata?.namespace;
    if (!namespace || !object.metadata?.name) continue;
    const mark = (hosts: readonly string[], relation: ServiceConfigRelation) => {
      for (const host of hosts) for (const ref of servicesOfHost(host, namespace)) add(object, ref, relation);
    };
    if (object.kind === 'VirtualService') {
      const { hosts, destinations } = virtualServiceHosts(object.spec);
      mark(hosts, 'host');
      mark(destinations, 'destination');
    } else if (object.kind === 'DestinationRule') {
      const host = asString(asRecord(object.spec).host);
      if (host) mark([host], 'host');
    }
  }

  return (namespace, name) =>
    [...(byService.get(serviceKey(namespace, name)) ?? new Map<O, ServiceConfigRelation>())]
      .map(([object, relation]) => ({ object, relation }))
      .sort(
        (a, b) =>
          a.object.kind.localeCompare(b.object.kind) ||
          (a.object.metadata?.namespace ?? '').localeCompare(b.object.metadata?.namespace ?? '') ||
          (a.object.metadata?.name ?? '').localeCompare(b.object.metadata?.name ?? ''),
      );
}

/** The distinct `version` label values of workloads, sorted: what the routing wizards split between. */
export function workloadVersions(
  workloads: ReadonlyArray<{ labels: Readonly<Record<string, string>> }>,
): string[] {
  return [...new Set(workloads.flatMap((w) => (w.labels.version ? [w.labels.version] : [])))].sort();
}

/** What a routing object's row shows: a VirtualService's hosts, a DestinationRule's host and subset names. */
export function routingSummary(object: IstioConfigObject): { hosts: string[]; subsets: string[] } {
  const spec = asRecord(object.spec);
  if (object.kind === 'DestinationRule') {
    const host = asString(spec.host);
    return {
      hosts: host ? [host] : [],
      subsets: asArray(spec.subsets).flatMap((s) => {
        const name = asString(asRecord(s).name);
        return name ? [name] : [];
      }),
    };
  }
  return { hosts: asStringList(spec.hosts), subsets: [] };
}
