import type { TrafficPolicyForm } from '@sextant/mesh';

/** What a traffic policy form sets, in a few words each ("load balancer LEAST_CONN", "outlier detection"). */
export function policySummary(policy: TrafficPolicyForm): string[] {
  const set = (o: object) => Object.values(o).some((v) => v !== undefined);
  return [
    policy.loadBalancer !== undefined ? `load balancer ${policy.loadBalancer}` : undefined,
    set(policy.connectionPool) ? 'connection pool' : undefined,
    set(policy.outlierDetection) ? 'outlier detection' : undefined,
    policy.tlsMode !== undefined ? `TLS ${policy.tlsMode}` : undefined,
  ].filter((s): s is string => s !== undefined);
}
