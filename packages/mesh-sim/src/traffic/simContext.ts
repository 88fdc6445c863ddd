import type { Workload } from './cluster.ts';
import type { SizeSpec } from './model.ts';
import type { TrafficSink } from './observations.ts';
import type { Prng } from './prng.ts';
import type { CallPlan } from './routePlan.ts';
import type { Latency, RoutingTable } from './routingTable.ts';
import type { Endpoint } from './targets.ts';

export interface CallResult {
  /** HTTP status the caller sees; 0 when no response came back at all. */
  code: number;
  durationMs: number;
}

/** The application's own answer to one request, before its proxy reports it. */
export interface Served {
  code: number;
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
  /** The application behind `workload` handling one request, including the calls it makes. */
  serve(workload: Workload, depth: number): Served;
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
