import type { GraphType } from '@sextant/contracts';
import { injectsService, nodeIdentity, serviceEndpoint } from './identity.ts';
import type { Series } from './series.ts';
import type { GraphEdge, TrafficMap } from './trafficMap.ts';

/**
 * Kiali's edge-decorating appenders: responseTime, throughput and securityPolicy
 * (kiali `graph/telemetry/istio/appender/{response_time,throughput,security_policy}.go`). Each runs
 * on one namespace's map with that namespace's series, before the maps are merged.
 */

export interface MeasureContext {
  graphType: GraphType;
  injectServiceNodes: boolean;
}

/** The namespace a map was built for, or undefined for a node graph (all series apply). */
export type Scope = string | undefined;

/** Where a series lands: the caller's edge, or with an injected service, the service's edge to the callee. */
function measureKeys(s: Series, ctx: MeasureContext, both: boolean): string[] | undefined {
  const source = nodeIdentity(s.source, ctx.graphType);
  const dest = nodeIdentity(s.dest, ctx.graphType);
  if (!source || !dest) return undefined;
  if (!injectsService(s.dest, ctx.graphType, ctx.injectServiceNodes)) return [`${source.id}\u0000${dest.id}`];
  const service = nodeIdentity(
    serviceEndpoint(s.dest.cluster, s.dest.serviceNamespace, s.dest.service),
    ctx.graphType,
  );
  if (!service) return undefined;
  const toWorkload = `${service.id}\u0000${dest.id}`;
  return both ? [`${source.id}\u0000${service.id}`, toWorkload] : [toWorkload];
}

const edgesByKey = (map: TrafficMap): Map<string, GraphEdge[]> => {
  const out = new Map<string, GraphEdge[]>();
  for (const n of map.nodes.values()) {
    for (const e of n.edges.values()) {
      const key = `${n.id}\u0000${e.dest.id}`;
      const list = out.get(key);
      if (list) list.push(e);
      else out.set(key, [e]);
    }
  }
  return out;
};

const raw = (s: Series, label: string) => s.raw[label] ?? '';
/** Traffic of `scope` as Kiali's appenders select it: from elsewhere into its services, or from it. */
const inScope = (s: Series, scope: Scope) =>
  scope === undefined ||
  raw(s, 'source_workload_namespace') === scope ||
  raw(s, 'destination_service_namespace') === scope;

export interface WeightedSeries {
  series: Series;
  /** Requests/s of the same edge labels from the same reporter: the weight of this row's quantile. */
  weight: number;
}

/**
 * Response time per edge. Destination reports win over source reports (they leave out the network).
 * Where several series land on one edge (app graphs), Kiali keeps whichever row Prometheus returned
 * first; Sextant takes their request-weighted mean (see README.md).
 */
export function applyResponseTimes(
  map: TrafficMap,
  scope: Scope,
  inbound: readonly WeightedSeries[],
  outbound: readonly WeightedSeries[],
  ctx: MeasureContext,
): void {
  const collect = (rows: readonly WeightedSeries[], pick: (s: Series) => boolean) => {
    const acc = new Map<string, { sum: number; weight: number }>();
    for (const { series: s, weight } of rows) {
      if (!pick(s) || !Number.isFinite(s.rate)) continue;
      for (const key of measureKeys(s, ctx, false) ?? []) {
        const k = `${key}\u0000${s.protocol}`;
        const a = acc.get(k) ?? { sum: 0, weight: 0 };
        const w = weight > 0 ? weight : 1;
        a.sum += s.rate * w;
        a.weight += w;
        acc.set(k, a);
      }
    }
    return acc;
  };
  const fromDestination = collect(
    inbound,
    (s) => scope === undefined || raw(s, 'destination_service_namespace') === scope,
  );
  const fromSource = collect(
    outbound,
    (s) => scope === undefined || raw(s, 'source_workload_namespace') === scope,
  );
  for (const [key, edges] of edgesByKey(map)) {
    for (const e of edges) {
      const k = `${key}\u0000${e.protocol}`;
      const v = fromDestination.get(k) ?? fromSource.get(k);
      if (v && v.weight > 0) e.responseTime = v.sum / v.weight;
    }
  }
}

/** Bytes/s per HTTP edge, summed over its series (Kiali gives gRPC and TCP edges none). */
export function applyThroughput(
  map: TrafficMap,
  scope: Scope,
  rows: readonly Series[],
  ctx: MeasureContext,
): void {
  const acc = new Map<string, number>();
  for (const s of rows) {
    if (!inScope(s, scope) || !(s.rate > 0)) continue;
    for (const key of measureKeys(s, ctx, false) ?? []) acc.set(key, (acc.get(key) ?? 0) + s.rate);
  }
  for (const [key, edges] of edgesByKey(map)) {
    const v = acc.get(key);
    if (v === undefined) continue;
    for (const e of edges) if (e.protocol === 'http') e.throughput = v;
  }
}

/**
 * Security policy per edge from destination reports (the only ones that know it): the mutual-TLS
 * share of the edge's traffic, and the principals. Kiali overwrites a policy's rate with the last
 * row of an edge; Sextant sums the rows.
 */
export function applySecurity(
  map: TrafficMap,
  scope: Scope,
  rows: readonly Series[],
  ctx: MeasureContext,
): void {
  const acc = new Map<string, { policies: Map<string, number>; sources: Set<string>; dests: Set<string> }>();
  for (const s of rows) {
    if (!inScope(s, scope) || !(s.rate > 0)) continue;
    for (const key of measureKeys(s, ctx, true) ?? []) {
      const k = `${key}\u0000${s.protocol}`;
      let a = acc.get(k);
      if (!a) acc.set(k, (a = { policies: new Map(), sources: new Set(), dests: new Set() }));
      const policy = s.securityPolicy ?? 'unknown';
      a.policies.set(policy, (a.policies.get(policy) ?? 0) + s.rate);
      if (s.sourcePrincipal) a.sources.add(s.sourcePrincipal);
      if (s.destPrincipal) a.dests.add(s.destPrincipal);
    }
  }
  for (const [key, edges] of edgesByKey(map)) {
    for (const e of edges) {
      const a = acc.get(`${key}\u0000${e.protocol}`);
      if (!a) continue;
      let mtls = 0;
      let other = 0;
      for (const [policy, rate] of a.policies) {
        if (policy === 'mutual_tls') mtls += rate;
        else other += rate;
      }
      if (mtls > 0) e.mtls = (mtls / (mtls + other)) * 100;
      for (const p of a.sources) e.sourcePrincipals.add(p);
      for (const p of a.dests) e.destPrincipals.add(p);
    }
  }
}
