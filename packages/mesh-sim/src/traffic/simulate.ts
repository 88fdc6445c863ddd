import type { Protocol, Workload } from './cluster.ts';
import { simulateHttpCall } from './httpCall.ts';
import type { SizeSpec } from './model.ts';
import type { HttpObservation, TcpObservation, TrafficSink } from './observations.ts';
import type { Prng } from './prng.ts';
import type { CallPlan } from './routePlan.ts';
import type { Latency, RoutingTable } from './routingTable.ts';
import { callFailed, type CallResult, type Served, type SimContext } from './simContext.ts';
import type { Endpoint } from './targets.ts';
import { simulateTcpCall } from './tcpCall.ts';

/** A routing loop written in config must not recurse forever: deeper requests make no further calls. */
const MAX_DEPTH = 12;

/**
 * Plays one tick of traffic: every request is followed through the proxies it passes, each proxy
 * reporting what it saw to the sink. Pure apart from the PRNG and the sink, so a seed and a
 * config give the same counters every run.
 */
export class Simulator implements SimContext {
  /** Proxy reports forwarded to the sink, for the engine's stats. */
  observations = 0;
  readonly sink: TrafficSink;

  constructor(
    readonly table: RoutingTable,
    readonly rng: Prng,
    sink: TrafficSink,
  ) {
    this.sink = {
      http: (o: HttpObservation) => {
        this.observations++;
        sink.http(o);
      },
      tcp: (o: TcpObservation) => {
        this.observations++;
        sink.tcp(o);
      },
    };
  }

  tick(elapsedSeconds: number): void {
    for (const entry of this.table.entries) {
      if (entry.plans.length === 0) continue;
      const n = this.rng.poisson(entry.ratePerSecond * elapsedSeconds);
      for (let i = 0; i < n; i++) {
        const p = entry.plans.length === 1 ? 0 : this.rng.pickCumulative(entry.cumulative);
        this.call(entry.plans[p]!, 0);
      }
    }
  }

  call(plan: CallPlan, depth: number): CallResult {
    switch (plan.protocol) {
      case 'refused':
        return { code: 0, durationMs: 1 };
      case 'tcp':
        return simulateTcpCall(this, plan, depth);
      case 'http':
      case 'grpc':
        return simulateHttpCall(this, plan, depth);
    }
  }

  serve(workload: Workload, depth: number, protocol: Protocol = 'http'): Served {
    const behavior = this.table.behaviorOf(workload);
    let latencyMs = this.latency(behavior.latency);
    if (this.rng.chance(behavior.errorRate)) {
      return {
        code: behavior.errorCode,
        latencyMs: latencyMs / 2,
        responseBytes: this.size({ min: 50, max: 300 }),
      };
    }
    if (protocol === 'grpc' && behavior.grpcErrors.length > 0) {
      const u = this.rng.next();
      const error = behavior.grpcErrors.find((e) => u < e.upTo);
      // A status without a message body: the reply is headers and trailers only.
      if (error) return { code: 200, grpcStatus: error.status, latencyMs: latencyMs / 2, responseBytes: 0 };
    }
    let code = 200;
    if (depth < MAX_DEPTH) {
      // Calls are sequential: their durations add up in the caller's latency.
      for (const call of behavior.calls) {
        const n = this.rng.roundStochastic(call.perRequest);
        for (let i = 0; i < n; i++) {
          const r = this.call(call.plan, depth);
          latencyMs += r.durationMs;
          if (callFailed(r) && call.plan.protocol !== 'refused' && this.rng.chance(call.plan.propagateErrors))
            code = 500;
        }
      }
    }
    return { code, latencyMs, responseBytes: this.size(behavior.responseBytes) };
  }

  size(s: SizeSpec): number {
    return Math.round(s.min + this.rng.next() * (s.max - s.min));
  }

  latency(l: Latency): number {
    return this.rng.logNormal(l.median, l.sigma);
  }

  hopMs(): number {
    return 0.2 + this.rng.next() * 0.6;
  }

  pickEndpoint(endpoints: readonly Endpoint[], cumulative: readonly number[]): Endpoint {
    return endpoints[endpoints.length === 1 ? 0 : this.rng.pickCumulative(cumulative)]!;
  }
}
