import { istioResourceSchema, type Validation } from '@sextant/contracts';
import { validateObject, validationContext } from '@sextant/mesh';
import { aggregateStatus, CLUSTER_STATE_KINDS, ISTIO_CACHE_KINDS } from '../clients/kube.client.ts';
import type { ClusterView } from './clusterState.service.ts';
import { withTypeMeta } from './istioObjects.ts';

export interface ConfigFindings {
  objectsByNamespace: Map<string, number>;
  findings: Validation[];
}

/**
 * Every Istio object of the view judged as the config list judges it, or null while a cache the
 * validations read is not usable (counts from half a cluster would mislead).
 */
export function configFindings(view: ClusterView): ConfigFindings | null {
  const kinds = [...CLUSTER_STATE_KINDS, ...Object.values(ISTIO_CACHE_KINDS)];
  if (!aggregateStatus(view.statuses, kinds).usable) return null;
  const ctx = validationContext(view.state);
  const objectsByNamespace = new Map<string, number>();
  const findings: Validation[] = [];
  for (const resource of istioResourceSchema.options) {
    for (const cached of view.objects[ISTIO_CACHE_KINDS[resource]]) {
      const namespace = cached.metadata?.namespace;
      if (!namespace || !cached.metadata?.name) continue;
      objectsByNamespace.set(namespace, (objectsByNamespace.get(namespace) ?? 0) + 1);
      findings.push(...validateObject(withTypeMeta(resource, cached), ctx));
    }
  }
  return { objectsByNamespace, findings };
}
