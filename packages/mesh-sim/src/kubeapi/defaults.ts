import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Next free address in 10.96.0.0/16, as the service IP allocator would hand out. */
function allocateClusterIP(store: ObjectStore): string {
  const used = new Set(
    store.list({ group: '', resource: 'services' }).map((s) => asRecord(s.spec).clusterIP),
  );
  for (let i = 10; i < 65_000; i++) {
    const ip = `10.96.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    if (!used.has(ip)) return ip;
  }
  throw new Error('service IP range exhausted');
}

/** Fields the real API server fills in on create (defaulting + allocation). */
export function applyCreateDefaults(store: ObjectStore, kind: string, object: KubeObject): void {
  switch (kind) {
    case 'Namespace':
      object.spec ??= { finalizers: ['kubernetes'] };
      object.status = { phase: 'Active' };
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name,
      };
      break;
    case 'Service': {
      const spec = asRecord((object.spec ??= {}));
      spec.type ??= 'ClusterIP';
      if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
        spec.clusterIP = allocateClusterIP(store);
        spec.clusterIPs = [spec.clusterIP];
      }
      spec.sessionAffinity ??= 'None';
      for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
        const p = asRecord(port);
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      object.status ??= { loadBalancer: {} };
      break;
    }
    case 'Deployment': {
      const spec = asRecord((object.spec ??= {}));
      spec.replicas ??= 1;
      spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      object.status = {};
      break;
    }
    case 'Secret': {
      // The API server folds the write-only `stringData` into base64 `data`.
      object.type ??= 'Opaque';
      const stringData = asRecord(object.stringData);
      if (Object.keys(stringData).length > 0) {
        const data = asRecord(object.data);
        for (const [key, value] of Object.entries(stringData))
          data[key] = Buffer.from(String(value)).toString('base64');
        object.data = data;
      }
      delete object.stringData;
      break;
    }
    case 'ServiceAccount':
      break;
    default:
      break;
  }
}
