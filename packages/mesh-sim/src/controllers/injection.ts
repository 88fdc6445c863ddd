import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export const SIDECAR_CONTAINER = 'istio-proxy';

/** Istio's injection rule: namespace label `istio-injection=enabled` (or a revision label), unless the pod opts out. */
export function injectionWanted(namespace: KubeObject | undefined, pod: KubeObject): boolean {
  const nsLabels = namespace?.metadata.labels ?? {};
  const podLabels = pod.metadata.labels ?? {};
  const podAnnotations = pod.metadata.annotations ?? {};
  const optOut =
    podLabels['sidecar.istio.io/inject'] === 'false' || podAnnotations['sidecar.istio.io/inject'] === 'false';
  if (optOut) return false;
  if (podLabels['sidecar.istio.io/inject'] === 'true') return true;
  return (
    nsLabels['istio-injection'] === 'enabled' ||
    (nsLabels['istio.io/rev'] !== undefined && nsLabels['istio-injection'] !== 'disabled')
  );
}

/**
 * What the sidecar injector webhook does to a pod on admission: adds the `istio-proxy` container and
 * the labels Istio's telemetry reads (canonical service and revision, tlsMode).
 */
export function admitPod(store: ObjectStore, pod: KubeObject): KubeObject {
  const namespace = store.get({ group: '', resource: 'namespaces' }, undefined, pod.metadata.namespace ?? '');
  const spec = asRecord(pod.spec);
  const containers = Array.isArray(spec.containers) ? (spec.containers as Record<string, unknown>[]) : [];
  if (!injectionWanted(namespace, pod) || containers.some((c) => c.name === SIDECAR_CONTAINER)) return pod;
  const labels = pod.metadata.labels ?? {};
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      labels: {
        ...labels,
        'service.istio.io/canonical-name':
          labels['service.istio.io/canonical-name'] ?? labels.app ?? pod.metadata.name,
        'service.istio.io/canonical-revision':
          labels['service.istio.io/canonical-revision'] ?? labels.version ?? 'latest',
        'security.istio.io/tlsMode': 'istio',
      },
      annotations: {
        ...pod.metadata.annotations,
        'sidecar.istio.io/status': JSON.stringify({
          initContainers: ['istio-init'],
          containers: [SIDECAR_CONTAINER],
          revision: 'default',
        }),
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '15020',
        'prometheus.io/path': '/stats/prometheus',
      },
    },
    spec: {
      ...spec,
      initContainers: [{ name: 'istio-init', image: 'docker.io/istio/proxyv2:1.24.0' }],
      containers: [
        ...containers,
        {
          name: SIDECAR_CONTAINER,
          image: 'docker.io/istio/proxyv2:1.24.0',
          args: ['proxy', 'sidecar'],
          ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
        },
      ],
    },
  };
}
