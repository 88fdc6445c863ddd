import type { Protocol, Workload } from './cluster.ts';
import type { SizeSpec } from './model.ts';
import type { TrafficSink } from './observations.ts';
import type { Prng } from './prng.ts';
import type { CallPlan } from './routePlan.ts';
import type { Latency, RoutingTable } from './routingTable.ts';
import type { Endpoint } from './targets.ts';

export interface CallResult {
  /** HTTP status the caller sees; 0 when no response came back at all. */
  code: number;
  /** A gRPC server's non-OK `grpc-status` behind an HTTP 200 (absent: derived from `code`). */
  grpcStatus?: string;
  durationMs: number;
}

/** The application's own answer to one request, before its proxy reports it. */
export interface Served {
  code: number;
  /** Set when a gRPC server answered with a non-OK status (HTTP 200, trailers-only). */
  grpcStatus?: string;
  latencyMs: number;
  responseBytes: number;
}

/** What the per-protocol call simulations need from the simulator (and nothing else). */
export interface SimContext {
  readonly rng: Prng;
  readonly table: RoutingTable;
  /** Counts what it forwards, for tick stats. */
  readonly sink: TrafficSink;
  size(s: SizeSpec): number;
  latency(l: Latency): number;
  /** Time a request spends between two sidecars (network + both proxies). */
  hopMs(): number;
  /** An endpoint chosen by load balancing (per pod). */
  pickEndpoint(endpoints: readonly Endpoint[], cumulative: readonly number[]): Endpoint;
  /**
   * The application behind `workload` handling one request, including the calls it makes;
   * `protocol` is how the request arrived (gRPC servers answer gRPC requests with gRPC statuses).
   */
  serve(workload: Workload, depth: number, protocol?: Protocol): Served;
  call(plan: CallPlan, depth: number): CallResult;
}

/** gRPC status as Envoy derives it for local replies and HTTP errors (empty for plain HTTP). */
export function grpcStatusOf(protocol: 'http' | 'grpc', code: number): string {
  if (protocol !== 'grpc') return '';
  if (code === 200) return '0';
  if (code === 504) return '4';
  if (code === 0) return '1';
  if (code === 404) return '12';
  return code >= 500 ? '14' : '2';
}

/** `response_code` and `grpc_response_status` as a proxy's stats filter records one request. */
export interface ReportedStatus {
  code: number;
  grpcStatus: string;
}

/**
 * What Istio's metrics say about a request's outcome. A gRPC reply is HTTP 200 with the outcome in
 * `grpc-status`; Envoy sends its own local replies (no route, no healthy upstream, fault abort,
 * timeout) to gRPC callers the same way, trailers-only. Only a missing response stays 0, and an
 * upstream's own non-200 status is passed on as it came.
 */
export function reportedStatus(
  protocol: 'http' | 'grpc',
  code: number,
  grpcStatus: string | undefined,
  localReply: boolean,
): ReportedStatus {
  if (protocol !== 'grpc') return { code, grpcStatus: '' };
  if (grpcStatus !== undefined) return { code, grpcStatus };
  return { code: localReply && code !== 0 ? 200 : code, grpcStatus: grpcStatusOf(protocol, code) };
}

/** Whether a call failed as its caller sees it: no response, a 5xx, or a non-OK gRPC status. */
export function callFailed(r: CallResult): boolean {
  return r.code === 0 || r.code >= 500 || (r.grpcStatus !== undefined && r.grpcStatus !== '0');
}
