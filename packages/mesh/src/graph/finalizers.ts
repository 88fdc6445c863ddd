import { UNKNOWN } from './identity.ts';
import type { GraphNode } from './trafficMap.ts';
import { addOutgoing, aggregateEdge, GraphEdge, resetOutgoing, setEdges } from './trafficMap.ts';
import { accessKey } from './appenders.ts';

/**
 * Kiali's finalizers and the service-graph reduction (kiali `graph/telemetry/common.go`), on the
 * merged graph.
 */

export type NodeMap = Map<string, GraphNode>;

/** Nodes outside the requested namespaces, and nodes the user cannot read. */
export function markOutsiders(
  nodes: NodeMap,
  requested: ReadonlySet<string>,
  accessible: ReadonlySet<string>,
): void {
  const outside = (n: GraphNode) => n.identity.namespace !== UNKNOWN && !requested.has(n.identity.namespace);
  for (const n of nodes.values()) {
    const id = n.identity;
    if (id.nodeType === 'unknown') n.isInaccessible = true;
    else if (id.nodeType === 'service' && (id.namespace === UNKNOWN || n.isEgressCluster))
      n.isInaccessible = true;
    else if (outside(n)) n.isOutside = true;
    // Inside or outside the request: the user may not read the node's namespace in its cluster.
    if (!n.isInaccessible && !accessible.has(accessKey(id.cluster, id.namespace))) n.isInaccessible = true;
  }
}

/** Roots: nodes that send traffic and receive none. */
export function markTrafficGenerators(nodes: NodeMap): void {
  const destinations = new Set<string>();
  for (const n of nodes.values()) for (const e of n.edges.values()) destinations.add(e.dest.id);
  for (const n of nodes.values()) if (n.edges.size > 0 && !destinations.has(n.id)) n.isRoot = true;
}

/**
 * The service graph from the service-injected workload graph: service nodes call service nodes
 * through the workloads behind them; root callers stay as they are, with their edges to services.
 * Outgoing totals are those of the remaining edges (traffic that ends at a workload is not shown).
 */
export function reduceToServiceGraph(nodes: NodeMap): NodeMap {
  const reduced: NodeMap = new Map();
  const resolve = (e: GraphEdge) => nodes.get(e.dest.id) ?? e.dest;
  for (const [id, n] of nodes) {
    if (n.identity.nodeType === 'service') {
      reduced.set(id, n);
      continue;
    }
    if (!n.isRoot) continue;
    const toServices = [...n.edges.values()].filter((e) => resolve(e).identity.nodeType === 'service');
    if (!toServices.length) continue;
    resetOutgoing(n);
    for (const e of toServices) addOutgoing(n, e);
    setEdges(n, toServices);
    reduced.set(id, n);
  }
  const serviceEdges = new Map<GraphNode, GraphEdge[]>();
  for (const n of reduced.values()) {
    if (n.identity.nodeType !== 'service') continue;
    const out: GraphEdge[] = [];
    for (const toWorkload of n.edges.values()) {
      for (const next of resolve(toWorkload).edges.values()) {
        const target = resolve(next);
        if (target.identity.nodeType !== 'service') continue;
        const existing = out.find((e) => e.dest.id === target.id && e.protocol === next.protocol);
        if (existing) aggregateEdge(existing, next);
        else {
          // The first workload edge's decorations stand for the service edge: quantiles cannot be
          // merged (kiali-2297), and Kiali keeps the first edge as it is.
          const copy = new GraphEdge(n, target, next.protocol, next.origin);
          aggregateEdge(copy, next);
          copy.mtls = next.mtls;
          copy.throughput = next.throughput;
          copy.responseTime = next.responseTime;
          for (const p of next.sourcePrincipals) copy.sourcePrincipals.add(p);
          for (const p of next.destPrincipals) copy.destPrincipals.add(p);
          out.push(copy);
        }
      }
    }
    serviceEdges.set(n, out);
  }
  for (const [n, out] of serviceEdges) {
    setEdges(n, out);
    resetOutgoing(n);
    for (const e of out) addOutgoing(n, e);
  }
  return reduced;
}
