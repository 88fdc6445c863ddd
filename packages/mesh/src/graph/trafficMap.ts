import type { GraphType, Protocol } from '@sextant/contracts';
import type { Endpoint, NodeIdentity } from './identity.ts';
import {
  BLACKHOLE_CLUSTER,
  injectsService,
  isOK,
  nodeIdentity,
  PASSTHROUGH_CLUSTER,
  serviceEndpoint,
} from './identity.ts';
import type { RequestedRates } from './options.ts';
import type { ServiceEntryMark, VirtualServiceMark } from './appenders.ts';
import type { Series } from './series.ts';
import { isHttpError } from './series.ts';

/**
 * Nodes and edges with their traffic, built the way Kiali builds its traffic map
 * (kiali `graph/telemetry/istio/istio.go`, `graph/protocol.go`, `graph/telemetry/common.go`):
 * one map per requested namespace from that namespace's series, each request counted once per
 * edge, then the maps merged.
 */

export interface ServiceName {
  cluster: string;
  namespace: string;
  name: string;
}

export interface ResponseDetail {
  flags: Map<string, number>;
  hosts: Map<string, number>;
}

/** What health judges: requests/s by code (HTTP no-response as `0`, gRPC by status). */
export interface CodeRates {
  http: Map<string, number>;
  grpc: Map<string, number>;
}

const newCodeRates = (): CodeRates => ({ http: new Map(), grpc: new Map() });

export class GraphNode {
  /** Kiali's node rates: httpIn, httpIn3xx, httpIn4xx, httpIn5xx, httpOut, grpcIn, grpcInErr, grpcOut, tcpIn, tcpOut. */
  readonly rates = new Map<string, number>();
  inByCode: CodeRates = newCodeRates();
  /** Outgoing edges by destination id and protocol, in the order they were made. */
  readonly edges = new Map<string, GraphEdge>();
  /** The identity labels of the series that last touched the node (Kiali's `tsHash`). */
  tsHash = '';
  readonly destServices = new Map<string, ServiceName>();
  isInjected = false;
  readonly isEgressCluster: boolean;
  // Set by the appenders.
  serviceEntry: ServiceEntryMark | undefined;
  virtualService: VirtualServiceMark | undefined;
  hasCB = false;
  isDead = false;
  isIdle = false;
  // Set by the finalizers.
  isOutside = false;
  isInaccessible = false;
  isRoot = false;

  constructor(public identity: NodeIdentity) {
    this.isEgressCluster =
      identity.nodeType === 'service' &&
      (identity.service === PASSTHROUGH_CLUSTER || identity.service === BLACKHOLE_CLUSTER);
  }

  get id(): string {
    return this.identity.id;
  }

  edgeTo(dest: GraphNode, protocol: Protocol): GraphEdge | undefined {
    return this.edges.get(edgeKey(dest.id, protocol));
  }
}

const edgeKey = (destId: string, protocol: Protocol) => `${destId}\u0000${protocol}`;

export class GraphEdge {
  /** Kiali's edge rates: http, http3xx, http4xx, http5xx, grpc, grpcErr, tcp. */
  readonly rates = new Map<string, number>();
  readonly responses = new Map<string, ResponseDetail>();
  readonly byCode = new Map<string, number>();
  private readonly applied = new Set<string>();
  responseTime: number | undefined;
  throughput: number | undefined;
  /** Percent of the edge's traffic that was mutual TLS, when any was. */
  mtls: number | undefined;
  readonly sourcePrincipals = new Set<string>();
  readonly destPrincipals = new Set<string>();

  constructor(
    public source: GraphNode,
    readonly dest: GraphNode,
    readonly protocol: Protocol,
    /** The namespace map (or `node` for node graphs) the edge was built in. */
    readonly origin: string,
  ) {}

  get total(): number {
    return this.rates.get(this.protocol) ?? 0;
  }

  /** Adds a series unless a series with the same identity was already applied (Kiali's edge TS hash). */
  apply(hash: string, apply: () => void): boolean {
    if (this.applied.has(hash)) return false;
    this.applied.add(hash);
    apply();
    return true;
  }
}

export const add = (m: Map<string, number>, key: string, v: number): void => {
  if (v > 0) m.set(key, (m.get(key) ?? 0) + v);
};

function addResponse(e: GraphEdge, rawCode: string, flags: string, host: string, v: number): void {
  const code = rawCode === '' ? '-' : rawCode;
  let detail = e.responses.get(code);
  if (!detail) e.responses.set(code, (detail = { flags: new Map(), hosts: new Map() }));
  if (flags !== '') detail.flags.set(flags, (detail.flags.get(flags) ?? 0) + v);
  if (host !== '') detail.hosts.set(host, (detail.hosts.get(host) ?? 0) + v);
}

/** One series' value laid on an edge and its two nodes (Kiali's `AddToMetadata`). */
function addToMetadata(
  protocol: Protocol,
  v: number,
  code: string,
  flags: string,
  host: string,
  source: GraphNode,
  dest: GraphNode,
  e: GraphEdge,
): void {
  if (!(v > 0)) return;
  switch (protocol) {
    case 'grpc': {
      add(source.rates, 'grpcOut', v);
      add(dest.rates, 'grpcIn', v);
      add(e.rates, 'grpc', v);
      addResponse(e, code, flags, host, v);
      if (code === '-') {
        add(dest.rates, 'grpcInNoResponse', v);
        add(e.rates, 'grpcNoResponse', v);
      } else if (code.length === 3 ? isHttpError(code) : code !== '0' && code !== '') {
        // Older Istio may report HTTP codes for gRPC.
        add(dest.rates, 'grpcInErr', v);
        add(e.rates, 'grpcErr', v);
      }
      // Message counts (rateGrpc sent/received) carry no status: they are not requests to judge.
      if (code !== '') {
        add(dest.inByCode.grpc, code, v);
        add(e.byCode, code, v);
      }
      break;
    }
    case 'http': {
      add(source.rates, 'httpOut', v);
      add(dest.rates, 'httpIn', v);
      add(e.rates, 'http', v);
      addResponse(e, code, flags, host, v);
      const klass = code[0];
      if (code === '-') {
        add(dest.rates, 'httpInNoResponse', v);
        add(e.rates, 'httpNoResponse', v);
      } else if (klass === '3' || klass === '4' || klass === '5') {
        add(dest.rates, `httpIn${klass}xx`, v);
        add(e.rates, `http${klass}xx`, v);
      }
      const healthCode = code === '-' ? '0' : code;
      add(dest.inByCode.http, healthCode, v);
      add(e.byCode, healthCode, v);
      break;
    }
    case 'tcp':
      add(source.rates, 'tcpOut', v);
      add(dest.rates, 'tcpIn', v);
      add(e.rates, 'tcp', v);
      addResponse(e, '-', flags, host, v);
      break;
  }
}

/** Drops a node's outgoing rates (Kiali's `ResetOutgoingMetadata`). */
export function resetOutgoing(node: GraphNode): void {
  for (const k of ['grpcOut', 'httpOut', 'tcpOut']) node.rates.delete(k);
}

/** Adds an edge's traffic to its (new) source's outgoing rates (Kiali's `AddOutgoingEdgeToMetadata`). */
export function addOutgoing(source: GraphNode, e: GraphEdge): void {
  add(source.rates, 'grpcOut', e.rates.get('grpc') ?? 0);
  add(source.rates, 'httpOut', e.rates.get('http') ?? 0);
  add(source.rates, 'tcpOut', e.rates.get('tcp') ?? 0);
}

const endpointHash = (e: Endpoint): string =>
  [e.cluster, e.serviceNamespace, e.service, e.workloadNamespace, e.workload, e.app, e.version].join(':');

export interface MapOptions {
  graphType: GraphType;
  injectServiceNodes: boolean;
  rates: RequestedRates;
}

export class TrafficMap {
  readonly nodes = new Map<string, GraphNode>();

  constructor(
    readonly origin: string,
    private readonly options: MapOptions,
  ) {}

  addNode(e: Endpoint): GraphNode | undefined {
    const identity = nodeIdentity(e, this.options.graphType);
    if (!identity) return undefined;
    let node = this.nodes.get(identity.id);
    if (!node) this.nodes.set(identity.id, (node = new GraphNode(identity)));
    node.tsHash = endpointHash(e);
    return node;
  }

  /** Lays the series of one query onto the map, in order; a series already applied to an edge is skipped. */
  populate(series: readonly Series[]): void {
    const { rates, injectServiceNodes, graphType } = this.options;
    for (const s of series) {
      if (s.metric === 'istio_requests_total') {
        if (s.protocol === 'grpc' && rates.grpc !== 'requests') continue;
        if (s.protocol === 'http' && rates.http !== 'requests') continue;
      }
      const inject = injectsService(s.dest, graphType, injectServiceNodes);
      if (inject === undefined) continue;
      this.addTraffic(s, inject);
    }
  }

  private addTraffic(s: Series, inject: boolean): void {
    const source = this.addNode(s.source);
    if (!source) return;
    const dest = this.addNode(s.dest);
    if (!dest) return;
    // Both proxies report most requests; a series is identified by what it says, not who said it.
    const hash = `${s.metric}\u0001${source.tsHash}\u0001${dest.tsHash}\u0001${s.code}\u0001${s.flags}\u0001${s.host}`;
    const serviceOf = (): ServiceName => ({
      cluster: s.dest.cluster,
      namespace: s.dest.serviceNamespace,
      name: s.dest.service,
    });
    if (inject) {
      const service = this.addNode(serviceEndpoint(s.dest.cluster, s.dest.serviceNamespace, s.dest.service));
      if (!service) return;
      service.isInjected = true;
      if (this.addEdgeTraffic(s, source, service, hash)) {
        addDestService(service, serviceOf());
        this.addEdgeTraffic(s, service, dest, hash);
        addDestService(dest, serviceOf());
      }
    } else if (this.addEdgeTraffic(s, source, dest, hash)) {
      addDestService(dest, serviceOf());
    }
  }

  private addEdgeTraffic(s: Series, source: GraphNode, dest: GraphNode, hash: string): boolean {
    let e = source.edgeTo(dest, s.protocol);
    if (!e) {
      e = new GraphEdge(source, dest, s.protocol, this.origin);
      source.edges.set(edgeKey(dest.id, s.protocol), e);
    }
    const edge = e;
    return edge.apply(hash, () =>
      addToMetadata(s.protocol, s.rate, s.code, s.flags, s.host, source, dest, edge),
    );
  }
}

function addDestService(node: GraphNode, service: ServiceName): void {
  if (!isOK(service.name)) return;
  node.destServices.set(`${service.cluster} ${service.namespace} ${service.name}`, service);
}

/**
 * Merges a namespace's map into the graph (Kiali's `MergeTrafficMaps`): of a node in both, the copy
 * from its own namespace's map wins (it saw all of the node's traffic), and the other copy's edges
 * are added where the winner has no edge to the same node with the same protocol.
 */
export function mergeInto(graph: Map<string, GraphNode>, namespace: string, map: TrafficMap): void {
  for (const [id, candidate] of map.nodes) {
    const existing = graph.get(id);
    if (!existing) {
      graph.set(id, candidate);
      continue;
    }
    let keep = existing;
    let other = candidate;
    if (candidate.identity.namespace === namespace) {
      graph.set(id, candidate);
      keep = candidate;
      other = existing;
    }
    for (const e of other.edges.values()) {
      if (keep.edgeTo(e.dest, e.protocol)) continue;
      e.source = keep;
      keep.edges.set(edgeKey(e.dest.id, e.protocol), e);
      addOutgoing(keep, e);
    }
  }
}

/** Re-keys an edge list after the service graph reduction moved edges between nodes. */
export function setEdges(node: GraphNode, edges: readonly GraphEdge[]): void {
  node.edges.clear();
  for (const e of edges) node.edges.set(edgeKey(e.dest.id, e.protocol), e);
}

/** Adds one edge's traffic to another's (Kiali's `AggregateEdgeTraffic`, for the service graph). */
export function aggregateEdge(into: GraphEdge, from: GraphEdge): void {
  for (const [k, v] of from.rates) add(into.rates, k, v);
  for (const [code, d] of from.responses) {
    for (const [flags, v] of d.flags) addResponse(into, code, flags, '', v);
    for (const [host, v] of d.hosts) addResponse(into, code, '', host, v);
  }
  for (const [k, v] of from.byCode) add(into.byCode, k, v);
}

/** Fresh inbound rates, for nodes whose traffic is re-summed from the final edges. */
export function resetInbound(node: GraphNode): void {
  for (const k of [...node.rates.keys()]) if (k.includes('In')) node.rates.delete(k);
  node.inByCode = newCodeRates();
}

/** Adds an edge's traffic to its destination's inbound rates. */
export function addInbound(dest: GraphNode, e: GraphEdge): void {
  switch (e.protocol) {
    case 'http':
      add(dest.rates, 'httpIn', e.rates.get('http') ?? 0);
      add(dest.rates, 'httpInNoResponse', e.rates.get('httpNoResponse') ?? 0);
      for (const k of ['3', '4', '5']) add(dest.rates, `httpIn${k}xx`, e.rates.get(`http${k}xx`) ?? 0);
      for (const [code, v] of e.byCode) add(dest.inByCode.http, code, v);
      break;
    case 'grpc':
      add(dest.rates, 'grpcIn', e.rates.get('grpc') ?? 0);
      add(dest.rates, 'grpcInNoResponse', e.rates.get('grpcNoResponse') ?? 0);
      add(dest.rates, 'grpcInErr', e.rates.get('grpcErr') ?? 0);
      for (const [code, v] of e.byCode) add(dest.inByCode.grpc, code, v);
      break;
    case 'tcp':
      add(dest.rates, 'tcpIn', e.rates.get('tcp') ?? 0);
      break;
  }
}
