import type { EdgeData, Graph, GraphType, HealthStatus, NodeData, Protocol } from '@sextant/contracts';
import { matches, type Flag, type FindExpr, type FindSubject } from '../find/findLanguage.ts';
import type { EdgeLabelMode } from '../urlState.ts';
import { formatBytesPerSecond, formatMs, formatPercent, formatRate } from './format.ts';

/**
 * The graph as the page draws it: the server's Graph (Kiali's shape) turned into what a drawing
 * needs — shapes, labels, widths, badges — with no drawing library involved. Pure.
 */

/** `namespace`: a whole namespace, drawn by the scope-first graph until it is expanded. */
export type NodeShape = 'app' | 'workload' | 'service' | 'serviceentry' | 'unknown' | 'gateway' | 'namespace';
export type HealthLevel = 'healthy' | 'degraded' | 'failure' | 'na';
export type MtlsLevel = 'full' | 'partial' | 'none' | 'unknown';

export interface BadgeInfo {
  key: 'vs' | 'cb' | 'fault' | 'shifting' | 'timeout' | 'mirror' | 'nosidecar';
  /** Two letters drawn on the canvas. */
  short: string;
  title: string;
}

export const BADGES: readonly BadgeInfo[] = [
  { key: 'vs', short: 'VS', title: 'VirtualService' },
  { key: 'cb', short: 'CB', title: 'Circuit breaker' },
  { key: 'fault', short: 'FI', title: 'Fault injection' },
  { key: 'shifting', short: 'TS', title: 'Traffic shifting' },
  { key: 'timeout', short: 'TO', title: 'Request timeout' },
  { key: 'mirror', short: 'MI', title: 'Mirroring' },
  { key: 'nosidecar', short: 'NS', title: 'Missing sidecar' },
];

export interface ViewBox {
  id: string;
  parent: string | undefined;
  boxKind: 'namespace' | 'app' | 'cluster';
  label: string;
  /** A box of a namespace that was not asked for (callers from outside). */
  outside: boolean;
}

export interface ViewNode {
  id: string;
  parent: string | undefined;
  shape: NodeShape;
  /** Drawn under the node; short when a box already names the app. */
  label: string;
  /** Full human name ("reviews v2", "productpage (service)"), for lists, the panel and tests. */
  name: string;
  health: HealthLevel;
  healthReasons: readonly string[];
  badges: readonly BadgeInfo[];
  idle: boolean;
  root: boolean;
  outside: boolean;
  data: NodeData;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  protocol: Protocol;
  label: string;
  health: HealthLevel;
  /** Requests/s (bytes/s for TCP). */
  rate: number;
  /** Line width in pixels at zoom 1. */
  width: number;
  mtls: MtlsLevel;
  data: EdgeData;
}

export interface GraphView {
  graphType: GraphType;
  boxes: ViewBox[];
  nodes: ViewNode[];
  edges: ViewEdge[];
}

export function healthLevel(status: HealthStatus | undefined): HealthLevel {
  switch (status) {
    case 'Healthy':
      return 'healthy';
    case 'Degraded':
      return 'degraded';
    case 'Failure':
    case 'Not Ready':
      return 'failure';
    case 'NA':
    case undefined:
      return 'na';
  }
}

export const HEALTH_TEXT: Record<HealthLevel, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failure: 'Failure',
  na: 'No health data',
};

export function nodeShape(node: NodeData): NodeShape | 'box' {
  if (node.nodeType === 'box') return 'box';
  if (node.isGateway) return 'gateway';
  if (node.isServiceEntry) return 'serviceentry';
  return node.nodeType;
}

/** The node's full name, independent of boxes. */
export function nodeName(node: NodeData): string {
  if (node.nodeType === 'unknown') return 'unknown';
  if (node.isServiceEntry) return node.isServiceEntry.hosts[0] ?? node.service ?? node.id;
  switch (node.nodeType) {
    case 'workload':
      return node.workload ?? node.id;
    case 'service':
      return node.service ?? node.id;
    case 'app':
      return node.version && node.version !== 'unknown'
        ? `${node.app} ${node.version}`
        : (node.app ?? node.id);
    case 'box':
      return node.app ?? node.namespace;
    case 'namespace':
      return node.namespace;
  }
}

/** "12 nodes" under a namespace node: what expanding it would draw. */
export function aggregateSize(node: NodeData): string | undefined {
  if (node.nodeType !== 'namespace') return undefined;
  if (node.isInaccessible) return 'no access';
  const n = node.aggregate?.nodes;
  return n === undefined ? undefined : `${n} node${n === 1 ? '' : 's'}`;
}

function drawnLabel(node: NodeData, box: NodeData | undefined, requested: ReadonlySet<string>): string {
  if (node.nodeType === 'namespace') {
    const size = aggregateSize(node);
    return size ? `${node.namespace}\n${size}` : node.namespace;
  }
  const inAppBox = box?.isBox === 'app';
  let label = nodeName(node);
  // Inside an app box the box names the app; the node only says which version.
  if (inAppBox && node.nodeType === 'app' && node.version && node.version !== 'unknown') label = node.version;
  // A namespace box already says where the node lives.
  const outsideNamespace =
    !box &&
    node.nodeType !== 'unknown' &&
    !node.isServiceEntry &&
    requested.size > 0 &&
    !requested.has(node.namespace);
  return outsideNamespace ? `${label}\n${node.namespace}` : label;
}

export function nodeBadges(node: NodeData): BadgeInfo[] {
  const on: Record<BadgeInfo['key'], boolean | undefined> = {
    vs: node.hasVS !== undefined,
    cb: node.hasCB,
    fault: node.hasFaultInjection,
    shifting: node.hasTrafficShifting || node.hasTCPTrafficShifting,
    timeout: node.hasRequestTimeout,
    mirror: node.hasMirroring,
    nosidecar: node.isOutOfMesh,
  };
  return BADGES.filter((b) => on[b.key]);
}

/** An edge's rates; an idle edge (includeIdleEdges) has none. */
export const edgeRates = (edge: EdgeData): Readonly<Record<string, number>> => edge.traffic.rates ?? {};

/** Requests/s of an edge; bytes/s for TCP. */
export function edgeRate(edge: EdgeData): number {
  const r = edgeRates(edge);
  switch (edge.traffic.protocol) {
    case 'http':
      return r.http ?? 0;
    case 'grpc':
      return r.grpc ?? 0;
    case 'tcp':
      return r.tcp ?? 0;
  }
}

/** Percent of the edge's requests that failed (HTTP 4xx/5xx/no response, gRPC errors). */
export function edgeErrorPercent(edge: EdgeData): number {
  const r = edgeRates(edge);
  if (edge.traffic.protocol === 'http') return r.httpPercentErr ?? 0;
  if (edge.traffic.protocol === 'grpc') return r.grpcPercentErr ?? 0;
  return 0;
}

export function mtlsLevel(isMTLS: number | undefined): MtlsLevel {
  if (isMTLS === undefined) return 'unknown';
  if (isMTLS >= 99.5) return 'full';
  if (isMTLS > 0) return 'partial';
  return 'none';
}

export function edgeLabelText(edge: EdgeData, mode: EdgeLabelMode): string {
  const protocol = edge.traffic.protocol;
  const r = edgeRates(edge);
  switch (mode) {
    case 'none':
      return '';
    case 'rate': {
      if (protocol === 'tcp') return formatBytesPerSecond(r.tcp ?? 0);
      const rate = `${formatRate(edgeRate(edge))} rps`;
      const err = edgeErrorPercent(edge);
      return err > 0 ? `${rate}\n${formatPercent(err)} err` : rate;
    }
    case 'percent': {
      const share =
        protocol === 'http' ? r.httpPercentReq : protocol === 'grpc' ? r.grpcPercentReq : undefined;
      return share === undefined ? '' : formatPercent(share);
    }
    case 'rtP95':
    case 'rtAvg':
      return edge.responseTime === undefined ? '' : formatMs(edge.responseTime);
    case 'throughput':
      if (protocol === 'tcp') return formatBytesPerSecond(r.tcp ?? 0);
      return edge.throughput === undefined ? '' : formatBytesPerSecond(edge.throughput);
  }
}

const MIN_EDGE_WIDTH = 1.5;
const MAX_EDGE_WIDTH = 7;

/** Width by rate relative to the busiest edge of the same kind; square root so small flows stay visible. */
export function edgeWidth(rate: number, maxRate: number): number {
  if (!(rate > 0) || !(maxRate > 0)) return MIN_EDGE_WIDTH;
  const share = Math.min(1, rate / maxRate);
  return Math.round((MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * Math.sqrt(share)) * 10) / 10;
}

export interface ViewOptions {
  edgeLabel: EdgeLabelMode;
  /** The namespaces asked for: nodes from elsewhere say which namespace they are in. */
  namespaces: readonly string[];
  /** Elements matching it are left out (edges of a hidden node too, and boxes left empty). */
  hide?: FindExpr | undefined;
}

export function toGraphView(graph: Graph, options: ViewOptions): GraphView {
  const requested = new Set(options.namespaces);
  const allNodes = graph.elements.nodes.map((n) => n.data);
  const boxData = new Map(allNodes.filter((n) => n.nodeType === 'box').map((n) => [n.id, n]));
  const incident = incidentEdges(graph);

  const hidden = new Set<string>();
  if (options.hide) {
    for (const n of allNodes) {
      if (n.nodeType !== 'box' && matches(options.hide, nodeSubject(n, incident.get(n.id)))) hidden.add(n.id);
    }
  }

  const nodes: ViewNode[] = [];
  for (const n of allNodes) {
    if (n.nodeType === 'box' || hidden.has(n.id)) continue;
    const parentBox = n.parent ? boxData.get(n.parent) : undefined;
    nodes.push({
      id: n.id,
      parent: n.parent,
      shape: nodeShape(n) as NodeShape,
      label: drawnLabel(n, parentBox, requested),
      name: nodeName(n),
      health: healthLevel(n.health),
      healthReasons: n.healthReasons ?? [],
      badges: nodeBadges(n),
      idle: n.isIdle === true,
      root: n.isRoot === true,
      outside: n.isOutside === true,
      data: n,
    });
  }

  const edgeData = graph.elements.edges
    .map((e) => e.data)
    .filter((e) => !hidden.has(e.source) && !hidden.has(e.target))
    .filter((e) => !options.hide || !matches(options.hide, edgeSubject(e)));
  const maxRate = { request: 0, tcp: 0 };
  for (const e of edgeData) {
    const kind = e.traffic.protocol === 'tcp' ? 'tcp' : 'request';
    maxRate[kind] = Math.max(maxRate[kind], edgeRate(e));
  }
  const edges: ViewEdge[] = edgeData.map((e) => {
    const rate = edgeRate(e);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      protocol: e.traffic.protocol,
      label: edgeLabelText(e, options.edgeLabel),
      health: healthLevel(e.health),
      rate,
      width: edgeWidth(rate, maxRate[e.traffic.protocol === 'tcp' ? 'tcp' : 'request']),
      mtls: mtlsLevel(e.isMTLS),
      data: e,
    };
  });

  // Keep only boxes that still hold something, directly or through a nested box.
  const used = new Set<string>();
  const markUsed = (id: string | undefined) => {
    while (id && !used.has(id) && boxData.has(id)) {
      used.add(id);
      id = boxData.get(id)?.parent;
    }
  };
  for (const n of nodes) markUsed(n.parent);
  const boxes: ViewBox[] = [...boxData.values()]
    .filter((b) => used.has(b.id))
    .map((b) => ({
      id: b.id,
      parent: b.parent,
      boxKind: b.isBox === 'app' ? 'app' : b.isBox === 'cluster' ? 'cluster' : 'namespace',
      label: b.isBox === 'app' ? (b.app ?? b.id) : b.isBox === 'cluster' ? b.cluster : b.namespace,
      outside: b.isOutside === true,
    }));

  return { graphType: graph.graphType, boxes, nodes, edges };
}

function incidentEdges(graph: Graph): Map<string, EdgeData[]> {
  const out = new Map<string, EdgeData[]>();
  for (const { data: e } of graph.elements.edges) {
    for (const id of [e.source, e.target]) {
      const list = out.get(id);
      if (list) list.push(e);
      else out.set(id, [e]);
    }
  }
  return out;
}

/** A node's traffic, summed per direction and code class. */
export interface NodeTrafficSummary {
  inbound: RequestTotals;
  outbound: RequestTotals;
  tcpIn: number;
  tcpOut: number;
}

export interface RequestTotals {
  /** Requests/s, HTTP and gRPC together. */
  total: number;
  ok: number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  noResponse: number;
  grpcErr: number;
  /** 4xx + 5xx + no response + gRPC errors, as a percent of total. */
  errorPercent: number;
}

function totals(parts: Omit<RequestTotals, 'ok' | 'errorPercent'>): RequestTotals {
  const errors = parts['4xx'] + parts['5xx'] + parts.noResponse + parts.grpcErr;
  const ok = Math.max(0, parts.total - errors - parts['3xx']);
  return { ...parts, ok, errorPercent: parts.total > 0 ? (errors / parts.total) * 100 : 0 };
}

/**
 * Inbound from the node's own rates; outbound from its outgoing edges (the node carries only the
 * outbound total, the edges carry the codes).
 */
export function nodeTraffic(node: NodeData, outgoing: readonly EdgeData[]): NodeTrafficSummary {
  const rate = (protocol: Protocol, key: string) =>
    node.traffic?.find((t) => t.protocol === protocol)?.rates[key] ?? 0;
  const inbound = totals({
    total: rate('http', 'httpIn') + rate('grpc', 'grpcIn'),
    '3xx': rate('http', 'httpIn3xx'),
    '4xx': rate('http', 'httpIn4xx'),
    '5xx': rate('http', 'httpIn5xx'),
    noResponse: rate('http', 'httpInNoResponse'),
    grpcErr: rate('grpc', 'grpcInErr'),
  });
  const out = { total: 0, '3xx': 0, '4xx': 0, '5xx': 0, noResponse: 0, grpcErr: 0 };
  for (const e of outgoing) {
    const r = edgeRates(e);
    if (e.traffic.protocol === 'http') {
      out.total += r.http ?? 0;
      out['3xx'] += r.http3xx ?? 0;
      out['4xx'] += r.http4xx ?? 0;
      out['5xx'] += r.http5xx ?? 0;
      out.noResponse += r.httpNoResponse ?? 0;
    } else if (e.traffic.protocol === 'grpc') {
      out.total += r.grpc ?? 0;
      out.grpcErr += r.grpcErr ?? 0;
    }
  }
  const nodeOut = rate('http', 'httpOut') + rate('grpc', 'grpcOut');
  // Outgoing edges may be hidden or outside the graph; the node's own total is authoritative.
  if (nodeOut > out.total) out.total = nodeOut;
  return { inbound, outbound: totals(out), tcpIn: rate('tcp', 'tcpIn'), tcpOut: rate('tcp', 'tcpOut') };
}

/** What the find / hide language sees of a node. */
export function nodeSubject(node: NodeData, edges: readonly EdgeData[] = []): FindSubject {
  const names = new Set<string>();
  for (const v of [node.app, node.workload, node.service, ...(node.isServiceEntry?.hosts ?? [])]) {
    if (v) names.add(v);
  }
  if (node.app && node.version) names.add(`${node.app}-${node.version}`);
  if (node.nodeType === 'unknown') names.add('unknown');
  const health = healthLevel(node.health);
  const traffic = nodeTraffic(
    node,
    edges.filter((e) => e.source === node.id),
  );
  const protocols = new Set((node.traffic ?? []).map((t) => t.protocol));
  const flags = new Set<Flag>(['node', ...protocols]);
  addHealthFlags(flags, health);
  const flagIf = (flag: Flag, on: unknown) => on && flags.add(flag);
  flagIf('idle', node.isIdle);
  flagIf('root', node.isRoot);
  flagIf('outside', node.isOutside);
  flagIf('gateway', node.isGateway);
  flagIf('serviceentry', node.isServiceEntry);
  flagIf('unknown', node.nodeType === 'unknown');
  flagIf('outofmesh', node.isOutOfMesh);
  flagIf('dead', node.isDead);
  flagIf('vs', node.hasVS);
  flagIf('cb', node.hasCB);
  flagIf('fault', node.hasFaultInjection);
  flagIf('shifting', node.hasTrafficShifting);
  flagIf('timeout', node.hasRequestTimeout);
  flagIf('mirror', node.hasMirroring);
  const shape = nodeShape(node);
  return {
    text: {
      name: [...names],
      namespace: [node.namespace],
      app: node.app ? [node.app] : [],
      version: node.version ? [node.version] : [],
      workload: node.workload ? [node.workload] : [],
      service: node.service ? [node.service] : [],
      type: shape === node.nodeType ? [shape] : [shape, node.nodeType],
      health: [health, HEALTH_TEXT[health].toLowerCase()],
      protocol: [...protocols],
      cluster: [node.cluster],
    },
    numbers: {
      rate: traffic.inbound.total || traffic.outbound.total,
      httpin: traffic.inbound.total,
      httpout: traffic.outbound.total,
      errpct: traffic.inbound.errorPercent,
    },
    flags,
  };
}

/** What the find / hide language sees of an edge. */
export function edgeSubject(edge: EdgeData): FindSubject {
  const health = healthLevel(edge.health);
  const flags = new Set<Flag>(['edge', edge.traffic.protocol]);
  addHealthFlags(flags, health);
  if ((edge.isMTLS ?? 0) > 0) flags.add('mtls');
  const r = edgeRates(edge);
  const share = edge.traffic.protocol === 'http' ? r.httpPercentReq : r.grpcPercentReq;
  const numbers: FindSubject['numbers'] = { rate: edgeRate(edge), errpct: edgeErrorPercent(edge) };
  if (share !== undefined) numbers.trafficpct = share;
  if (edge.responseTime !== undefined) numbers.rt = edge.responseTime;
  if (edge.isMTLS !== undefined) numbers.mtls = edge.isMTLS;
  if (edge.throughput !== undefined) numbers.throughput = edge.throughput;
  if (edge.traffic.protocol === 'tcp') numbers.throughput = r.tcp ?? 0;
  return {
    text: {
      protocol: [edge.traffic.protocol],
      health: [health, HEALTH_TEXT[health].toLowerCase()],
      type: ['edge'],
    },
    numbers,
    flags,
  };
}

function addHealthFlags(flags: Set<Flag>, health: HealthLevel): void {
  if (health === 'healthy') flags.add('healthy');
  if (health === 'degraded') flags.add('degraded');
  if (health === 'failure') flags.add('failure');
  if (health === 'degraded' || health === 'failure') flags.add('unhealthy');
}

/** Ids of the drawn nodes and edges that `find` matches. */
export function findMatches(view: GraphView, find: FindExpr | undefined): Set<string> {
  const found = new Set<string>();
  if (!find) return found;
  const outgoing = new Map<string, EdgeData[]>();
  for (const e of view.edges) {
    for (const id of [e.source, e.target]) {
      const list = outgoing.get(id);
      if (list) list.push(e.data);
      else outgoing.set(id, [e.data]);
    }
  }
  for (const n of view.nodes) if (matches(find, nodeSubject(n.data, outgoing.get(n.id)))) found.add(n.id);
  for (const e of view.edges) if (matches(find, edgeSubject(e.data))) found.add(e.id);
  return found;
}

export interface GraphSummary {
  nodes: number;
  edges: number;
  byShape: Partial<Record<NodeShape, number>>;
  /** Requests/s entering the graph: on edges out of root nodes (gateways, unknown callers). */
  ingressRate: number;
  /** Requests/s over all HTTP/gRPC edges. */
  requestRate: number;
  /** Percent of edge requests that failed. */
  errorPercent: number;
  /** Percent of edge requests sent with mutual TLS, where measured. */
  mtlsPercent: number | undefined;
  tcpRate: number;
  unhealthy: ViewNode[];
}

export function graphSummary(view: GraphView): GraphSummary {
  const byShape: GraphSummary['byShape'] = {};
  for (const n of view.nodes) byShape[n.shape] = (byShape[n.shape] ?? 0) + 1;
  const roots = new Set(view.nodes.filter((n) => n.root).map((n) => n.id));
  let ingressRate = 0;
  let requestRate = 0;
  let errors = 0;
  let tcpRate = 0;
  let mtlsWeighted = 0;
  let mtlsMeasured = 0;
  for (const e of view.edges) {
    if (e.protocol === 'tcp') {
      tcpRate += e.rate;
      continue;
    }
    requestRate += e.rate;
    errors += (e.rate * edgeErrorPercent(e.data)) / 100;
    if (roots.has(e.source)) ingressRate += e.rate;
    if (e.data.isMTLS !== undefined) {
      mtlsWeighted += e.rate * e.data.isMTLS;
      mtlsMeasured += e.rate;
    }
  }
  const rank: Record<HealthLevel, number> = { failure: 0, degraded: 1, na: 2, healthy: 3 };
  return {
    nodes: view.nodes.length,
    edges: view.edges.length,
    byShape,
    ingressRate,
    requestRate,
    errorPercent: requestRate > 0 ? (errors / requestRate) * 100 : 0,
    mtlsPercent: mtlsMeasured > 0 ? mtlsWeighted / mtlsMeasured : undefined,
    tcpRate,
    unhealthy: view.nodes
      .filter((n) => n.health === 'degraded' || n.health === 'failure')
      .sort((a, b) => rank[a.health] - rank[b.health] || a.name.localeCompare(b.name)),
  };
}
