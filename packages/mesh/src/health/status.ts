import type { Health, HealthStatus } from '@sextant/contracts';

/** Kiali's priority: a failing signal outweighs a degraded one, and so on down to "no data". */
export const HEALTH_RANK: Readonly<Record<HealthStatus, number>> = {
  Failure: 4,
  Degraded: 3,
  'Not Ready': 2,
  Healthy: 1,
  NA: 0,
};
const RANK = HEALTH_RANK;

export const worse = (a: HealthStatus, b: HealthStatus): HealthStatus => (RANK[b] > RANK[a] ? b : a);

export const NO_HEALTH: Health = { status: 'NA', reasons: [] };

/** One signal's verdict and why; reasons of healthy signals are not shown. */
export interface Finding {
  status: HealthStatus;
  reason?: string;
}

/** Worst status wins; reasons of the non-healthy findings, worst first. */
export function combineFindings(findings: readonly Finding[]): Health {
  let status: HealthStatus = 'NA';
  for (const f of findings) status = worse(status, f.status);
  const reasons = findings
    .filter((f) => f.reason !== undefined && RANK[f.status] > RANK.Healthy)
    .sort((a, b) => RANK[b.status] - RANK[a.status])
    .map((f) => f.reason!);
  return { status, reasons: [...new Set(reasons)] };
}
