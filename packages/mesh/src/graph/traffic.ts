import type { EdgeTraffic, NodeTraffic, Protocol } from '@sextant/contracts';
import type { RatesByCode } from '../health/requestHealth.ts';
import type { RequestProtocol } from '../health/tolerance.ts';
import type { NodeDraft } from './nodes.ts';
import { nodeId } from './nodes.ts';
import type { EdgeMeasure, TrafficRecord } from './records.ts';
import { round } from './round.ts';

/** Traffic summed per node and per edge while records are laid onto the graph. */

export class NodeTotals {
  readonly id: string;
  /** Set when the node was put between a caller and its destination by injectServiceNodes. */
  injected = false;
  readonly inByCode: Record<RequestProtocol, Map<string, number>> = { http: new Map(), grpc: new Map() };
  tcpIn = 0;
  readonly out: Record<Protocol, number> = { http: 0, grpc: 0, tcp: 0 };
  inEdges = 0;
  outEdges = 0;

  constructor(readonly draft: NodeDraft) {
    this.id = nodeId(draft);
  }

  get hasInbound(): boolean {
    return this.inByCode.http.size > 0 || this.inByCode.grpc.size > 0 || this.tcpIn > 0;
  }

  /** Inbound requests/s by response code, what node health judges. */
  inboundByCode(): RatesByCode {
    return this.inByCode;
  }

  /** Kiali's node rates, zeros omitted; protocols without traffic left out. */
  traffic(): NodeTraffic[] {
    const out: NodeTraffic[] = [];
    const http = this.inByCode.http;
    const sum = (m: ReadonlyMap<string, number>, pick: (code: string) => boolean) =>
      sumCodes(m, (r) => r, pick);
    const httpRates = nonZero({
      httpIn: sum(http, () => true),
      httpIn3xx: sum(http, (c) => c.startsWith('3')),
      httpIn4xx: sum(http, (c) => c.startsWith('4')),
      httpIn5xx: sum(http, (c) => c.startsWith('5')),
      httpInNoResponse: sum(http, (c) => c === '0'),
      httpOut: this.out.http,
    });
    if (httpRates) out.push({ protocol: 'http', rates: httpRates });
    const grpcRates = nonZero({
      grpcIn: sum(this.inByCode.grpc, () => true),
      grpcInErr: sum(this.inByCode.grpc, isGrpcError),
      grpcOut: this.out.grpc,
    });
    if (grpcRates) out.push({ protocol: 'grpc', rates: grpcRates });
    const tcpRates = nonZero({ tcpIn: this.tcpIn, tcpOut: this.out.tcp });
    if (tcpRates) out.push({ protocol: 'tcp', rates: tcpRates });
    return out;
  }
}

/** gRPC OK is status 0; anything else, including no status at all, is an error. */
export const isGrpcError = (code: string): boolean => code !== '0';
const isHttpError = (code: string): boolean => code === '0' || code.startsWith('4') || code.startsWith('5');

function sumCodes<V>(
  m: ReadonlyMap<string, V>,
  rate: (v: V) => number,
  pick: (code: string) => boolean,
): number {
  let s = 0;
  for (const [code, v] of m) if (pick(code)) s += rate(v);
  return s;
}

function nonZero(rates: Record<string, number>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(rates)) if (v > 0) out[k] = round(v);
  return Object.keys(out).length ? out : undefined;
}

interface CodeDetail {
  rate: number;
  flags: Map<string, number>;
  hosts: Map<string, number>;
}

export class EdgeTotals {
  readonly id: string;
  total = 0;
  readonly byCode = new Map<string, CodeDetail>();
  /** Rate the destination reported, and the mutual-TLS part of it. */
  destinationReported = 0;
  mtls = 0;
  readonly sourcePrincipals = new Set<string>();
  readonly destPrincipals = new Set<string>();
  private rtWeighted = 0;
  private rtWeight = 0;
  throughput = 0;

  constructor(
    readonly source: NodeTotals,
    readonly target: NodeTotals,
    readonly protocol: Protocol,
  ) {
    this.id = edgeId(source.id, target.id, protocol);
  }

  add(r: TrafficRecord): void {
    this.total += r.rate;
    let detail = this.byCode.get(r.code);
    if (!detail) this.byCode.set(r.code, (detail = { rate: 0, flags: new Map(), hosts: new Map() }));
    detail.rate += r.rate;
    detail.flags.set(r.flags, (detail.flags.get(r.flags) ?? 0) + r.rate);
    if (r.host) detail.hosts.set(r.host, (detail.hosts.get(r.host) ?? 0) + r.rate);
    if (r.mtls !== undefined) {
      this.destinationReported += r.rate;
      if (r.mtls) this.mtls += r.rate;
    }
    if (r.sourcePrincipal) this.sourcePrincipals.add(r.sourcePrincipal);
    if (r.destPrincipal) this.destPrincipals.add(r.destPrincipal);
  }

  /**
   * A response time of one edge-labels set, weighted by its request rate. Prometheus cannot merge
   * quantiles, so where an edge gathers several workload pairs (app and service graphs) the result
   * is the rate-weighted mean of their quantiles: exact for `avg`, an estimate for percentiles.
   */
  addResponseTime(ms: number, requestRate: number): void {
    this.rtWeighted += ms * requestRate;
    this.rtWeight += requestRate;
  }

  responseTime(): number | undefined {
    return this.rtWeight > 0 ? this.rtWeighted / this.rtWeight : undefined;
  }

  ratesByCode(): RatesByCode {
    const codes = new Map([...this.byCode].map(([code, d]) => [code, d.rate]));
    const none = new Map<string, number>();
    switch (this.protocol) {
      case 'http':
        return { http: codes, grpc: none };
      case 'grpc':
        return { http: none, grpc: codes };
      case 'tcp':
        return { http: none, grpc: none };
    }
  }

  traffic(): EdgeTraffic {
    const responses: EdgeTraffic['responses'] = {};
    for (const [code, d] of this.byCode) {
      responses[code] = { flags: shares(d.flags, d.rate), hosts: shares(d.hosts, d.rate) };
    }
    return { protocol: this.protocol, rates: this.rates(), responses };
  }

  private rates(): Record<string, number> {
    const codes = (pick: (code: string) => boolean) => sumCodes(this.byCode, (d) => d.rate, pick);
    const sourceOut = this.source.out[this.protocol];
    const percentReq = sourceOut > 0 ? (this.total / sourceOut) * 100 : 0;
    switch (this.protocol) {
      case 'http': {
        const errors = codes(isHttpError);
        return (
          nonZero({
            http: this.total,
            http3xx: codes((c) => c.startsWith('3')),
            http4xx: codes((c) => c.startsWith('4')),
            http5xx: codes((c) => c.startsWith('5')),
            httpNoResponse: codes((c) => c === '0'),
            httpPercentErr: this.total > 0 ? (errors / this.total) * 100 : 0,
            httpPercentReq: percentReq,
          }) ?? {}
        );
      }
      case 'grpc': {
        const errors = codes(isGrpcError);
        return (
          nonZero({
            grpc: this.total,
            grpcErr: errors,
            grpcPercentErr: this.total > 0 ? (errors / this.total) * 100 : 0,
            grpcPercentReq: percentReq,
          }) ?? {}
        );
      }
      case 'tcp':
        return nonZero({ tcp: this.total }) ?? {};
    }
  }
}

export const edgeId = (source: string, target: string, protocol: Protocol): string =>
  `${source}->${target}:${protocol}`;

/** Percent of `total` per key. */
function shares(m: Map<string, number>, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (total <= 0) return out;
  for (const [k, v] of m) out[k] = round((v / total) * 100);
  return out;
}

/** Nodes and edges under construction, keyed by id. */
export class TrafficMap {
  readonly nodes = new Map<string, NodeTotals>();
  readonly edges = new Map<string, EdgeTotals>();

  node(draft: NodeDraft): NodeTotals {
    const id = nodeId(draft);
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = new NodeTotals(draft)));
    return n;
  }

  edge(source: NodeTotals, target: NodeTotals, protocol: Protocol): EdgeTotals {
    const id = edgeId(source.id, target.id, protocol);
    let e = this.edges.get(id);
    if (!e) {
      this.edges.set(id, (e = new EdgeTotals(source, target, protocol)));
      source.outEdges++;
      target.inEdges++;
    }
    return e;
  }

  /** Lays one record along its path (caller -> [service ->] destination). */
  addRecord(path: readonly NodeTotals[], r: TrafficRecord): EdgeTotals[] {
    const edges: EdgeTotals[] = [];
    for (let i = 0; i + 1 < path.length; i++) {
      const from = path[i]!;
      const to = path[i + 1]!;
      const edge = this.edge(from, to, r.protocol);
      edge.add(r);
      from.out[r.protocol] += r.rate;
      if (r.protocol === 'tcp') to.tcpIn += r.rate;
      else to.inByCode[r.protocol].set(r.code, (to.inByCode[r.protocol].get(r.code) ?? 0) + r.rate);
      edges.push(edge);
    }
    return edges;
  }
}

/**
 * Which edges each edge-labels set's requests went along, and at what rate, so the response-time
 * and byte measures (which carry no protocol or code) land on the same edges as their requests.
 */
export class MeasurePaths {
  private readonly byKey = new Map<string, Array<{ edges: readonly EdgeTotals[]; rate: number }>>();

  note(r: TrafficRecord, edges: readonly EdgeTotals[]): void {
    const key = `${r.reporter}\u0001${r.labelsKey}`;
    const list = this.byKey.get(key);
    if (list) list.push({ edges, rate: r.rate });
    else this.byKey.set(key, [{ edges, rate: r.rate }]);
  }

  /** A response time applies to every edge its requests crossed, weighted by their rate. */
  addResponseTime(m: EdgeMeasure): void {
    for (const p of this.paths(m)) for (const e of p.edges) e.addResponseTime(m.value, p.rate);
  }

  /** Bytes/s split over the paths in proportion to their requests; each edge of a path carries them all. */
  addBytes(m: EdgeMeasure): void {
    const paths = this.paths(m);
    const total = paths.reduce((s, p) => s + p.rate, 0);
    if (total <= 0) return;
    for (const p of paths) for (const e of p.edges) e.throughput += (m.value * p.rate) / total;
  }

  private paths(m: EdgeMeasure): ReadonlyArray<{ edges: readonly EdgeTotals[]; rate: number }> {
    return this.byKey.get(`${m.reporter}\u0001${m.labelsKey}`) ?? [];
  }
}
