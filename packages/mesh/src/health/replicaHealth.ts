import type { Finding } from './status.ts';

export interface Replicas {
  /** Workload name, for reasons. */
  name: string;
  desired: number;
  ready: number;
}

/**
 * Pod readiness of one workload: none of N ready fails, some degrade. Scaled to zero is "Not Ready"
 * as in Kiali, also while the window still holds its traffic from before (failing requests, being
 * worse, still win when combined).
 */
export function replicaFinding(r: Replicas): Finding {
  if (r.desired <= 0) return { status: 'Not Ready', reason: `${r.name}: scaled to 0 replicas` };
  if (r.ready <= 0) return { status: 'Failure', reason: `${r.name}: 0 of ${r.desired} pods ready` };
  if (r.ready < r.desired)
    return { status: 'Degraded', reason: `${r.name}: ${r.ready} of ${r.desired} pods ready` };
  return { status: 'Healthy' };
}

/** Whether a reason is one `replicaFinding` gave (about pods, not requests). */
export const isPodReason = (reason: string): boolean =>
  /(^|: )(scaled to 0 replicas|\d+ of \d+ pods ready)$/.test(reason);
