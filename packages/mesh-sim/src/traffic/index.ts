import { createIstioMetrics } from '../metrics/istioMetrics.ts';
import { createMetricsHandler, type MetricsHandler } from '../metrics/handler.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { AccessLogSink } from '../logs/accessLogSink.ts';
import type { PodLogStore } from '../logs/podLogStore.ts';
import type { ObjectReader } from '../store/types.ts';
import { TrafficEngine, type TickStats } from './engine.ts';
import { EMPTY_MODEL, type TrafficModel } from './model.ts';
import { bookinfoTrafficModel } from './models/bookinfo.ts';
import { generatedTrafficModel, type GeneratedOptions } from './models/generated.ts';
import { shopTrafficModel } from './models/shop.ts';

export { TrafficEngine, type TickStats, type TrafficEngineOptions } from './engine.ts';
export type { TrafficModel } from './model.ts';
export { bookinfoTrafficModel } from './models/bookinfo.ts';
export { shopTrafficModel } from './models/shop.ts';
export {
  generatedScenarioObjects,
  generatedTrafficModel,
  type GeneratedOptions,
} from './models/generated.ts';

export type TrafficScenario = 'bookinfo' | 'shop' | 'generated' | 'empty';

export interface StartTrafficOptions {
  reader: ObjectReader;
  /** Several scenarios run together play all their models (`['bookinfo', 'shop']`). */
  scenario: TrafficScenario | readonly TrafficScenario[];
  /** Required shape for `generated`; `seed` defaults to the engine seed. */
  generated?: { namespaces: number; services: number; seed?: number };
  /** PRNG seed: same seed + same config = same counters. Default 1. */
  seed?: number;
  /** Real milliseconds between ticks; each tick plays the elapsed time (default 1000). 0: no timer, tick by hand. */
  tickMs?: number;
  /** Replaces the scenario's model (tests). */
  model?: TrafficModel;
  /** Where the pods' stdout goes: sidecar access logs and app lines for the requests played. */
  logs?: PodLogStore;
}

export interface RunningTraffic {
  /** `(req, res)` serving `GET /metrics`; mount it on the metrics port. */
  metricsHandler: MetricsHandler;
  registry: MetricsRegistry;
  engine: TrafficEngine;
  /** Plays one tick ending at `nowMs`; elapsed time is measured from the previous tick (1 s for the first). */
  tickOnce(nowMs?: number): TickStats;
  stop(): void;
}

export function trafficModelFor(
  scenario: TrafficScenario | readonly TrafficScenario[],
  generated?: GeneratedOptions,
): TrafficModel {
  if (typeof scenario !== 'string') {
    const models = scenario.map((s) => trafficModelFor(s, generated));
    return models.length === 1 ? models[0]! : combineModels(models);
  }
  switch (scenario) {
    case 'bookinfo':
      return bookinfoTrafficModel();
    case 'shop':
      return shopTrafficModel();
    case 'generated':
      if (!generated) throw new Error('startTraffic: the generated scenario needs { namespaces, services }');
      return generatedTrafficModel(generated);
    case 'empty':
      return EMPTY_MODEL;
  }
}

/** Models of scenarios that share a cluster: their entries, workloads and external hosts side by side. */
export function combineModels(models: readonly TrafficModel[]): TrafficModel {
  const defaultBehavior = models.find((m) => m.defaultBehavior)?.defaultBehavior;
  return {
    entries: models.flatMap((m) => m.entries),
    workloads: models.flatMap((m) => m.workloads),
    externals: models.flatMap((m) => m.externals ?? []),
    ...(defaultBehavior ? { defaultBehavior } : {}),
  };
}

/**
 * Starts the traffic engine over the store: it reads the config through `reader` (recompiling on
 * changes) and, unless `tickMs` is 0, plays traffic on a real timer, one tick per `tickMs`.
 * Each tick simulates the real time elapsed since the previous one, so load rates are per real
 * second whatever the tick interval.
 */
export function startTraffic(options: StartTrafficOptions): RunningTraffic {
  const seed = options.seed ?? 1;
  const model =
    options.model ?? trafficModelFor(options.scenario, options.generated && { seed, ...options.generated });
  const metrics = createIstioMetrics();
  const accessLog = options.logs && new AccessLogSink(options.reader, options.logs, seed);
  const engine = new TrafficEngine({
    reader: options.reader,
    model,
    seed,
    metrics,
    ...(accessLog ? { tap: accessLog } : {}),
  });
  let last: number | undefined;
  const tickOnce = (nowMs = Date.now()): TickStats => {
    // Capped so a stalled event loop (or a suspended laptop) does not release a burst of hours of traffic.
    const elapsed = last === undefined ? 1 : Math.min(10, Math.max(0, (nowMs - last) / 1000));
    last = nowMs;
    const stats = engine.tick(nowMs, elapsed);
    accessLog?.flush(nowMs, elapsed);
    return stats;
  };
  const tickMs = options.tickMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  if (tickMs > 0) {
    tickOnce();
    timer = setInterval(() => tickOnce(), tickMs);
    timer.unref();
  }
  return {
    metricsHandler: createMetricsHandler(metrics.registry),
    registry: metrics.registry,
    engine,
    tickOnce,
    stop() {
      if (timer) clearInterval(timer);
      engine.stop();
    },
  };
}
