import type { HealthCounts, MtlsStatus, OverviewHealth } from '@sextant/contracts';

/** Words for the namespace states; colour is never the only sign (a mark goes with each). */
export const HEALTH_WORDS: Record<OverviewHealth, string> = {
  failing: 'Failing',
  degraded: 'Degraded',
  notReady: 'Not ready',
  healthy: 'Healthy',
  noData: 'No workloads',
};

export const HEALTH_MARK: Record<OverviewHealth, string> = {
  failing: '×',
  degraded: '!',
  notReady: '○',
  healthy: '✓',
  noData: '–',
};

export const MTLS_WORDS: Record<MtlsStatus, string> = {
  ENABLED: 'mTLS enforced',
  PARTIALLY_ENABLED: 'mTLS partly enforced',
  NOT_ENABLED: 'mTLS permissive',
  DISABLED: 'mTLS disabled',
};

/** "3 healthy, 1 failing": the non-zero counts, worst first; "none" for an empty namespace. */
export function countsInWords(c: HealthCounts): string {
  const parts: string[] = [];
  if (c.failing) parts.push(`${c.failing} failing`);
  if (c.degraded) parts.push(`${c.degraded} degraded`);
  if (c.notReady) parts.push(`${c.notReady} not ready`);
  if (c.healthy) parts.push(`${c.healthy} healthy`);
  if (c.noData) parts.push(`${c.noData} without data`);
  return parts.length ? parts.join(', ') : 'none';
}

export function formatRate(rps: number): string {
  if (rps === 0) return '0';
  if (rps < 0.01) return '<0.01';
  if (rps >= 100) return String(Math.round(rps));
  return String(Number(rps.toFixed(rps >= 10 ? 1 : 2)));
}

export function formatErrorPercent(pct: number | null): string {
  if (pct === null) return '–';
  if (pct === 0) return '0%';
  if (pct < 0.1) return '<0.1%';
  return `${Number(pct.toFixed(pct >= 10 ? 0 : 1))}%`;
}

/** Where each part of a namespace is looked at; the lists read `namespaces=` like the graph does. */
export const namespaceLinks = (ns: string) => {
  const q = `namespaces=${encodeURIComponent(ns)}`;
  return {
    graph: `/graph?${q}`,
    applications: `/applications?${q}`,
    workloads: `/workloads?${q}`,
    services: `/services?${q}`,
    config: `/istio?${q}`,
    configErrors: `/istio?${q}&valid=false`,
  };
};
