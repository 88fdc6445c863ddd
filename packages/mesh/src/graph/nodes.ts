import type { GraphType } from '@sextant/contracts';
import type { ServiceEntryInfo } from '../cluster/clusterState.ts';
import { hostMatches } from '../istio/hosts.ts';
import type { EdgeLabels } from './records.ts';
import { isKnown } from './records.ts';

/**
 * What a node stands for, per graph type. Ids are readable keys of the identity, so they stay the
 * same across refreshes (the UI keeps positions) and tell a reader what they are.
 */
export type NodeDraft =
  /** Callers without identity (no sidecar): one node for all of them. */
  | { kind: 'unknown' }
  | { kind: 'workload'; cluster: string; namespace: string; workload: string; app?: string; version?: string }
  /** `version` set: a versionedApp node. */
  | { kind: 'app'; cluster: string; namespace: string; app: string; version?: string }
  | { kind: 'service'; cluster: string; namespace: string; service: string }
  /** All hosts of one ServiceEntry collapse into one service node. */
  | { kind: 'serviceEntry'; cluster: string; entry: ServiceEntryInfo };

const part = (s: string): string => encodeURIComponent(s);

export function nodeId(d: NodeDraft): string {
  switch (d.kind) {
    case 'unknown':
      return 'unknown';
    case 'workload':
      return `workload:${part(d.cluster)}:${part(d.namespace)}:${part(d.workload)}`;
    case 'app':
      return d.version === undefined
        ? `app:${part(d.namespace)}:${part(d.app)}`
        : `app:${part(d.namespace)}:${part(d.app)}:${part(d.version)}`;
    case 'service':
      return `service:${part(d.cluster)}:${part(d.namespace)}:${part(d.service)}`;
    case 'serviceEntry':
      return `serviceentry:${part(d.entry.namespace)}:${part(d.entry.name)}`;
  }
}

export const draftNamespace = (d: NodeDraft): string => {
  switch (d.kind) {
    case 'unknown':
      return 'unknown';
    case 'serviceEntry':
      return d.entry.namespace;
    case 'workload':
    case 'app':
    case 'service':
      return d.namespace;
  }
};

/** Istio's sentinel services for traffic leaving the mesh unrouted or dropped. */
const SENTINEL_SERVICES = new Set(['PassthroughCluster', 'BlackHoleCluster']);

export interface ServiceEntryLookup {
  /** The ServiceEntry declaring `host` as seen from `fromNamespace`, if any. */
  find(host: string, serviceNamespace: string, fromNamespace: string): ServiceEntryInfo | undefined;
}

/**
 * Exact hosts before wildcards; among several entries, the one in the service's namespace, then the
 * caller's, then the first by namespace/name (stable).
 */
export function serviceEntryLookup(entries: readonly ServiceEntryInfo[]): ServiceEntryLookup {
  const sorted = [...entries].sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
  const visible = (e: ServiceEntryInfo, ns: string) =>
    e.exportTo.length === 0 ||
    e.exportTo.some((x) => x === '*' || x === ns || (x === '.' && e.namespace === ns));
  // Every record asks; a graph has few distinct (host, namespaces) triples.
  const cache = new Map<string, ServiceEntryInfo | undefined>();
  const lookup = (h: string, serviceNamespace: string, fromNamespace: string) => {
    const candidates = (exact: boolean) =>
      sorted.filter(
        (e) =>
          visible(e, fromNamespace) &&
          e.hosts.some((p) => (exact ? p === h : p.startsWith('*') && hostMatches(p, h))),
      );
    const pick = (list: ServiceEntryInfo[]) =>
      list.find((e) => e.namespace === serviceNamespace) ??
      list.find((e) => e.namespace === fromNamespace) ??
      list[0];
    return pick(candidates(true)) ?? pick(candidates(false));
  };
  return {
    find(host, serviceNamespace, fromNamespace) {
      const h = host.toLowerCase();
      if (!h || sorted.length === 0) return undefined;
      const key = `${h}\u0000${serviceNamespace}\u0000${fromNamespace}`;
      if (!cache.has(key)) cache.set(key, lookup(h, serviceNamespace, fromNamespace));
      return cache.get(key);
    },
  };
}

export interface IdentityContext {
  graphType: GraphType;
  injectServiceNodes: boolean;
  clusterName: string;
  serviceEntries: ServiceEntryLookup;
  /** Service graph: the service node a caller workload stands behind (see `serviceOfWorkload`). */
  serviceOfWorkload: ReadonlyMap<string, NodeDraft>;
}

export const workloadKey = (cluster: string, namespace: string, workload: string): string =>
  `${cluster}/${namespace}/${workload}`;

const sourceCluster = (l: EdgeLabels, ctx: IdentityContext) =>
  isKnown(l.source_cluster) ? l.source_cluster : ctx.clusterName;
const destinationCluster = (l: EdgeLabels, ctx: IdentityContext) =>
  isKnown(l.destination_cluster) ? l.destination_cluster : sourceCluster(l, ctx);

/** The node a workload is on the app-centric graphs (and the service graph's callers). */
function workloadNode(
  graphType: GraphType,
  cluster: string,
  namespace: string,
  workload: string,
  app: string,
  version: string,
): NodeDraft {
  const hasApp = isKnown(app);
  switch (graphType) {
    case 'workload':
      return {
        kind: 'workload',
        cluster,
        namespace,
        workload,
        ...(hasApp ? { app } : {}),
        ...(isKnown(version) ? { version } : {}),
      };
    case 'versionedApp':
      if (hasApp)
        return { kind: 'app', cluster, namespace, app, version: isKnown(version) ? version : 'latest' };
      return { kind: 'workload', cluster, namespace, workload };
    case 'app':
    case 'service':
      return hasApp
        ? { kind: 'app', cluster, namespace, app }
        : { kind: 'workload', cluster, namespace, workload };
  }
}

export function sourceNode(l: EdgeLabels, ctx: IdentityContext): NodeDraft {
  if (!isKnown(l.source_workload)) return { kind: 'unknown' };
  const cluster = sourceCluster(l, ctx);
  if (ctx.graphType === 'service') {
    const behind = ctx.serviceOfWorkload.get(
      workloadKey(cluster, l.source_workload_namespace, l.source_workload),
    );
    if (behind) return behind;
  }
  return workloadNode(
    ctx.graphType,
    cluster,
    l.source_workload_namespace,
    l.source_workload,
    l.source_canonical_service,
    l.source_canonical_revision,
  );
}

/** The service node for the destination labels, or undefined when nothing names a service. */
export function serviceNode(l: EdgeLabels, ctx: IdentityContext): NodeDraft | undefined {
  const cluster = destinationCluster(l, ctx);
  const name = l.destination_service_name;
  const callerNs = isKnown(l.source_workload_namespace) ? l.source_workload_namespace : 'unknown';
  if (SENTINEL_SERVICES.has(name)) {
    // Istio reports no namespace for these; they belong with the caller that sent traffic there.
    const namespace = isKnown(l.destination_service_namespace) ? l.destination_service_namespace : callerNs;
    return { kind: 'service', cluster, namespace, service: name };
  }
  const entry = ctx.serviceEntries.find(l.destination_service, l.destination_service_namespace, callerNs);
  if (entry) return { kind: 'serviceEntry', cluster, entry };
  const namespace = isKnown(l.destination_service_namespace)
    ? l.destination_service_namespace
    : isKnown(l.destination_workload_namespace)
      ? l.destination_workload_namespace
      : 'unknown';
  if (isKnown(name)) return { kind: 'service', cluster, namespace, service: name };
  if (isKnown(l.destination_service))
    return { kind: 'service', cluster, namespace, service: l.destination_service };
  return undefined;
}

/** Where a request ends, and the service node to put in between when service nodes are injected. */
export interface DestinationNodes {
  target: NodeDraft;
  via?: NodeDraft;
}

const UNNAMED_SERVICE = (cluster: string): NodeDraft => ({
  kind: 'service',
  cluster,
  namespace: 'unknown',
  service: 'unknown',
});

export function destinationNodes(l: EdgeLabels, ctx: IdentityContext): DestinationNodes {
  const service = serviceNode(l, ctx);
  if (!isKnown(l.destination_workload))
    return { target: service ?? UNNAMED_SERVICE(destinationCluster(l, ctx)) };
  const workload = workloadNode(
    ctx.graphType,
    destinationCluster(l, ctx),
    l.destination_workload_namespace,
    l.destination_workload,
    l.destination_canonical_service,
    l.destination_canonical_revision,
  );
  if (ctx.graphType === 'service') return { target: service ?? workload };
  if (ctx.injectServiceNodes && service) return { target: workload, via: service };
  return { target: workload };
}
