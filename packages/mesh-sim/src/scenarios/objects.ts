import type { KubeObject } from '../store/types.ts';

/** Small builders for the Kubernetes objects scenarios are made of, in the shape kubectl would send. */

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function serviceAccount(ns: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } };
}

export interface WorkloadSpec {
  namespace: string;
  app: string;
  version?: string;
  replicas?: number;
  serviceAccount?: string;
  port: number;
  image?: string;
  /** Extra pod labels (e.g. `istio: ingressgateway`). */
  labels?: Record<string, string>;
  /** `false` keeps the injector away, like `sidecar.istio.io/inject: "false"`. */
  sidecar?: boolean;
}

export function deployment(w: WorkloadSpec): KubeObject {
  const name = w.version ? `${w.app}-${w.version}` : w.app;
  const labels: Record<string, string> = {
    app: w.app,
    ...(w.version ? { version: w.version } : {}),
    ...w.labels,
  };
  const podLabels = w.sidecar === false ? { ...labels, 'sidecar.istio.io/inject': 'false' } : labels;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: w.namespace, labels },
    spec: {
      replicas: w.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          serviceAccountName: w.serviceAccount ?? 'default',
          containers: [
            {
              name: w.app,
              image: w.image ?? `docker.io/istio/examples-bookinfo-${w.app}-${w.version ?? 'v1'}:1.20.2`,
              ports: [{ containerPort: w.port }],
            },
          ],
        },
      },
    },
  };
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort?: number;
  appProtocol?: string;
}

export function service(
  ns: string,
  name: string,
  selector: Record<string, string>,
  ports: ServicePort[],
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: selector.app ?? name, service: name, ...labels } },
    spec: { selector, ports: ports.map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })) },
  };
}

export function istioObject(
  apiVersion: string,
  kind: string,
  ns: string,
  name: string,
  spec: Record<string, unknown>,
): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace: ns }, spec };
}

/**
 * Istio's control plane as every scenario with a mesh has it: the root namespace `istio-system`
 * and istiod (no sidecar). Scenarios run together share these objects.
 */
export function controlPlaneObjects(): KubeObject[] {
  return [
    namespace('istio-system', { 'topology.istio.io/network': 'network1' }),
    serviceAccount('istio-system', 'istiod'),
    deployment({
      namespace: 'istio-system',
      app: 'istiod',
      labels: { istio: 'pilot' },
      serviceAccount: 'istiod',
      port: 15010,
      image: 'docker.io/istio/pilot:1.24.0',
      sidecar: false,
    }),
    service('istio-system', 'istiod', { app: 'istiod', istio: 'pilot' }, [
      { name: 'grpc-xds', port: 15010 },
      { name: 'https-webhook', port: 443, targetPort: 15017 },
    ]),
  ];
}
