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
import {
  canonicalService,
  selectorMatches,
  type ClusterState,
  type WorkloadInfo,
} from '../cluster/clusterState.ts';
import { resolveTolerances } from '../health/annotation.ts';
import { replicaFinding } from '../health/replicaHealth.ts';
import { requestFindings, type RatesByCode } from '../health/requestHealth.ts';
import { combineFindings, type Finding } from '../health/status.ts';
import type { Tolerance } from '../health/tolerance.ts';
import type { PromSample } from '../graph/types.ts';

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
  /** The `inboundByCode` query's samples; null when Prometheus could not be asked. */
  inbound: readonly PromSample[] | null;
  requestRate: readonly NamespaceSeries[] | null;
  errorRate: readonly NamespaceSeries[] | null;
}

/** How many reasons a namespace carries: the worst few say where to look, a list of all would not be read. */
export const MAX_REASONS = 3;

/** Namespaces sorted by name, each with what the Overview shows of it. */
export function namespaceOverviews(input: OverviewInput): NamespaceOverview[] {
  const inbound = input.inbound === null ? null : inboundByWorkload(input.state, input.inbound);
  return [...input.namespaces]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => namespaceOverview(name, input, inbound));
}

function namespaceOverview(
  name: string,
  input: OverviewInput,
  inbound: Map<string, RatesByCode> | null,
): NamespaceOverview {
  const { state } = input;
  const info = state.namespaces.find((n) => n.name === name);
  const workloads = state.workloads
    .filter((w) => w.namespace === name)
    .sort((a, b) => a.name.localeCompare(b.name));
  const nsAnnotated = {
    describe: `namespace ${name}`,
    annotations: info?.annotations ?? {},
  };
  const ratesOf = (w: WorkloadInfo) => inbound?.get(workloadKey(w.namespace, w.name)) ?? EMPTY_RATES;
  const tolerancesOf = (ws: readonly WorkloadInfo[]) =>
    resolveTolerances(
      [
        ...ws.map((w) => ({ describe: `workload ${w.namespace}/${w.name}`, annotations: w.annotations })),
        nsAnnotated,
      ],
      input.tolerances,
    ).tolerances;

  const judged: Array<{ kind: 'app' | 'workload'; status: HealthStatus; reasons: string[] }> = [];
  for (const w of workloads) {
    const findings: Finding[] = [
      replicaFinding({ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas }),
      ...labelled(w.name, requestFindings(ratesOf(w), tolerancesOf([w]), 'inbound')),
    ];
    const health = combineFindings(findings);
    judged.push({ kind: 'workload', ...health });
  }
  const apps = new Map<string, WorkloadInfo[]>();
  for (const w of workloads) apps.set(canonicalService(w), [...(apps.get(canonicalService(w)) ?? []), w]);
  for (const [app, members] of apps) {
    const findings: Finding[] = [
      ...members.map((w) =>
        replicaFinding({ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas }),
      ),
      ...labelled(app, requestFindings(sumRates(members.map(ratesOf)), tolerancesOf(members), 'inbound')),
    ];
    judged.push({ kind: 'app', ...combineFindings(findings) });
  }

  const appCounts = counts(judged.filter((j) => j.kind === 'app').map((j) => j.status));
  const workloadCounts = counts(judged.filter((j) => j.kind === 'workload').map((j) => j.status));
  const worstFirst = [...judged].sort((a, b) => RANK[b.status] - RANK[a.status]);
  const reasons = [
    ...new Set(worstFirst.filter((j) => RANK[j.status] >= RANK['Not Ready']).flatMap((j) => j.reasons)),
  ];

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

const RANK: Record<HealthStatus, number> = { Failure: 4, Degraded: 3, 'Not Ready': 2, Healthy: 1, NA: 0 };

const EMPTY_RATES: RatesByCode = { http: new Map(), grpc: new Map() };

const workloadKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** Request reasons name the app or workload, as replica reasons already do. */
const labelled = (who: string, findings: Finding[]): Finding[] =>
  findings.map((f) => (f.reason === undefined ? f : { ...f, reason: `${who}: ${f.reason}` }));

/**
 * Inbound rates by workload. A request that never reached a pod carries no workload: it counts
 * for every workload its Service selects (each of them failed to take it).
 */
export function inboundByWorkload(
  state: ClusterState,
  samples: readonly PromSample[],
): Map<string, RatesByCode> {
  const out = new Map<string, { http: Map<string, number>; grpc: Map<string, number> }>();
  const add = (key: string, protocol: 'http' | 'grpc', code: string, rate: number) => {
    let entry = out.get(key);
    if (!entry) out.set(key, (entry = { http: new Map(), grpc: new Map() }));
    entry[protocol].set(code, (entry[protocol].get(code) ?? 0) + rate);
  };
  for (const { metric, value } of samples) {
    if (!Number.isFinite(value) || value <= 0) continue;
    const protocol =
      metric['request_protocol'] === 'grpc'
        ? 'grpc'
        : metric['request_protocol'] === 'tcp'
          ? undefined
          : 'http';
    if (protocol === undefined) continue;
    // gRPC health reads the gRPC status, unless the request never got one (a reset: `-`).
    const code =
      protocol === 'grpc' ? metric['grpc_response_status'] || '-' : (metric['response_code'] ?? '0');
    const workload = metric['destination_workload'];
    if (workload && workload !== 'unknown') {
      add(workloadKey(metric['destination_workload_namespace'] ?? '', workload), protocol, code, value);
      continue;
    }
    const service = state.services.find(
      (s) =>
        s.namespace === metric['destination_service_namespace'] &&
        s.name === metric['destination_service_name'],
    );
    if (!service) continue;
    for (const w of state.workloads) {
      if (w.namespace === service.namespace && selectorMatches(service.selector, w.labels))
        add(workloadKey(w.namespace, w.name), protocol, code, value);
    }
  }
  return out;
}

function sumRates(all: readonly RatesByCode[]): RatesByCode {
  const sum = { http: new Map<string, number>(), grpc: new Map<string, number>() };
  for (const rates of all)
    for (const protocol of ['http', 'grpc'] as const)
      for (const [code, r] of rates[protocol]) sum[protocol].set(code, (sum[protocol].get(code) ?? 0) + r);
  return sum;
}

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
