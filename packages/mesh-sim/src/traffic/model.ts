/**
 * A scenario's traffic model: who calls whom and how the applications behave. The engine combines
 * it with the Istio config in the store; the model itself never mentions routing.
 */

/** Log-normal latency, given by its median and 99th percentile in milliseconds. */
export interface LatencySpec {
  medianMs: number;
  p99Ms: number;
}

/** Body size in bytes: uniform in [min, max]. */
export interface SizeSpec {
  min: number;
  max: number;
}

/** One kind of request on a call, with its share of that call's requests. */
export interface RequestClass {
  weight: number;
  method?: string;
  path?: string;
  /** Header names in lower case, e.g. `{ 'end-user': 'jason' }`. */
  headers?: Record<string, string>;
}

export interface CallSpec {
  /** The host as the application addresses it (`reviews`, `ratings.bookinfo`, `www.googleapis.com`). */
  host: string;
  port: number;
  /** Expected calls per request the caller serves (fractions are sampled). */
  perRequest: number;
  /** Used when the service port does not declare a protocol (Istio would sniff it). */
  protocol?: 'http' | 'grpc' | 'tcp';
  classes?: RequestClass[];
  requestBytes?: SizeSpec;
  /** Probability that a failed call (5xx, no response) makes the caller answer 500 itself. */
  propagateErrors?: number;
}

/** How one application (optionally one version of it) serves a request. */
export interface WorkloadBehavior {
  namespace: string;
  app: string;
  /** Undefined: applies to every version without a behavior of its own. */
  version?: string;
  latency: LatencySpec;
  responseBytes: SizeSpec;
  /** Background share of requests answered with `errorCode` (default 500). */
  errorRate?: number;
  errorCode?: number;
  /**
   * gRPC servers' own errors: shares of the requests that arrive over gRPC answered with a non-OK
   * `grpc-status` (HTTP 200, trailers-only, as gRPC servers reply), e.g. `{ status: 14, rate: 0.05 }`.
   */
  grpcErrors?: GrpcErrorSpec[];
  calls?: CallSpec[];
}

export interface GrpcErrorSpec {
  /** gRPC status code: 5 NOT_FOUND, 14 UNAVAILABLE... */
  status: number;
  rate: number;
}

/** Load that enters the mesh at a workload: external clients of a gateway, or a client app's own calls. */
export interface EntrySpec {
  /** The workload the load starts from, found by its pods' `app` label. */
  from: { namespace: string; app: string };
  /** `gateway`: requests arrive at the gateway and are routed by Gateway + VirtualService; `client`: the app calls `call.host`. */
  kind: 'gateway' | 'client';
  ratePerSecond: number;
  call: CallSpec;
}

/** How a host outside the cluster (a ServiceEntry) answers. */
export interface ExternalBehavior {
  host: string;
  latency: LatencySpec;
  responseBytes: SizeSpec;
  errorRate?: number;
}

export interface TrafficModel {
  entries: EntrySpec[];
  workloads: WorkloadBehavior[];
  externals?: ExternalBehavior[];
  /** For workloads the model does not describe (e.g. a deployment a user added). */
  defaultBehavior?: Omit<WorkloadBehavior, 'namespace' | 'app' | 'version'>;
}

export const EMPTY_MODEL: TrafficModel = { entries: [], workloads: [] };
