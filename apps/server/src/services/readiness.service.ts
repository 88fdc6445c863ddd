import type { ReadinessCheck } from '@sextant/contracts';
import type { KubeClient } from '../clients/kube.client.ts';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import { AppError, describeError } from '../errors.ts';

export interface ReadinessReport {
  ready: boolean;
  checks: { kubernetes: ReadinessCheck; prometheus: ReadinessCheck };
}

/** Ready = the Kubernetes caches are synced and Prometheus answers its readiness endpoint. */
export async function checkReadiness(kube: KubeClient, metrics: MetricsClient): Promise<ReadinessReport> {
  const cache = kube.status();
  const kubernetes: ReadinessCheck = cache.synced
    ? { ok: true }
    : { ok: false, error: cache.lastError ?? 'watch cache not synced yet' };
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
