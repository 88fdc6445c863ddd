import type { Protocol } from '@sextant/contracts';
import type { EdgeLabel } from './queries.ts';
import { EDGE_LABELS } from './queries.ts';
import type { GraphQueryResults, PromSample } from './types.ts';

/**
 * Prometheus samples -> traffic records, each request counted once.
 *
 * Both proxies report a meshed request. The destination's report is the one kept for traffic into
 * the requested namespaces: it has the server's view of the response and is the only one that
 * knows whether the connection was mutual TLS. A source report is kept only when no destination
 * report can stand for it:
 * - the destination is outside the requested namespaces (its reports were not queried), or has no
 *   identity (`destination_workload="unknown"`: no sidecar there, ServiceEntry hosts,
 *   PassthroughCluster/BlackHoleCluster, requests that never found an endpoint);
 * - the destination reported nothing for this source -> destination workload pair (no sidecar at
 *   the destination; TCP without mTLS, where the server sees an unknown peer);
 * - the request never reached the destination's proxy (flags below), even though the source
 *   knew which workload it was aiming at.
 */

export type Reporter = 'source' | 'destination';
export type EdgeLabels = Readonly<Record<EdgeLabel, string>>;

export interface TrafficRecord {
  reporter: Reporter;
  labels: EdgeLabels;
  /** EDGE_LABELS values joined: one key per edge-labels set, to join measures to their traffic. */
  labelsKey: string;
  protocol: Protocol;
  /** HTTP response code (`0`: no response), gRPC status (`-`: none), `-` for TCP. */
  code: string;
  flags: string;
  /** `destination_service`: the host the caller asked for. */
  host: string;
  /** Destination reports only: whether this traffic was mutual TLS. */
  mtls: boolean | undefined;
  sourcePrincipal: string | undefined;
  destPrincipal: string | undefined;
  /** Requests/s, or bytes/s for TCP. */
  rate: number;
}

/** A per-edge-labels number from the response-time or byte queries. */
export interface EdgeMeasure {
  reporter: Reporter;
  labels: EdgeLabels;
  labelsKey: string;
  value: number;
}

export interface Records {
  requests: TrafficRecord[];
  tcp: TrafficRecord[];
  responseTime: EdgeMeasure[];
  /** Request plus response bytes/s. */
  bytes: EdgeMeasure[];
}

/**
 * Envoy flags meaning the request did not get to the upstream proxy: no healthy upstream, upstream
 * connection failure, circuit breaker overflow, no route, no cluster, injected abort.
 */
const NEVER_REACHED_UPSTREAM = new Set(['UH', 'UF', 'UO', 'NR', 'NC', 'FI']);

export const neverReachedUpstream = (flags: string): boolean =>
  flags.split(',').some((f) => NEVER_REACHED_UPSTREAM.has(f.trim()));

const UNKNOWN = 'unknown';
export const isKnown = (v: string | undefined): v is string => v !== undefined && v !== '' && v !== UNKNOWN;

function edgeLabels(metric: Readonly<Record<string, string>>): { labels: EdgeLabels; labelsKey: string } {
  const labels = {} as Record<EdgeLabel, string>;
  for (const l of EDGE_LABELS) labels[l] = metric[l] ?? '';
  return { labels, labelsKey: EDGE_LABELS.map((l) => labels[l]).join('\u0000') };
}

const pairKey = (l: EdgeLabels): string =>
  `${l.source_workload_namespace}/${l.source_workload}>${l.destination_workload_namespace}/${l.destination_workload}`;

const usable = (s: PromSample): boolean => Number.isFinite(s.value) && s.value > 0;

const principal = (v: string | undefined): string | undefined => (isKnown(v) ? v : undefined);

function requestRecord(s: PromSample, reporter: Reporter): TrafficRecord {
  const m = s.metric;
  const protocol: Protocol = m.request_protocol === 'grpc' ? 'grpc' : 'http';
  const code = protocol === 'grpc' ? m.grpc_response_status || '-' : m.response_code || '0';
  return trafficRecord(s, reporter, protocol, code);
}

function trafficRecord(s: PromSample, reporter: Reporter, protocol: Protocol, code: string): TrafficRecord {
  const m = s.metric;
  return {
    reporter,
    ...edgeLabels(m),
    protocol,
    code,
    flags: m.response_flags || '-',
    host: m.destination_service ?? '',
    mtls: reporter === 'destination' ? m.connection_security_policy === 'mutual_tls' : undefined,
    sourcePrincipal: principal(m.source_principal),
    destPrincipal: principal(m.destination_principal),
    rate: s.value,
  };
}

function measures(samples: readonly PromSample[] | undefined, reporter: Reporter): EdgeMeasure[] {
  return (samples ?? []).filter(usable).map((s) => ({ reporter, ...edgeLabels(s.metric), value: s.value }));
}

/** Keeps the source reports no destination report stands for (see the module comment). */
function countOnce(inbound: TrafficRecord[], outbound: TrafficRecord[]): TrafficRecord[] {
  const reportedByDestination = new Set(inbound.map((r) => pairKey(r.labels)));
  return [
    ...inbound,
    ...outbound.filter((r) => !reportedByDestination.has(pairKey(r.labels)) || neverReachedUpstream(r.flags)),
  ];
}

export function readRecords(results: GraphQueryResults): Records {
  const requestsIn = (results.requestsIn ?? []).filter(usable).map((s) => requestRecord(s, 'destination'));
  const requestsOut = (results.requestsOut ?? []).filter(usable).map((s) => requestRecord(s, 'source'));
  const tcpIn = [...(results.tcpSentIn ?? []), ...(results.tcpReceivedIn ?? [])]
    .filter(usable)
    .map((s) => trafficRecord(s, 'destination', 'tcp', '-'));
  const tcpOut = [...(results.tcpSentOut ?? []), ...(results.tcpReceivedOut ?? [])]
    .filter(usable)
    .map((s) => trafficRecord(s, 'source', 'tcp', '-'));

  // Response times and bytes follow the requests they describe: a source-side measure counts only
  // where the destination did not report the pair.
  const destinationPairs = new Set(requestsIn.map((r) => pairKey(r.labels)));
  const sourceOnly = (m: EdgeMeasure) => !destinationPairs.has(pairKey(m.labels));
  return {
    requests: countOnce(requestsIn, requestsOut),
    tcp: countOnce(tcpIn, tcpOut),
    responseTime: [
      ...measures(results.responseTimeIn, 'destination'),
      ...measures(results.responseTimeOut, 'source').filter(sourceOnly),
    ],
    bytes: [
      ...measures(results.requestBytesIn, 'destination'),
      ...measures(results.responseBytesIn, 'destination'),
      ...measures(results.requestBytesOut, 'source').filter(sourceOnly),
      ...measures(results.responseBytesOut, 'source').filter(sourceOnly),
    ],
  };
}
