import type { Health, InboundTraffic, WorkloadWarning } from '@sextant/contracts';
import type { NamespaceInfo, ServiceInfo, WorkloadInfo } from '../cluster/clusterState.ts';
import { resolveTolerances, type AnnotatedObject } from '../health/annotation.ts';
import { replicaFinding } from '../health/replicaHealth.ts';
import { requestFindings, type RatesByCode } from '../health/requestHealth.ts';
import { combineFindings, type Finding } from '../health/status.ts';
import type { Tolerance } from '../health/tolerance.ts';
import { escapePromString } from '../promql/escape.ts';
import type { PromSample } from '../graph/types.ts';

/**
 * Page data of the Workloads and Applications lists: who is inbound-called how often and how badly,
 * what that and pod readiness make of their health, and what may keep them out of the mesh. Pure:
 * the server runs the query and hands the samples and the cluster state in.
 */

/** Labels the inbound query groups by: enough for workloads and apps from one query. */
export const INBOUND_GROUP_LABELS = [
  'destination_workload',
  'destination_canonical_service',
  'request_protocol',
  'response_code',
  'grpc_response_status',
] as const;

/**
 * One query for a namespace's inbound requests, as the workloads' own proxies report them
 * (`reporter="destination"`, like the graph's workload nodes), by workload, app and code.
 */
export function inboundRequestsQuery(namespace: string, rateSeconds: number): string {
  return (
    `sum by (${INBOUND_GROUP_LABELS.join(',')}) (rate(istio_requests_total{reporter="destination",` +
    `destination_workload_namespace="${escapePromString(namespace)}"}[${rateSeconds}s]))`
  );
}

/** Inbound request rates of one workload or app, by protocol and code. */
export interface InboundRates {
  byCode: RatesByCode;
}

const emptyRates = (): { http: Map<string, number>; grpc: Map<string, number> } => ({
  http: new Map(),
  grpc: new Map(),
});

/** Samples of `inboundRequestsQuery` summed per `label` value (a workload or an app name). */
export function inboundRatesBy(
  samples: readonly PromSample[],
  label: 'destination_workload' | 'destination_canonical_service',
): Map<string, InboundRates> {
  const out = new Map<string, { http: Map<string, number>; grpc: Map<string, number> }>();
  for (const s of samples) {
    const name = s.metric[label];
    if (!name || name === 'unknown' || !Number.isFinite(s.value) || s.value <= 0) continue;
    const rates = out.get(name) ?? emptyRates();
    out.set(name, rates);
    // gRPC requests are judged by their gRPC status (`-`: none), the way the graph's health does.
    if (s.metric.request_protocol === 'grpc') {
      const code = s.metric.grpc_response_status || '-';
      rates.grpc.set(code, (rates.grpc.get(code) ?? 0) + s.value);
    } else if (s.metric.request_protocol !== 'tcp') {
      const code = s.metric.response_code ?? '0';
      rates.http.set(code, (rates.http.get(code) ?? 0) + s.value);
    }
  }
  return new Map([...out].map(([name, byCode]) => [name, { byCode }]));
}

/** Requests per second and the share that failed (HTTP 5xx or no response, gRPC non-OK). */
export function inboundTraffic(rates: InboundRates | undefined): InboundTraffic {
  let total = 0;
  let errors = 0;
  for (const [code, r] of rates?.byCode.http ?? []) {
    total += r;
    if (code === '0' || code.startsWith('5')) errors += r;
  }
  for (const [code, r] of rates?.byCode.grpc ?? []) {
    total += r;
    if (code !== '0') errors += r;
  }
  return { requestRate: total, errorPercent: total > 0 ? (errors / total) * 100 : 0 };
}

const NO_RATES: RatesByCode = { http: new Map(), grpc: new Map() };

export interface HealthInput {
  /** The Deployments judged for readiness (a workload: itself; an app: all of its workloads). */
  workloads: readonly WorkloadInfo[];
  inbound: InboundRates | undefined;
  tolerances: readonly Tolerance[];
}

/** DESIGN.md's health: inbound error rates by the tolerances, pod readiness of each workload; worst wins. */
export function judgeHealth({ workloads, inbound, tolerances }: HealthInput): Health {
  const findings: Finding[] = requestFindings(inbound?.byCode ?? NO_RATES, tolerances, 'inbound');
  for (const w of workloads) {
    findings.push(replicaFinding({ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas }));
  }
  return combineFindings(findings);
}

/**
 * The tolerances of a workload or app, as the graph resolves them for its node: the Deployments'
 * annotation, then (apps) the Service named like the app, then the namespace's, then `configured`.
 */
export function tolerancesFor(
  workloads: readonly WorkloadInfo[],
  appService: ServiceInfo | undefined,
  namespace: NamespaceInfo | undefined,
  configured: readonly Tolerance[],
): { tolerances: readonly Tolerance[]; errors: string[] } {
  const objects: AnnotatedObject[] = workloads.map((w) => ({
    describe: `workload ${w.namespace}/${w.name}`,
    annotations: w.annotations,
  }));
  if (appService)
    objects.push({
      describe: `service ${appService.namespace}/${appService.name}`,
      annotations: appService.annotations,
    });
  if (namespace)
    objects.push({ describe: `namespace ${namespace.name}`, annotations: namespace.annotations });
  return resolveTolerances(objects, configured);
}

/** The `app` label Kiali groups applications by. */
export const appLabelOf = (w: WorkloadInfo): string | undefined => w.labels.app;
const versionLabelOf = (w: WorkloadInfo): string | undefined => w.labels.version;

/** What keeps a workload out of the mesh or out of Istio's telemetry names, in words. */
export function workloadWarnings(w: WorkloadInfo): WorkloadWarning[] {
  const out: WorkloadWarning[] = [];
  if (!w.hasSidecar)
    out.push({
      code: 'missingSidecar',
      message: `${w.name} has no istio-proxy sidecar: its traffic is outside the mesh (no mTLS, no routing, no metrics of its own)`,
    });
  if (appLabelOf(w) === undefined)
    out.push({
      code: 'missingApp',
      message: `${w.name} has no app label: it belongs to no application and telemetry names it by the workload`,
    });
  if (versionLabelOf(w) === undefined)
    out.push({
      code: 'missingVersion',
      message: `${w.name} has no version label: routing by subset cannot tell its version apart`,
    });
  return out;
}

export interface AppGroup {
  name: string;
  namespace: string;
  /** Sorted by name. */
  workloads: WorkloadInfo[];
}

/** The namespace's applications: workloads sharing an `app` label, sorted by name. */
export function groupApps(workloads: readonly WorkloadInfo[], namespace: string): AppGroup[] {
  const byApp = new Map<string, WorkloadInfo[]>();
  for (const w of workloads) {
    const app = appLabelOf(w);
    if (w.namespace !== namespace || app === undefined) continue;
    byApp.set(app, [...(byApp.get(app) ?? []), w]);
  }
  return [...byApp]
    .map(([name, list]) => ({
      name,
      namespace,
      workloads: list.sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Labels every workload carries with the same value. */
export function commonLabels(workloads: readonly WorkloadInfo[]): Record<string, string> {
  const [first, ...rest] = workloads;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first.labels).filter(([k, v]) => rest.every((w) => w.labels[k] === v)),
  );
}

/** The distinct `version` labels of the workloads, sorted. */
export function versionsOf(workloads: readonly WorkloadInfo[]): string[] {
  return [...new Set(workloads.flatMap((w) => (versionLabelOf(w) ? [versionLabelOf(w)!] : [])))].sort();
}
