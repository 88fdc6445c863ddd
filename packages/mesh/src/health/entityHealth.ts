import type { Health } from '@sextant/contracts';
import { replicaFinding, type Replicas } from './replicaHealth.ts';
import { requestFindings, type RatesByCode } from './requestHealth.ts';
import { combineFindings, type Finding } from './status.ts';
import type { Tolerance } from './tolerance.ts';

export interface EntityHealthInput {
  /** Pod readiness of the workloads behind the entity (none for a service). */
  replicas: readonly Replicas[];
  /** Requests the entity received, by code; undefined: none. */
  inbound: RatesByCode | undefined;
  /** Requests the entity made (its proxy as the client), by code; undefined: none or not judged. */
  outbound: RatesByCode | undefined;
  tolerances: readonly Tolerance[];
  /** Prefixes request reasons with a name where several entities' reasons are listed together. */
  who?: string;
}

const NO_RATES: RatesByCode = { http: new Map(), grpc: new Map() };

/**
 * The one health rule of Sextant, used by the graph's nodes, the Overview, the lists and the
 * detail pages (Kiali's: pod readiness, then the request error rates of both directions judged by
 * the tolerances, whose `direction` says which side they apply to; worst wins). A caller that keeps
 * failing its calls is unhealthy even when everything calling it succeeds.
 */
export function entityHealth({ replicas, inbound, outbound, tolerances, who }: EntityHealthInput): Health {
  const requests = [
    ...requestFindings(inbound ?? NO_RATES, tolerances, 'inbound'),
    ...requestFindings(outbound ?? NO_RATES, tolerances, 'outbound', true),
  ];
  const findings: Finding[] = [
    ...replicas.map(replicaFinding),
    ...(who === undefined
      ? requests
      : requests.map((f) => (f.reason === undefined ? f : { ...f, reason: `${who}: ${f.reason}` }))),
  ];
  return combineFindings(findings);
}
