import type { Finding } from './status.ts';

export interface Replicas {
  /** Workload name, for reasons. */
  name: string;
  desired: number;
  ready: number;
}

/**
 * Pod readiness of one workload: none of N ready fails, some degrade. Scaled to zero is "Not Ready"
 * while nothing calls it; once it has traffic, the requests (probably 503s) tell the story instead.
 */
export function replicaFinding(r: Replicas, hasInboundTraffic: boolean): Finding {
  if (r.desired <= 0) {
    return hasInboundTraffic
      ? { status: 'NA' }
      : { status: 'Not Ready', reason: `${r.name}: scaled to 0 replicas` };
  }
  if (r.ready <= 0) return { status: 'Failure', reason: `${r.name}: 0 of ${r.desired} pods ready` };
  if (r.ready < r.desired)
    return { status: 'Degraded', reason: `${r.name}: ${r.ready} of ${r.desired} pods ready` };
  return { status: 'Healthy' };
}
