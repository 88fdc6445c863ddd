import { createMetricsServer, type MetricsServer } from '../src/metrics/handler.ts';
import {
  startPrometheus,
  valuesByLabel,
  type RunningPrometheus,
  type VectorSample,
} from '../src/prometheus/index.ts';
import { startMeshSim, type MeshSim } from '../src/index.ts';
import { bookinfoTrafficModel, startTraffic, type RunningTraffic } from '../src/traffic/index.ts';

/**
 * The simulated cluster (real Kubernetes API), the traffic engine on its store, its metrics on a
 * free port and a real Prometheus scraping them: what the integration tests drive from outside.
 */
export interface TrafficStack {
  sim: MeshSim;
  traffic: RunningTraffic;
  metrics: MetricsServer;
  prometheus: RunningPrometheus;
  scrapeSeconds: number;
  /** A Kubernetes API call; throws with the Status body on a non-2xx answer. */
  kube(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown>;
  stop(): Promise<void>;
}

export interface StackOptions {
  scrapeSeconds?: number;
  tickMs?: number;
  /** Multiplies the scenario's load so a few seconds of rate() carry enough requests for tight ratios. */
  loadFactor?: number;
}

export async function startTrafficStack({
  scrapeSeconds = 1,
  tickMs = 200,
  loadFactor = 10,
}: StackOptions = {}): Promise<TrafficStack> {
  const started: Array<() => Promise<void> | void> = [];
  try {
    // No metricsPort: the sim runs API-only and this stack owns the (one) traffic engine.
    const sim = await startMeshSim({ scenario: 'bookinfo' });
    started.push(() => sim.stop());
    const model = bookinfoTrafficModel();
    model.entries = model.entries.map((e) => ({ ...e, ratePerSecond: e.ratePerSecond * loadFactor }));
    const traffic = startTraffic({ reader: sim.store, scenario: 'bookinfo', model, tickMs, seed: 11 });
    started.push(() => traffic.stop());
    const metrics = await createMetricsServer(traffic.metricsHandler, 0);
    started.push(() => metrics.close());
    const prometheus = await startPrometheus({
      scrapeTargets: [`127.0.0.1:${metrics.port}`],
      scrapeIntervalSeconds: scrapeSeconds,
    });
    started.push(() => prometheus.stop());
    const kube = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
      const res = await fetch(`${sim.kubeApi}${path}`, {
        method,
        headers: { 'content-type': contentType, accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    };
    return { sim, traffic, metrics, prometheus, scrapeSeconds, kube, stop: () => stopAll(started) };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(started: Array<() => Promise<void> | void>): Promise<void> {
  for (const stop of started.reverse()) await stop();
}

/** Shares of each label value in a `sum by (label)` result (values summing to 1). */
export function sharesBy(samples: readonly VectorSample[], label: string): Record<string, number> {
  const values = valuesByLabel(samples, label);
  const total = [...values.values()].reduce((a, b) => a + b, 0);
  return Object.fromEntries([...values].map(([k, v]) => [k, total > 0 ? v / total : 0]));
}

/** True when every expected share is within `tolerance` and no other label value carries more than it. */
export function sharesMatch(
  actual: Record<string, number>,
  expected: Record<string, number>,
  tolerance = 0.05,
): boolean {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].every((k) => Math.abs((actual[k] ?? 0) - (expected[k] ?? 0)) <= tolerance);
}
