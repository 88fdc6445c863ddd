import type {
  HealthCounts,
  HealthStatus,
  MetricSeries,
  MtlsStatus,
  NamespaceOverview,
  OverviewHealth,
  OverviewTraffic,
  Validation,
} from '@sextant/contracts';
import type { ClusterState } from '../cluster/clusterState.ts';
import { isPodReason } from '../health/replicaHealth.ts';
import { HEALTH_RANK } from '../health/status.ts';
import { isFailingRequestReason } from '../health/requestHealth.ts';
import type { Tolerance } from '../health/tolerance.ts';
import { appHealth, healthRates, workloadHealth, type HealthRates } from '../health/workloadHealth.ts';
import type { PromSample } from '../graph/types.ts';
import { groupApps, tolerancesFor } from '../workloads/workloadView.ts';

/** A per-namespace series of a range query (`sum by (namespace)`). */
export interface NamespaceSeries {
  namespace: string;
  series: MetricSeries;
}

export interface OverviewInput {
  state: ClusterState;
  /** The namespaces to show (already limited to what the user may read), in any order. */
  namespaces: readonly string[];
  /** Configured tolerances; `health.sextant.io/rate` annotations on Deployments and Namespaces still win. */
  tolerances: readonly Tolerance[];
  mtlsOf: (namespace: string) => MtlsStatus | null;
  /** Findings for every Istio object of the cluster; null when the config cannot be read. */
  validations: {
    objectsByNamespace: ReadonlyMap<string, number>;
    findings: readonly Validation[];
  } | null;
  /** The `requests` query's samples (`requestHealthQuery` for all namespaces); null when Prometheus could not be asked. */
  requests: readonly PromSample[] | null;
  requestRate: readonly NamespaceSeries[] | null;
  errorRate: readonly NamespaceSeries[] | null;
}

/** How many reasons a namespace carries: the worst few say where to look, a list of all would not be read. */
export const MAX_REASONS = 3;

/** Namespaces sorted by name, each with what the Overview shows of it. */
export function namespaceOverviews(input: OverviewInput): NamespaceOverview[] {
  const rates = input.requests === null ? null : healthRates(input.requests);
  return [...input.namespaces]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => namespaceOverview(name, input, rates));
}

/**
 * One namespace: every workload and app judged by the same rule, tolerances and rates as the
 * Workloads and Applications lists (`workloadHealth`, `appHealth`), so the pages agree.
 */
function namespaceOverview(name: string, input: OverviewInput, rates: HealthRates | null): NamespaceOverview {
  const { state } = input;
  const info = state.namespaces.find((n) => n.name === name);
  const workloads = state.workloads
    .filter((w) => w.namespace === name)
    .sort((a, b) => a.name.localeCompare(b.name));

  const judged: Array<{ kind: 'app' | 'workload'; status: HealthStatus; reasons: string[] }> = [];
  for (const w of workloads) {
    const { tolerances } = tolerancesFor([w], undefined, info, input.tolerances);
    judged.push({ kind: 'workload', ...workloadHealth(w, rates, tolerances, w.name) });
  }
  const workloadReasons = new Set(judged.flatMap((j) => j.reasons.map(withoutWho)));
  for (const app of groupApps(workloads, name)) {
    const appService = state.services.find((s) => s.namespace === name && s.name === app.name);
    const { tolerances } = tolerancesFor(app.workloads, appService, info, input.tolerances);
    const health = appHealth(app, rates, tolerances, app.name);
    // An app of one workload repeats that workload's request reasons under its own name: keep the
    // reason slots for what is new.
    judged.push({
      kind: 'app',
      status: health.status,
      reasons: health.reasons.filter((r) => !workloadReasons.has(withoutWho(r))),
    });
  }

  const appCounts = counts(judged.filter((j) => j.kind === 'app').map((j) => j.status));
  const workloadCounts = counts(judged.filter((j) => j.kind === 'workload').map((j) => j.status));
  const reasons = namespaceReasons(judged);

  return {
    name,
    istioInjection: isInjectionEnabled(info?.labels ?? {}),
    mtls: input.mtlsOf(name),
    health: overallHealth(appCounts, workloadCounts),
    apps: appCounts,
    workloads: workloadCounts,
    reasons: reasons.slice(0, MAX_REASONS),
    config: input.validations === null ? null : configCounts(name, input.validations),
    traffic: traffic(name, input),
  };
}

const RANK = HEALTH_RANK;

/**
 * The reasons a namespace card lists: every unhealthy app or workload gets a say before any gets a
 * second one (worst entity first), and within one the most telling reason leads: requests failing,
 * then its pods (a Deployment scaled to 0 explains its callers' failures better than the few
 * requests it still shows in the window), then the rest.
 */
function namespaceReasons(
  judged: ReadonlyArray<{ status: HealthStatus; reasons: readonly string[] }>,
): string[] {
  const weight = (r: string) => (isFailingRequestReason(r) ? 0 : isPodReason(r) ? 1 : 2);
  const queues = judged
    .filter((j) => RANK[j.status] >= RANK['Not Ready'] && j.reasons.length > 0)
    .sort((a, b) => RANK[b.status] - RANK[a.status])
    .map((j) => [...j.reasons].sort((a, b) => weight(a) - weight(b)));
  const out = new Set<string>();
  for (let round = 0; queues.some((q) => q.length > round); round++)
    for (const q of queues) if (q[round] !== undefined) out.add(q[round]!);
  return [...out];
}

/** A reason without the "name: " it was labelled with. */
const withoutWho = (reason: string) => reason.slice(reason.indexOf(': ') + 2);

function counts(statuses: readonly HealthStatus[]): HealthCounts {
  const c: HealthCounts = { healthy: 0, degraded: 0, failing: 0, notReady: 0, noData: 0 };
  for (const s of statuses) {
    switch (s) {
      case 'Healthy':
        c.healthy++;
        break;
      case 'Degraded':
        c.degraded++;
        break;
      case 'Failure':
        c.failing++;
        break;
      case 'Not Ready':
        c.notReady++;
        break;
      case 'NA':
        c.noData++;
        break;
    }
  }
  return c;
}

export function overallHealth(...all: readonly HealthCounts[]): OverviewHealth {
  const total = (k: keyof HealthCounts) => all.reduce((n, c) => n + c[k], 0);
  if (total('failing') > 0) return 'failing';
  if (total('degraded') > 0) return 'degraded';
  if (total('notReady') > 0) return 'notReady';
  if (total('healthy') > 0) return 'healthy';
  return 'noData';
}

function configCounts(
  namespace: string,
  validations: NonNullable<OverviewInput['validations']>,
): NonNullable<NamespaceOverview['config']> {
  const mine = validations.findings.filter((v) => v.objectRef.namespace === namespace);
  return {
    objects: validations.objectsByNamespace.get(namespace) ?? 0,
    errors: mine.filter((v) => v.severity === 'error').length,
    warnings: mine.filter((v) => v.severity === 'warning').length,
  };
}

function traffic(namespace: string, input: OverviewInput): OverviewTraffic | null {
  if (input.requestRate === null || input.errorRate === null) return null;
  const requestSeries = input.requestRate.find((s) => s.namespace === namespace)?.series ?? [];
  const errorSeries = input.errorRate.find((s) => s.namespace === namespace)?.series ?? [];
  const last = requestSeries.at(-1);
  const requestRate = last?.[1] ?? 0;
  // A namespace whose requests all succeed has no error series at all: that is 0 errors at that time.
  const errorsAtLast = last === undefined ? 0 : (errorSeries.find(([t]) => t === last[0])?.[1] ?? 0);
  return {
    requestRate,
    errorPercent: requestRate > 0 ? (errorsAtLast / requestRate) * 100 : null,
    requestSeries,
    errorSeries,
  };
}

/** As the namespaces list: `istio-injection=enabled`, or a revision label unless injection is disabled. */
export function isInjectionEnabled(labels: Readonly<Record<string, string>>): boolean {
  const injection = labels['istio-injection'];
  if (injection !== undefined) return injection === 'enabled';
  return (labels['istio.io/rev'] ?? '') !== '';
}
