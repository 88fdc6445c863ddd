import { overviewSchema, type Overview } from '@sextant/contracts';
import {
  DEFAULT_TOLERANCES,
  namespaceOverviews,
  namespaceTlsStatus,
  overviewQueries,
  parsePromNumber,
  toSamples,
  type HealthConfig,
  type NamespaceSeries,
} from '@sextant/mesh';
import type { KubeKind } from '../clients/kube.client.ts';
import { aggregateStatus, assertUsable } from '../clients/kube.client.ts';
import type { MetricsClient, PromMatrixEntry } from '../clients/prometheus.client.ts';
import { canRead, type NamespaceScope } from '../auth/namespaceScope.ts';
import type { ClusterStateSource } from './clusterState.service.ts';
import { configFindings } from './configFindings.ts';

/** Without these nothing of the Overview can be said: which namespaces, which workloads, how many pods ready. */
const OVERVIEW_KINDS: readonly KubeKind[] = ['namespaces', 'deployments', 'pods', 'services'];
const TLS_KINDS: readonly KubeKind[] = ['namespaces', 'peerAuthentications', 'destinationRules'];

export const OVERVIEW_WINDOW = {
  /** What the sparklines cover. */
  durationSeconds: 600,
  stepSeconds: 10,
  /** `rate()` window: two minutes hold enough scrapes even at a one-minute scrape interval. */
  rateSeconds: 120,
};

/**
 * The Overview: per namespace the user may read, health from the watch caches and Prometheus,
 * config findings and inbound traffic. Prometheus is asked three queries for all namespaces
 * together; when it fails, the Overview still answers from Kubernetes and says what is missing.
 */
export class OverviewService {
  constructor(
    private readonly metrics: MetricsClient,
    private readonly cluster: ClusterStateSource,
    private readonly now: () => number,
    private readonly health: HealthConfig = { tolerances: DEFAULT_TOLERANCES },
  ) {}

  async overview(scope: NamespaceScope): Promise<Overview> {
    const view = this.cluster.current(scope);
    assertUsable(aggregateStatus(view.statuses, OVERVIEW_KINDS));
    const end = Math.floor(this.now() / 1000);
    const { durationSeconds, stepSeconds, rateSeconds } = OVERVIEW_WINDOW;
    const queries = overviewQueries(rateSeconds);
    const range = { start: end - durationSeconds, end, step: stepSeconds };
    const errors: NonNullable<Overview['errors']> = [];
    let prom: {
      requests: ReturnType<typeof toSamples>;
      requestRate: NamespaceSeries[];
      errorRate: NamespaceSeries[];
    } | null;
    try {
      const [requests, requestRate, errorRate] = await Promise.all([
        this.metrics.query(queries.requests, end),
        this.metrics.queryRange(queries.requestRate, range),
        this.metrics.queryRange(queries.errorRate, range),
      ]);
      prom = {
        requests: toSamples(requests),
        requestRate: byNamespace(requestRate),
        errorRate: byNamespace(errorRate),
      };
    } catch (err) {
      prom = null;
      errors.push({
        source: 'prometheus',
        message: `Traffic and request health are unavailable; health shows pod readiness only: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    const tlsUsable = aggregateStatus(view.statuses, TLS_KINDS).usable;
    const config = configFindings(view);
    if (config === null)
      errors.push({
        source: 'kubernetes',
        message: 'Istio config cannot be read now: its findings are not counted.',
      });
    const overview: Overview = {
      timestamp: end,
      duration: durationSeconds,
      namespaces: namespaceOverviews({
        state: view.state,
        namespaces: view.state.namespaces.map((n) => n.name).filter((n) => canRead(scope, 'namespaces', n)),
        tolerances: this.health.tolerances,
        mtlsOf: (ns) => (tlsUsable ? namespaceTlsStatus(ns, view.state) : null),
        validations: config,
        requests: prom?.requests ?? null,
        requestRate: prom?.requestRate ?? null,
        errorRate: prom?.errorRate ?? null,
      }),
      ...(errors.length ? { errors } : {}),
    };
    return overviewSchema.parse(overview);
  }
}

function byNamespace(matrix: readonly PromMatrixEntry[]): NamespaceSeries[] {
  return matrix.map((entry) => ({
    namespace: entry.metric['namespace'] ?? '',
    series: entry.values
      .map(([t, v]): [number, number] => [t, parsePromNumber(v)])
      .filter(([, v]) => Number.isFinite(v)),
  }));
}
