import type { GraphType } from '@sextant/contracts';
import type { ClusterState } from '../cluster/clusterState.ts';
import type { HealthConfig } from '../health/tolerance.ts';
import type { Appenders, BoxBy, NodeFocus, RequestedRates } from './options.ts';
import type { GraphQueryId } from './queries.ts';

/** One sample of an instant vector, its value already a number (NaN/Inf possible, and ignored). */
export interface PromSample {
  metric: Readonly<Record<string, string>>;
  value: number;
}

/** Results by query id; a query that failed is simply absent (and named in `errors`). */
export type GraphQueryResults = Partial<Record<GraphQueryId, readonly PromSample[]>>;

export interface GraphOptions {
  graphType: GraphType;
  /** The requested namespaces (validated like `graphQueries` does); for a node graph, the node's. */
  namespaces: readonly string[];
  /** Put a service node between each caller and the workload/app it reached through that service. */
  injectServiceNodes: boolean;
  appenders: Appenders;
  rates: RequestedRates;
  boxBy: readonly BoxBy[];
  durationSeconds: number;
  /** Unix seconds; becomes the graph's `timestamp`. */
  queryTime: number;
  /** A node graph: the node whose callers and callees the graph shows. */
  node?: NodeFocus;
  /** Error-rate tolerances; defaults to DESIGN.md's. Annotations override them per object. */
  health?: HealthConfig;
  /** Where Istio's control plane and egress gateway live; default `istio-system`. */
  istioNamespace?: string;
}

export interface GraphError {
  source: 'prometheus' | 'kubernetes';
  message: string;
}

export interface GraphInput {
  options: GraphOptions;
  results: GraphQueryResults;
  cluster: ClusterState;
  /** Upstream failures met while gathering the input; the graph carries them on. */
  errors?: readonly GraphError[];
}

/** Prometheus' JSON instant-vector entry, as `/api/v1/query` returns it. */
export interface PromVectorEntry {
  metric: Readonly<Record<string, string>>;
  value: readonly [number, string];
}

/** Prometheus' `[time, "1.5"]` values to numbers; Go spells infinities `+Inf`/`-Inf`. */
export function toSamples(result: readonly PromVectorEntry[]): PromSample[] {
  return result.map((r) => ({ metric: r.metric, value: parsePromNumber(r.value[1]) }));
}

export function parsePromNumber(text: string): number {
  switch (text) {
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(text);
  }
}
