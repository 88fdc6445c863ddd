import type { EdgeData, Graph, GraphType, NodeData, Protocol } from '@sextant/contracts';
import { canonicalRevision, canonicalService, type ClusterState } from '../cluster/clusterState.ts';
import { entityHealth } from '../health/entityHealth.ts';
import { healthCodeOf, type RatesByCode } from '../health/requestHealth.ts';
import { DEFAULT_TOLERANCES, type Tolerance } from '../health/tolerance.ts';
import { edgeId } from './elements.ts';
import { isOK, nodeIdentity, UNKNOWN } from './identity.ts';
import type { GraphError, PromSample } from './types.ts';

/**
 * The scope-first graph: one node per namespace and one edge per namespace pair and protocol, from
 * two aggregated queries whatever the number of namespaces. A mesh too big to draw node by node
 * starts here and expands a namespace at a time (no console has this; Kiali draws every node or
 * nothing). Requests count once, where they arrived (`reporter="destination"`), plus what callers
 * reported of requests that reached no proxy (`destination_workload="unknown"`), as Kiali counts.
 */

export type NamespaceGraphQueryId = 'nsRequests' | 'nsTcp';

export interface NamespaceGraphQuery {
  id: NamespaceGraphQueryId;
  promql: string;
}

const BY_PAIR = 'source_workload_namespace,destination_workload_namespace,destination_service_namespace';

/** Both series sets of a metric, each request once (see the module comment). */
const countedOnce = (metric: string, window: string): string =>
  `rate(${metric}{reporter="destination"}[${window}]) or ` +
  `rate(${metric}{reporter="source",destination_workload="unknown"}[${window}])`;

/** The constant query plan: the same two queries for 1 namespace or 1,000. */
export function namespaceGraphQueries(durationSeconds: number): NamespaceGraphQuery[] {
  const window = `${Math.max(1, Math.round(durationSeconds))}s`;
  return [
    {
      id: 'nsRequests',
      promql:
        `sum by (${BY_PAIR},request_protocol,response_code,grpc_response_status,connection_security_policy) ` +
        `(${countedOnce('istio_requests_total', window)})`,
    },
    {
      id: 'nsTcp',
      promql: `sum by (${BY_PAIR},connection_security_policy) (${countedOnce('istio_tcp_sent_bytes_total', window)})`,
    },
  ];
}

/** How many nodes a namespace would draw in the full graph of a type, estimated from the cluster. */
export function estimatedNodes(
  counts: { workloads: number; apps: number; versions: number; services: number },
  graphType: GraphType,
  injectServiceNodes: boolean,
): number {
  const services = injectServiceNodes || graphType === 'service' ? counts.services : 0;
  switch (graphType) {
    case 'workload':
      return counts.workloads + services;
    case 'versionedApp':
      return counts.versions + services;
    case 'app':
      return counts.apps + services;
    case 'service':
      return services;
  }
}

export interface NamespaceGraphInput {
  /** The namespaces asked for; callers and callees elsewhere become outside nodes. */
  namespaces: readonly string[];
  graphType: GraphType;
  injectServiceNodes: boolean;
  durationSeconds: number;
  /** Unix seconds. */
  queryTime: number;
  results: Partial<Record<NamespaceGraphQueryId, readonly PromSample[]>>;
  cluster: ClusterState;
  /** Namespaces the user may not read: drawn, flagged inaccessible, never expanded. */
  readable?: (namespace: string) => boolean;
  tolerances?: readonly Tolerance[];
  errors?: readonly GraphError[];
}

interface Flow {
  http: Map<string, number>;
  grpc: Map<string, number>;
  tcp: number;
  /** Per protocol, requests (bytes for tcp) that arrived over mutual TLS, of all whose security is known. */
  security: Record<Protocol, { mtls: number; known: number }>;
}

const emptyFlow = (): Flow => ({
  http: new Map(),
  grpc: new Map(),
  tcp: 0,
  security: { http: { mtls: 0, known: 0 }, grpc: { mtls: 0, known: 0 }, tcp: { mtls: 0, known: 0 } },
});
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** Where an end of a request is drawn: its namespace's node, or a node of its own when it has none. */
interface End {
  id: string;
  /** The namespace node's namespace; undefined for the unknown source or an unresolved service. */
  namespace: string | undefined;
  node: NodeData;
}

export function buildNamespaceGraph(input: NamespaceGraphInput): Graph {
  const cluster = input.cluster.clusterName;
  const requested = new Set(input.namespaces);
  const tolerances = input.tolerances ?? DEFAULT_TOLERANCES;
  const readable = input.readable ?? (() => true);
  const ends = new Map<string, End>();
  const flows = new Map<string, { source: string; target: string; flow: Flow }>();

  const register = (end: End): End => {
    const known = ends.get(end.id);
    if (known) return known;
    ends.set(end.id, end);
    return end;
  };
  const namespaceEnd = (namespace: string): End => {
    const id = `ns_${cluster}_${namespace}`;
    return { id, namespace, node: { id, nodeType: 'namespace', cluster, namespace } };
  };
  /** Kiali's own nodes for an end no namespace names: the unknown caller, an unresolved service. */
  const namelessEnd = (source: boolean): End => {
    // Istio reports an unmeshed caller's cluster as unknown too: Kiali's id is `unknown_unknown_source`.
    const nameless = {
      cluster: source ? UNKNOWN : cluster,
      workloadNamespace: UNKNOWN,
      workload: UNKNOWN,
      app: UNKNOWN,
      version: '',
    };
    const identity = nodeIdentity(
      source
        ? { ...nameless, serviceNamespace: UNKNOWN, service: '' }
        : { ...nameless, serviceNamespace: UNKNOWN, service: UNKNOWN },
      'workload',
    )!;
    const node: NodeData = {
      id: identity.id,
      nodeType: identity.nodeType,
      cluster,
      namespace: identity.namespace,
    };
    if (identity.nodeType === 'service') node.service = identity.service;
    return { id: identity.id, namespace: undefined, node };
  };
  const sourceEnd = (m: Readonly<Record<string, string>>) => {
    const ns = m['source_workload_namespace'] ?? '';
    return isOK(ns) ? namespaceEnd(ns) : namelessEnd(true);
  };
  const destinationEnd = (m: Readonly<Record<string, string>>) => {
    const workloadNs = m['destination_workload_namespace'] ?? '';
    const serviceNs = m['destination_service_namespace'] ?? '';
    if (isOK(workloadNs)) return namespaceEnd(workloadNs);
    if (isOK(serviceNs)) return namespaceEnd(serviceNs);
    return namelessEnd(false);
  };
  const flowOf = (source: End, target: End) => {
    // Only what touches a requested namespace is drawn.
    if (!requested.has(source.namespace ?? '') && !requested.has(target.namespace ?? '')) return undefined;
    register(source);
    register(target);
    const key = `${source.id}\u0000${target.id}`;
    let entry = flows.get(key);
    if (!entry) flows.set(key, (entry = { source: source.id, target: target.id, flow: emptyFlow() }));
    return entry.flow;
  };

  for (const s of input.results.nsRequests ?? []) {
    if (!Number.isFinite(s.value) || s.value <= 0) continue;
    const code = healthCodeOf(s.metric);
    if (!code) continue;
    const flow = flowOf(sourceEnd(s.metric), destinationEnd(s.metric));
    if (!flow) continue;
    add(flow[code.protocol], code.code, s.value);
    countSecurity(flow, code.protocol, s.metric, s.value);
  }
  for (const s of input.results.nsTcp ?? []) {
    if (!Number.isFinite(s.value) || s.value <= 0) continue;
    const flow = flowOf(sourceEnd(s.metric), destinationEnd(s.metric));
    if (!flow) continue;
    flow.tcp += s.value;
    countSecurity(flow, 'tcp', s.metric, s.value);
  }
  // Every requested namespace is drawn, with or without traffic, so it can be expanded.
  for (const ns of requested) register(namespaceEnd(ns));

  const inbound = new Map<string, Flow>();
  const outbound = new Map<string, Flow>();
  const merge = (into: Map<string, Flow>, id: string, flow: Flow) => {
    let total = into.get(id);
    if (!total) into.set(id, (total = emptyFlow()));
    for (const p of ['http', 'grpc'] as const) for (const [k, v] of flow[p]) add(total[p], k, v);
    total.tcp += flow.tcp;
  };
  for (const { source, target, flow } of flows.values()) {
    merge(outbound, source, flow);
    merge(inbound, target, flow);
  }

  const nodes = [...ends.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((end) => ({
      data: namespaceNode(end, {
        requested,
        readable,
        cluster: input.cluster,
        graphType: input.graphType,
        injectServiceNodes: input.injectServiceNodes,
        inbound: inbound.get(end.id),
        outbound: outbound.get(end.id),
        tolerances,
      }),
    }));

  const edges: { data: EdgeData }[] = [];
  for (const { source, target, flow } of [...flows.values()].sort((a, b) =>
    `${a.source} ${a.target}`.localeCompare(`${b.source} ${b.target}`),
  )) {
    const out = outbound.get(source)!;
    for (const protocol of ['http', 'grpc', 'tcp'] as const) {
      const data = namespaceEdge(source, target, protocol, flow, out, tolerances);
      if (data) edges.push({ data });
    }
  }

  return {
    timestamp: input.queryTime,
    duration: input.durationSeconds,
    graphType: input.graphType,
    elements: { nodes, edges },
    aggregation: {
      level: 'namespace',
      queries: namespaceGraphQueries(input.durationSeconds).length,
      estimatedNodes: nodes.reduce(
        (total, n) => total + (requested.has(n.data.namespace) ? (n.data.aggregate?.nodes ?? 0) : 0),
        0,
      ),
    },
    ...(input.errors && input.errors.length > 0 ? { errors: [...input.errors] } : {}),
  };
}

function countSecurity(
  flow: Flow,
  protocol: Protocol,
  metric: Readonly<Record<string, string>>,
  value: number,
) {
  const policy = metric['connection_security_policy'];
  // Only the destination proxy knows how a connection arrived; source-reported series say "unknown".
  if (policy === undefined || policy === UNKNOWN || policy === '') return;
  flow.security[protocol].known += value;
  if (policy === 'mutual_tls') flow.security[protocol].mtls += value;
}

const requestRates = (flow: Flow | undefined): RatesByCode | undefined =>
  flow && (sum(flow.http) > 0 || sum(flow.grpc) > 0) ? { http: flow.http, grpc: flow.grpc } : undefined;

function namespaceNode(
  end: End,
  ctx: {
    requested: ReadonlySet<string>;
    readable: (ns: string) => boolean;
    cluster: ClusterState;
    graphType: GraphType;
    injectServiceNodes: boolean;
    inbound: Flow | undefined;
    outbound: Flow | undefined;
    tolerances: readonly Tolerance[];
  },
): NodeData {
  const data: NodeData = { ...end.node };
  const traffic = nodeTraffic(ctx.inbound, ctx.outbound);
  if (traffic.length > 0) data.traffic = traffic;
  if (end.namespace === undefined) {
    // The unknown caller and unresolved destinations, as in Kiali's graph.
    if (end.node.nodeType === 'unknown') data.isRoot = true;
    return data;
  }
  const ns = end.namespace;
  if (!ctx.requested.has(ns)) data.isOutside = true;
  if (!ctx.readable(ns)) {
    data.isInaccessible = true;
    return data;
  }
  const workloads = ctx.cluster.workloads.filter((w) => w.namespace === ns);
  const services = ctx.cluster.services.filter((s) => s.namespace === ns).length;
  const apps = new Set(workloads.map(canonicalService)).size;
  const versions = new Set(workloads.map((w) => `${canonicalService(w)}\u0000${canonicalRevision(w)}`)).size;
  data.aggregate = {
    workloads: workloads.length,
    apps,
    services,
    nodes: estimatedNodes(
      { workloads: workloads.length, apps, versions, services },
      ctx.graphType,
      ctx.injectServiceNodes,
    ),
  };
  const health = entityHealth({
    replicas: workloads.map((w) => ({ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas })),
    inbound: requestRates(ctx.inbound),
    outbound: requestRates(ctx.outbound),
    tolerances: ctx.tolerances,
  });
  data.health = health.status;
  if (health.reasons.length > 0) data.healthReasons = health.reasons;
  return data;
}

/** Kiali's node traffic keys: in by code class, out in total. */
function nodeTraffic(inbound: Flow | undefined, outbound: Flow | undefined): NodeData['traffic'] & object {
  const out: { protocol: Protocol; rates: Record<string, number> }[] = [];
  const httpIn = inbound ? sum(inbound.http) : 0;
  const httpOut = outbound ? sum(outbound.http) : 0;
  if (httpIn > 0 || httpOut > 0) {
    const rates: Record<string, number> = {};
    if (httpIn > 0) {
      const cls = byClass(inbound!.http);
      rates['httpIn'] = httpIn;
      if (cls['3'] > 0) rates['httpIn3xx'] = cls['3'];
      if (cls['4'] > 0) rates['httpIn4xx'] = cls['4'];
      if (cls['5'] > 0) rates['httpIn5xx'] = cls['5'];
      if (cls.none > 0) rates['httpInNoResponse'] = cls.none;
    }
    if (httpOut > 0) rates['httpOut'] = httpOut;
    out.push({ protocol: 'http', rates });
  }
  const grpcIn = inbound ? sum(inbound.grpc) : 0;
  const grpcOut = outbound ? sum(outbound.grpc) : 0;
  if (grpcIn > 0 || grpcOut > 0) {
    const rates: Record<string, number> = {};
    if (grpcIn > 0) {
      rates['grpcIn'] = grpcIn;
      const err = grpcIn - (inbound!.grpc.get('0') ?? 0);
      if (err > 0) rates['grpcInErr'] = err;
    }
    if (grpcOut > 0) rates['grpcOut'] = grpcOut;
    out.push({ protocol: 'grpc', rates });
  }
  const tcpIn = inbound?.tcp ?? 0;
  const tcpOut = outbound?.tcp ?? 0;
  if (tcpIn > 0 || tcpOut > 0) {
    const rates: Record<string, number> = {};
    if (tcpIn > 0) rates['tcpIn'] = tcpIn;
    if (tcpOut > 0) rates['tcpOut'] = tcpOut;
    out.push({ protocol: 'tcp', rates });
  }
  return out;
}

function byClass(codes: ReadonlyMap<string, number>): {
  '3': number;
  '4': number;
  '5': number;
  none: number;
} {
  const out = { '3': 0, '4': 0, '5': 0, none: 0 };
  for (const [code, rate] of codes) {
    if (code === '0' || code === '-') out.none += rate;
    else if (code[0] === '3' || code[0] === '4' || code[0] === '5') out[code[0]] += rate;
  }
  return out;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function namespaceEdge(
  source: string,
  target: string,
  protocol: Protocol,
  flow: Flow,
  sourceOut: Flow,
  tolerances: readonly Tolerance[],
): EdgeData | undefined {
  const rates: Record<string, number> = {};
  let codes: RatesByCode | undefined;
  if (protocol === 'tcp') {
    if (flow.tcp <= 0) return undefined;
    rates['tcp'] = flow.tcp;
  } else {
    const total = sum(flow[protocol]);
    if (total <= 0) return undefined;
    const of = sum(sourceOut[protocol]);
    if (protocol === 'http') {
      const cls = byClass(flow.http);
      rates['http'] = total;
      if (cls['3'] > 0) rates['http3xx'] = cls['3'];
      if (cls['4'] > 0) rates['http4xx'] = cls['4'];
      if (cls['5'] > 0) rates['http5xx'] = cls['5'];
      if (cls.none > 0) rates['httpNoResponse'] = cls.none;
      const errors = cls['4'] + cls['5'] + cls.none;
      if (errors > 0) rates['httpPercentErr'] = round((errors / total) * 100);
      if (of > 0) rates['httpPercentReq'] = round((total / of) * 100);
      codes = { http: flow.http, grpc: new Map() };
    } else {
      const errors = total - (flow.grpc.get('0') ?? 0);
      rates['grpc'] = total;
      if (errors > 0) {
        rates['grpcErr'] = errors;
        rates['grpcPercentErr'] = round((errors / total) * 100);
      }
      if (of > 0) rates['grpcPercentReq'] = round((total / of) * 100);
      codes = { http: new Map(), grpc: flow.grpc };
    }
  }
  const data: EdgeData = {
    id: edgeId(source, target, protocol),
    source,
    target,
    traffic: { protocol, rates, responses: {} },
  };
  const security = flow.security[protocol];
  if (security.known > 0) data.isMTLS = round((security.mtls / security.known) * 100);
  if (codes) {
    const health = entityHealth({ replicas: [], inbound: codes, outbound: undefined, tolerances });
    data.health = health.status;
    if (health.reasons.length > 0) data.healthReasons = health.reasons;
  }
  return data;
}
