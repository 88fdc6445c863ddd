import type { ClusterView, Workload } from './cluster.ts';
import type {
  ExternalBehavior,
  GrpcErrorSpec,
  LatencySpec,
  SizeSpec,
  TrafficModel,
  WorkloadBehavior,
} from './model.ts';
import { cumulativeWeights } from './prng.ts';
import { PlanCompiler, sourceInfo, type CallPlan } from './routePlan.ts';
import { TargetResolver } from './targets.ts';

/** Log-normal parameters precomputed from a LatencySpec. */
export interface Latency {
  median: number;
  sigma: number;
}

export function latencyOf(spec: LatencySpec): Latency {
  // p99 of a log-normal is median * exp(2.326 sigma).
  const ratio = Math.max(1.0001, spec.p99Ms / Math.max(0.001, spec.medianMs));
  return { median: spec.medianMs, sigma: Math.log(ratio) / 2.326 };
}

export interface CompiledCall {
  plan: CallPlan;
  perRequest: number;
}

export interface CompiledBehavior {
  latency: Latency;
  responseBytes: SizeSpec;
  errorRate: number;
  errorCode: number;
  /** gRPC statuses (as label values) with cumulative probabilities, checked in order. */
  grpcErrors: Array<{ status: string; upTo: number }>;
  calls: CompiledCall[];
}

export interface CompiledEntry {
  ratePerSecond: number;
  /** One plan per source workload (an app may have several), weighted by its ready pods. */
  plans: CallPlan[];
  cumulative: number[];
}

export interface CompiledExternal {
  latency: Latency;
  responseBytes: SizeSpec;
  errorRate: number;
}

const DEFAULT_BEHAVIOR: Omit<WorkloadBehavior, 'namespace' | 'app' | 'version'> = {
  latency: { medianMs: 4, p99Ms: 25 },
  responseBytes: { min: 200, max: 2000 },
  errorRate: 0,
};

const DEFAULT_EXTERNAL: CompiledExternal = {
  latency: latencyOf({ medianMs: 60, p99Ms: 250 }),
  responseBytes: { min: 500, max: 5000 },
  errorRate: 0,
};

/**
 * The compiled routing table: the model's calls resolved against one `ClusterView`. Built when the
 * config changes, never per tick; behaviors are compiled on first use because in large generated
 * meshes most workloads are only reached through a few paths per tick.
 */
export class RoutingTable {
  readonly entries: CompiledEntry[];
  private readonly compiler: PlanCompiler;
  private readonly behaviors = new Map<Workload, CompiledBehavior>();
  private readonly byApp = new Map<string, WorkloadBehavior>();
  private readonly externals = new Map<string, CompiledExternal>();

  constructor(
    readonly view: ClusterView,
    private readonly model: TrafficModel,
  ) {
    this.compiler = new PlanCompiler(view, new TargetResolver(view));
    for (const b of model.workloads) this.byApp.set(`${b.namespace}/${b.app}/${b.version ?? ''}`, b);
    for (const e of model.externals ?? []) {
      this.externals.set(e.host.toLowerCase(), compileExternal(e));
    }
    this.entries = model.entries.map((entry) => {
      const sources = [...view.workloads.values()]
        .filter((w) => w.namespace === entry.from.namespace && w.app === entry.from.app && w.readyPods > 0)
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      const plans = sources.map((w) =>
        entry.kind === 'gateway'
          ? this.compiler.gatewayCall(sourceInfo(w, true), entry.call)
          : this.compiler.meshCall(sourceInfo(w), entry.call),
      );
      return {
        ratePerSecond: entry.ratePerSecond,
        plans,
        cumulative: cumulativeWeights(sources.map((w) => w.readyPods)),
      };
    });
  }

  behaviorOf(workload: Workload): CompiledBehavior {
    let compiled = this.behaviors.get(workload);
    if (!compiled) {
      const spec =
        this.byApp.get(`${workload.namespace}/${workload.app}/${workload.version ?? ''}`) ??
        this.byApp.get(`${workload.namespace}/${workload.app}/`) ??
        this.model.defaultBehavior ??
        DEFAULT_BEHAVIOR;
      const source = sourceInfo(workload);
      compiled = {
        latency: latencyOf(spec.latency),
        responseBytes: spec.responseBytes,
        errorRate: spec.errorRate ?? 0,
        errorCode: spec.errorCode ?? 500,
        grpcErrors: compileGrpcErrors(spec.grpcErrors ?? []),
        calls: (spec.calls ?? []).map((call) => ({
          plan: this.compiler.meshCall(source, call),
          perRequest: call.perRequest,
        })),
      };
      this.behaviors.set(workload, compiled);
    }
    return compiled;
  }

  externalBehavior(host: string): CompiledExternal {
    return this.externals.get(host) ?? DEFAULT_EXTERNAL;
  }
}

function compileGrpcErrors(errors: readonly GrpcErrorSpec[]): CompiledBehavior['grpcErrors'] {
  let upTo = 0;
  return errors.map((e) => ({ status: String(e.status), upTo: (upTo += e.rate) }));
}

function compileExternal(e: ExternalBehavior): CompiledExternal {
  return { latency: latencyOf(e.latency), responseBytes: e.responseBytes, errorRate: e.errorRate ?? 0 };
}
