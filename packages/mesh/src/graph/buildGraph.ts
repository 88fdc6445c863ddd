import type { Graph } from '@sextant/contracts';
import type { ClusterState } from '../cluster/clusterState.ts';
import { canonicalRevision, canonicalService } from '../cluster/clusterState.ts';
import { configBadgeIndex } from '../istio/configBadges.ts';
import { DEFAULT_TOLERANCES } from '../health/tolerance.ts';
import { addBoxes } from './boxes.ts';
import { ClusterIndex } from './clusterIndex.ts';
import { ElementBuilder } from './elements.ts';
import type { IdentityContext, NodeDraft } from './nodes.ts';
import {
  destinationNodes,
  nodeId,
  serviceEntryLookup,
  serviceNode,
  sourceNode,
  workloadKey,
} from './nodes.ts';
import { validateNamespaces } from './queries.ts';
import type { TrafficRecord } from './records.ts';
import { isKnown, readRecords } from './records.ts';
import { MeasurePaths, TrafficMap } from './traffic.ts';
import type { GraphInput, GraphOptions } from './types.ts';

/**
 * The traffic graph from the answers to `graphQueries` and the cluster state: pure, no clock, no
 * I/O. Partial input is fine: a missing query result only leaves its part of the graph empty, and
 * `input.errors` travel on in the graph's `errors`.
 */
export function buildGraph(input: GraphInput): Graph {
  const { options, cluster: state } = input;
  const requested = new Set(validateNamespaces(options.namespaces));
  const records = readRecords(input.results);
  const traffic = [...records.requests, ...records.tcp];

  const base: IdentityContext = {
    graphType: options.graphType,
    injectServiceNodes: options.injectServiceNodes,
    clusterName: state.clusterName,
    serviceEntries: serviceEntryLookup(state.serviceEntries),
    serviceOfWorkload: new Map(),
  };
  const ctx: IdentityContext =
    options.graphType === 'service'
      ? { ...base, serviceOfWorkload: servicesOfWorkloads(traffic, base) }
      : base;

  const map = new TrafficMap();
  const paths = new MeasurePaths();
  for (const r of traffic) {
    const source = map.node(sourceNode(r.labels, ctx));
    const { target, via } = destinationNodes(r.labels, ctx);
    const path = [source];
    if (via) {
      const service = map.node(via);
      service.injected = true;
      path.push(service);
    }
    path.push(map.node(target));
    paths.note(r, map.addRecord(path, r));
  }
  for (const m of records.responseTime) paths.addResponseTime(m);
  for (const m of records.bytes) paths.addBytes(m);

  const idle = new Set<string>();
  if (options.includeIdle) {
    for (const draft of idleDrafts(state, requested, options)) {
      const id = nodeId(draft);
      if (map.nodes.has(id)) continue;
      map.node(draft);
      idle.add(id);
    }
  }

  const index = new ClusterIndex(state);
  const builder = new ElementBuilder(
    index,
    configBadgeIndex(state),
    requested,
    options.health?.tolerances ?? DEFAULT_TOLERANCES,
  );
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const nodes = [...map.nodes.values()].sort(byId).map((n) => builder.node(n, idle.has(n.id)));
  const edges = [...map.edges.values()].sort(byId).map((e) => builder.edge(e));

  const errors = [
    ...(input.errors ?? []),
    ...[...builder.annotationErrors].sort().map((message) => ({ source: 'kubernetes' as const, message })),
  ];
  return {
    timestamp: options.queryTime,
    duration: options.durationSeconds,
    graphType: options.graphType,
    elements: {
      nodes: addBoxes(nodes, options.boxBy, options.graphType, requested).map((data) => ({ data })),
      edges: edges.map((data) => ({ data })),
    },
    ...(errors.length ? { errors } : {}),
  };
}

/**
 * Service graph: a calling workload is drawn as the service it is reached through (the busiest one
 * if several); callers nobody calls (gateways, clients) stay app nodes.
 */
function servicesOfWorkloads(
  traffic: readonly TrafficRecord[],
  ctx: IdentityContext,
): Map<string, NodeDraft> {
  const rates = new Map<string, Map<string, { draft: NodeDraft; rate: number }>>();
  for (const r of traffic) {
    const l = r.labels;
    if (!isKnown(l.destination_workload)) continue;
    const service = serviceNode(l, ctx);
    if (!service) continue;
    const cluster = isKnown(l.destination_cluster) ? l.destination_cluster : ctx.clusterName;
    const key = workloadKey(cluster, l.destination_workload_namespace, l.destination_workload);
    let byService = rates.get(key);
    if (!byService) rates.set(key, (byService = new Map()));
    const id = nodeId(service);
    const entry = byService.get(id) ?? { draft: service, rate: 0 };
    entry.rate += r.rate;
    byService.set(id, entry);
  }
  const out = new Map<string, NodeDraft>();
  for (const [key, byService] of rates) {
    const best = [...byService.entries()].sort(
      ([ia, a], [ib, b]) => b.rate - a.rate || ia.localeCompare(ib),
    )[0];
    if (best) out.set(key, best[1].draft);
  }
  return out;
}

/** Nodes for what exists in the requested namespaces, drawn the way traffic would have drawn them. */
function idleDrafts(state: ClusterState, requested: ReadonlySet<string>, options: GraphOptions): NodeDraft[] {
  const cluster = state.clusterName;
  const drafts: NodeDraft[] = [];
  if (options.graphType !== 'service') {
    for (const w of state.workloads) {
      if (!requested.has(w.namespace)) continue;
      const app = canonicalService(w);
      switch (options.graphType) {
        case 'workload':
          drafts.push({
            kind: 'workload',
            cluster,
            namespace: w.namespace,
            workload: w.name,
            app,
            version: canonicalRevision(w),
          });
          break;
        case 'app':
          drafts.push({ kind: 'app', cluster, namespace: w.namespace, app });
          break;
        case 'versionedApp':
          drafts.push({ kind: 'app', cluster, namespace: w.namespace, app, version: canonicalRevision(w) });
          break;
      }
    }
  }
  if (options.graphType === 'service' || options.injectServiceNodes) {
    for (const s of state.services) {
      if (requested.has(s.namespace))
        drafts.push({ kind: 'service', cluster, namespace: s.namespace, service: s.name });
    }
  }
  return drafts;
}
