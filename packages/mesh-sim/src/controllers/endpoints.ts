import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { stableJson } from '../store/stableJson.ts';

const ENDPOINTS = { group: '', resource: 'endpoints' };

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function isReady(pod: KubeObject): boolean {
  const status = asRecord(pod.status);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  return status.phase === 'Running' && conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The Endpoints controller: one Endpoints object per selector-based Service, listing its ready and not-ready pods. */
export function reconcileEndpoints(store: ObjectStore, namespace: string): void {
  const pods = store.list({ group: '', resource: 'pods' }, namespace);
  for (const service of store.list({ group: '', resource: 'services' }, namespace)) {
    const spec = asRecord(service.spec);
    const selector = spec.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) continue;
    const selected = pods.filter((p) =>
      Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
    );
    const address = (p: KubeObject): Record<string, unknown> => ({
      ip: asRecord(p.status).podIP ?? '',
      nodeName: asRecord(p.spec).nodeName,
      targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
    });
    const ports = (Array.isArray(spec.ports) ? (spec.ports as Record<string, unknown>[]) : []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
      protocol: p.protocol ?? 'TCP',
    }));
    const ready = selected.filter(isReady).map(address);
    const notReady = selected.filter((p) => !isReady(p)).map(address);
    const subsets =
      selected.length === 0
        ? []
        : [
            {
              ...(ready.length ? { addresses: ready } : {}),
              ...(notReady.length ? { notReadyAddresses: notReady } : {}),
              ports,
            },
          ];
    const existing = store.get(ENDPOINTS, namespace, service.metadata.name);
    if (!existing) {
      store.create(ENDPOINTS, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: service.metadata.name, namespace, labels: { ...service.metadata.labels } },
        subsets,
      });
    } else if (stableJson(existing.subsets) !== stableJson(subsets)) {
      store.update(ENDPOINTS, { ...existing, subsets });
    }
  }
}
