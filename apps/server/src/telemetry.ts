import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { KubeClient } from './clients/kube.client.ts';
import { KUBE_KINDS } from './clients/kube.client.ts';

/** The server's own metrics beyond HTTP (which `middleware/httpMetrics.ts` counts). */
export interface Telemetry {
  /** Time to answer a graph request, shared or not; `result`: computed, joined, cached, error. */
  graphDuration: Histogram<'graph_type' | 'result'>;
  /** Queries sent to Prometheus; `outcome`: ok or the error code. */
  prometheusQueries: Counter<'endpoint' | 'outcome'>;
  prometheusQueryDuration: Histogram<'endpoint'>;
  /** Graph replays waiting for their turn (SEXTANT_REPLAY_CONCURRENCY run at once). */
  replaysWaiting: Gauge;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createTelemetry(registry: Registry, kube: KubeClient): Telemetry {
  new Gauge({
    name: 'sextant_kube_cache_synced',
    help: 'Whether the watch cache of a Kubernetes kind is synced (1) or not (0).',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const statuses = kube.statuses();
      for (const kind of KUBE_KINDS) this.set({ kind }, statuses[kind].synced ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sextant_kube_cache_stale_seconds',
    help: "How long the content of a Kubernetes kind's watch cache has been stale (0 while synced or never listed).",
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const statuses = kube.statuses();
      const now = Date.now();
      for (const kind of KUBE_KINDS) {
        const since = statuses[kind].staleSince;
        this.set({ kind }, since === undefined ? 0 : Math.max(0, (now - since) / 1000));
      }
    },
  });
  return {
    graphDuration: new Histogram({
      name: 'sextant_graph_duration_seconds',
      help: 'Graph API request duration in seconds, by graph type and result (computed, joined, cached, error; a replay whose client left: abandoned).',
      labelNames: ['graph_type', 'result'] as const,
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    prometheusQueries: new Counter({
      name: 'sextant_prometheus_queries_total',
      help: 'Queries sent to Prometheus, by endpoint (query, query_range) and outcome (ok or error code).',
      labelNames: ['endpoint', 'outcome'] as const,
      registers: [registry],
    }),
    replaysWaiting: new Gauge({
      name: 'sextant_graph_replays_waiting',
      help: 'Graph replays waiting for their turn: at most SEXTANT_REPLAY_CONCURRENCY are queried and built at once.',
      registers: [registry],
    }),
    prometheusQueryDuration: new Histogram({
      name: 'sextant_prometheus_query_duration_seconds',
      help: 'Prometheus query duration in seconds, by endpoint.',
      labelNames: ['endpoint'] as const,
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
  };
}
