import { createIstioMetrics, type IstioMetrics } from '../metrics/istioMetrics.ts';
import type { ObjectReader } from '../store/types.ts';
import { affectsTraffic, readCluster } from './cluster.ts';
import type { TrafficModel } from './model.ts';
import { Prng } from './prng.ts';
import { MetricsRecorder } from './recorder.ts';
import { RoutingTable } from './routingTable.ts';
import { Simulator } from './simulate.ts';
import type { TrafficSink } from './observations.ts';

export interface TrafficEngineOptions {
  reader: ObjectReader;
  model: TrafficModel;
  seed?: number;
  /** Where observations go; defaults to Istio metrics in `metrics`. */
  sink?: TrafficSink;
  metrics?: IstioMetrics;
  /** Also sees every observation, after the sink (the pods' access logs). */
  tap?: TrafficSink;
}

export interface TickStats {
  /** Proxy reports recorded this tick. */
  observations: number;
  /** Whether the routing table was rebuilt first. */
  recompiled: boolean;
}

/**
 * Owns the compiled routing table and the PRNG. Store events only mark the table stale; it is
 * rebuilt at the start of the next tick, so a burst of writes (a scenario being seeded, a
 * deployment rolling) costs one compile.
 */
export class TrafficEngine {
  readonly metrics: IstioMetrics;
  private readonly reader: ObjectReader;
  private readonly model: TrafficModel;
  private readonly rng: Prng;
  private readonly sink: TrafficSink;
  private readonly recorder: MetricsRecorder | undefined;
  private readonly unsubscribe: () => void;
  private table: RoutingTable | undefined;
  private stale = true;
  /** Compiles so far; lets tests check that ticks alone do not recompile. */
  compiles = 0;

  constructor(options: TrafficEngineOptions) {
    this.reader = options.reader;
    this.model = options.model;
    this.rng = new Prng(options.seed ?? 1);
    this.metrics = options.metrics ?? createIstioMetrics();
    this.recorder = options.sink ? undefined : new MetricsRecorder(this.metrics);
    const sink = options.sink ?? this.recorder!;
    const tap = options.tap;
    this.sink = tap
      ? {
          http: (o) => {
            sink.http(o);
            tap.http(o);
          },
          tcp: (o) => {
            sink.tcp(o);
            tap.tcp(o);
          },
        }
      : sink;
    this.unsubscribe = this.reader.subscribe((event) => {
      if (affectsTraffic(event.gr)) this.stale = true;
    });
  }

  /** Plays `elapsedSeconds` of traffic ending at `nowMs` (the clock is the caller's). */
  tick(_nowMs: number, elapsedSeconds: number): TickStats {
    const recompiled = this.stale || !this.table;
    if (recompiled) this.recompile();
    const simulator = new Simulator(this.table!, this.rng, this.sink);
    if (elapsedSeconds > 0) simulator.tick(elapsedSeconds);
    return { observations: simulator.observations, recompiled };
  }

  /** The current routing table (compiling it if stale): for tests and diagnostics. */
  routingTable(): RoutingTable {
    if (this.stale || !this.table) this.recompile();
    return this.table!;
  }

  stop(): void {
    this.unsubscribe();
  }

  private recompile(): void {
    this.stale = false;
    this.compiles++;
    this.table = new RoutingTable(readCluster(this.reader), this.model);
    this.recorder?.reset();
  }
}
