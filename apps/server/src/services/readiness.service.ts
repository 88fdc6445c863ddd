import type { ReadinessCheck, UnsyncedCache } from '@sextant/contracts';
import { KUBE_KINDS, type KubeClient, type KubeStatuses } from '../clients/kube.client.ts';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import { AppError, describeError } from '../errors.ts';

export interface ReadinessReport {
  ready: boolean;
  checks: { kubernetes: ReadinessCheck; prometheus: ReadinessCheck };
}

/**
 * Ready = the core Kubernetes caches can be served (synced, or stale within the bound while their
 * watch recovers) and Prometheus answers its readiness endpoint. Every unsynced cache is listed
 * with since when, ready or not.
 */
export async function checkReadiness(kube: KubeClient, metrics: MetricsClient): Promise<ReadinessReport> {
  const cache = kube.status();
  const unsynced = unsyncedCaches(kube.statuses());
  const kubernetes: ReadinessCheck = {
    ok: cache.usable,
    ...(cache.usable ? {} : { error: cache.lastError ?? 'watch cache not synced yet' }),
    ...(unsynced.length > 0 ? { unsynced } : {}),
  };
  const prometheus: ReadinessCheck = await metrics.ping().then(
    () => ({ ok: true }),
    (err: unknown) => ({ ok: false, error: err instanceof AppError ? err.message : describeError(err) }),
  );
  return { ready: kubernetes.ok && prometheus.ok, checks: { kubernetes, prometheus } };
}

/** "Kubernetes: <why>; Prometheus: <why>" for the checks that failed. */
export function describeNotReady(report: ReadinessReport): string {
  const failed = Object.entries({
    Kubernetes: report.checks.kubernetes,
    Prometheus: report.checks.prometheus,
  })
    .filter(([, check]) => !check.ok)
    .map(([name, check]) => `${name}: ${check.error ?? 'down'}`);
  return `Not ready: ${failed.join('; ')}`;
}

export function unsyncedCaches(statuses: KubeStatuses): UnsyncedCache[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  return KUBE_KINDS.filter((kind) => !statuses[kind].synced).map((kind) => {
    const status = statuses[kind];
    return {
      kind,
      usable: status.usable,
      since: iso(status.unsyncedSince ?? status.staleSince ?? 0),
      ...(status.staleSince === undefined ? {} : { staleSince: iso(status.staleSince) }),
      ...(status.lastError === undefined ? {} : { error: status.lastError }),
    };
  });
}
