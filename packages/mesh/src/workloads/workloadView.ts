import type { InboundTraffic, WorkloadWarning } from '@sextant/contracts';
import type { NamespaceInfo, ServiceInfo, WorkloadInfo } from '../cluster/clusterState.ts';
import { resolveTolerances, type AnnotatedObject } from '../health/annotation.ts';
import type { RatesByCode } from '../health/requestHealth.ts';
import type { Tolerance } from '../health/tolerance.ts';

/**
 * Page data of the Workloads and Applications lists: who is inbound-called how often and how badly,
 * what that and pod readiness make of their health, and what may keep them out of the mesh. Pure:
 * the server runs the query and hands the samples and the cluster state in.
 */

/** Requests per second and the share that failed (HTTP 5xx or no response, gRPC non-OK). */
export function inboundTraffic(rates: RatesByCode | undefined): InboundTraffic {
  let total = 0;
  let errors = 0;
  for (const [code, r] of rates?.http ?? []) {
    total += r;
    if (code === '0' || code.startsWith('5')) errors += r;
  }
  for (const [code, r] of rates?.grpc ?? []) {
    total += r;
    if (code !== '0') errors += r;
  }
  return { requestRate: total, errorPercent: total > 0 ? (errors / total) * 100 : 0 };
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
