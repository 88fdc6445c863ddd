import type { EdgeData, Graph, HealthStatus, NodeData } from '@sextant/contracts';
import { edgeId, HEALTH_RANK } from '@sextant/mesh';

/**
 * The scope-first graph as the page draws it: the namespace graph from the server, with the
 * namespaces the user expanded replaced by their full graph. A node of the full graph that lives
 * in a namespace still drawn whole is folded into that namespace's node, and its edges with it, so
 * the picture stays one connected graph whatever is expanded. Pure.
 */

/** Whether the graph of these namespaces is too big to draw node by node under `budget` (0: no budget). */
export function isOverBudget(aggregate: Graph | undefined, budget: number): boolean {
  return budget > 0 && aggregate !== undefined && (aggregate.aggregation?.estimatedNodes ?? 0) > budget;
}

/** The requested namespaces a user may expand: drawn as namespace nodes and readable. */
export function expandableNamespaces(aggregate: Graph): string[] {
  return aggregate.elements.nodes
    .map((n) => n.data)
    .filter((n) => n.nodeType === 'namespace' && !n.isOutside && !n.isInaccessible)
    .map((n) => n.namespace)
    .sort();
}

const ADDITIVE = [
  'http',
  'http3xx',
  'http4xx',
  'http5xx',
  'httpNoResponse',
  'grpc',
  'grpcErr',
  'grpcNoResponse',
  'tcp',
] as const;

const worse = (a: HealthStatus | undefined, b: HealthStatus | undefined) =>
  HEALTH_RANK[b ?? 'NA'] > HEALTH_RANK[a ?? 'NA'] ? b : a;

/**
 * `detail`: the full graph of the expanded namespaces, undefined while it loads (then every
 * namespace is drawn whole, so nothing disappears in between).
 */
export function scopeGraph(aggregate: Graph, detail: Graph | undefined, expanded: readonly string[]): Graph {
  const open = new Set(detail ? expanded : []);
  const aggNodes = aggregate.elements.nodes.map((n) => n.data);
  /** Collapsed namespace -> its node id. */
  const collapsed = new Map<string, string>();
  for (const n of aggNodes) {
    if (n.nodeType === 'namespace' && (!open.has(n.namespace) || n.isInaccessible))
      collapsed.set(n.namespace, n.id);
  }
  const collapsedIds = new Set(collapsed.values());
  const isCollapsed = (id: string) => collapsedIds.has(id);
  const namespaceIds = new Set(aggNodes.filter((n) => n.nodeType === 'namespace').map((n) => n.id));

  const detailNodes = detail ? detail.elements.nodes.map((n) => n.data) : [];
  const detailIds = new Set(detailNodes.map((n) => n.id));
  const detailUnknown = detailNodes.find((n) => n.nodeType === 'unknown');
  const fold = new Map<string, string>();
  const nodes: NodeData[] = [];
  for (const n of aggNodes) {
    if (n.nodeType === 'namespace') {
      if (collapsed.has(n.namespace)) nodes.push(n);
    } else if (n.nodeType === 'unknown' && detailUnknown) {
      fold.set(n.id, detailUnknown.id);
    } else if (!detailIds.has(n.id)) {
      nodes.push(n);
    }
  }
  for (const n of detailNodes) {
    const into = n.nodeType !== 'unknown' ? collapsed.get(n.namespace) : undefined;
    if (into) {
      // Boxes of a namespace drawn whole go; the nodes inside fold into the namespace node.
      if (n.nodeType !== 'box') fold.set(n.id, into);
      continue;
    }
    nodes.push(n);
  }
  const at = (id: string) => fold.get(id) ?? id;

  const edges = new Map<string, EdgeData>();
  const folded = new Set<string>();
  const put = (e: EdgeData, wasFolded: boolean) => {
    const source = at(e.source);
    const target = at(e.target);
    const id = edgeId(source, target, e.traffic.protocol);
    const known = edges.get(id);
    if (!known && !wasFolded) {
      edges.set(id, { ...e, id, source, target });
      return;
    }
    folded.add(id);
    edges.set(id, known ? mergeEdges(known, e) : foldEdge({ ...e, id, source, target }));
  };
  for (const { data: e } of aggregate.elements.edges) {
    const ends = [at(e.source), at(e.target)];
    // An edge touching an expanded namespace is drawn from the full graph instead.
    if (ends.every((id) => isCollapsed(id) || !namespaceIds.has(id))) put(e, false);
  }
  for (const { data: e } of detail?.elements.edges ?? []) {
    const [source, target] = [at(e.source), at(e.target)];
    // Between namespaces drawn whole the namespace graph already has it.
    if (isCollapsed(source) && isCollapsed(target)) continue;
    put(e, source !== e.source || target !== e.target);
  }
  for (const id of folded) recomputeShares(edges, id);

  return {
    timestamp: aggregate.timestamp,
    duration: aggregate.duration,
    graphType: detail?.graphType ?? aggregate.graphType,
    elements: {
      nodes: nodes.map((data) => ({ data })),
      edges: [...edges.values()].map((data) => ({ data })),
    },
    ...(aggregate.aggregation ? { aggregation: aggregate.aggregation } : {}),
    ...mergedErrors(aggregate, detail),
  };
}

function mergedErrors(aggregate: Graph, detail: Graph | undefined): Pick<Graph, 'errors'> {
  const seen = new Set<string>();
  const errors = [...(aggregate.errors ?? []), ...(detail?.errors ?? [])].filter((e) => {
    const key = `${e.source}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return errors.length > 0 ? { errors } : {};
}

/** An edge whose end was folded: what can be summed stays, per-node details go. */
function foldEdge(e: EdgeData): EdgeData {
  const rates: Record<string, number> = {};
  for (const key of ADDITIVE) {
    const v = e.traffic.rates?.[key];
    if (v !== undefined && v > 0) rates[key] = v;
  }
  const out: EdgeData = {
    id: e.id,
    source: e.source,
    target: e.target,
    traffic: { protocol: e.traffic.protocol, rates },
  };
  if (e.isMTLS !== undefined) out.isMTLS = e.isMTLS;
  if (e.health !== undefined) out.health = e.health;
  return withErrorPercent(out);
}

function mergeEdges(a: EdgeData, b: EdgeData): EdgeData {
  const into = foldEdge(a);
  const rates = { ...into.traffic.rates };
  for (const key of ADDITIVE) {
    const v = b.traffic.rates?.[key];
    if (v !== undefined && v > 0) rates[key] = (rates[key] ?? 0) + v;
  }
  const volume = (e: EdgeData) => e.traffic.rates?.[e.traffic.protocol] ?? 0;
  const out: EdgeData = { ...into, traffic: { ...into.traffic, rates } };
  if (a.isMTLS !== undefined || b.isMTLS !== undefined) {
    const [va, vb] = [volume(a), volume(b)];
    out.isMTLS =
      va + vb > 0
        ? Math.round((((a.isMTLS ?? 0) * va + (b.isMTLS ?? 0) * vb) / (va + vb)) * 1000) / 1000
        : (a.isMTLS ?? b.isMTLS)!;
  }
  const health = worse(a.health, b.health);
  if (health !== undefined) out.health = health;
  return withErrorPercent(out);
}

function withErrorPercent(e: EdgeData): EdgeData {
  const r = e.traffic.rates ?? {};
  const pct = (errors: number, total: number) => Math.round((errors / total) * 100_000) / 1000;
  if (e.traffic.protocol === 'http' && (r.http ?? 0) > 0) {
    const errors = (r.http4xx ?? 0) + (r.http5xx ?? 0) + (r.httpNoResponse ?? 0);
    if (errors > 0) r.httpPercentErr = pct(errors, r.http!);
  } else if (e.traffic.protocol === 'grpc' && (r.grpc ?? 0) > 0) {
    const errors = (r.grpcErr ?? 0) + (r.grpcNoResponse ?? 0);
    if (errors > 0) r.grpcPercentErr = pct(errors, r.grpc!);
  }
  return e;
}

/** A folded edge's share of its source's requests of the same protocol (Kiali's percentReq). */
function recomputeShares(edges: Map<string, EdgeData>, id: string): void {
  const e = edges.get(id)!;
  const protocol = e.traffic.protocol;
  if (protocol === 'tcp') return;
  let total = 0;
  for (const other of edges.values()) {
    if (other.source === e.source && other.traffic.protocol === protocol)
      total += other.traffic.rates?.[protocol] ?? 0;
  }
  const own = e.traffic.rates?.[protocol] ?? 0;
  if (total > 0 && own > 0)
    e.traffic.rates![protocol === 'http' ? 'httpPercentReq' : 'grpcPercentReq'] =
      Math.round((own / total) * 100_000) / 1000;
}
