import { ObjectStore } from '../../store/store.ts';
import type { GroupResource, KubeObject } from '../../store/types.ts';
import { GR } from '../cluster.ts';
import type { HttpObservation, TcpObservation, TrafficSink } from '../observations.ts';

/** Builders for a small mesh stored directly in an ObjectStore (no controllers), for engine tests. */

export function ns(name: string, injected = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: injected ? { 'istio-injection': 'enabled' } : {} },
  };
}

export interface PodOptions {
  version?: string;
  sidecar?: boolean;
  replicas?: number;
  serviceAccount?: string;
  labels?: Record<string, string>;
  workload?: string;
}

/** Ready pods of one deployment, as the simulated kubelet and sidecar injector would leave them. */
export function pods(namespace: string, app: string, o: PodOptions = {}): KubeObject[] {
  const workload = o.workload ?? (o.version ? `${app}-${o.version}` : app);
  const sidecar = o.sidecar ?? true;
  const labels: Record<string, string> = {
    app,
    ...(o.version ? { version: o.version } : {}),
    'pod-template-hash': 'abc12',
    ...(sidecar
      ? {
          'service.istio.io/canonical-name': app,
          'service.istio.io/canonical-revision': o.version ?? 'latest',
          'security.istio.io/tlsMode': 'istio',
        }
      : {}),
    ...o.labels,
  };
  return Array.from({ length: o.replicas ?? 1 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${workload}-abc12-${i}`,
      namespace,
      labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: workload,
          uid: `uid-${workload}`,
          controller: true,
        },
      ],
    },
    spec: {
      serviceAccountName: o.serviceAccount ?? `bookinfo-${app}`,
      containers: [{ name: app }, ...(sidecar ? [{ name: 'istio-proxy' }] : [])],
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  }));
}

export function svc(
  namespace: string,
  name: string,
  ports: Array<{ name: string; port: number; targetPort?: number }>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { app: name },
      ports: ports.map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })),
    },
  };
}

export function istio(
  kind: string,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): KubeObject {
  const group = kind === 'PeerAuthentication' ? 'security.istio.io' : 'networking.istio.io';
  return { apiVersion: `${group}/v1`, kind, metadata: { name, namespace }, spec };
}

const GR_BY_KIND: Record<string, GroupResource> = {
  Namespace: GR.namespaces,
  Pod: GR.pods,
  Service: GR.services,
  VirtualService: GR.virtualServices,
  DestinationRule: GR.destinationRules,
  Gateway: GR.gateways,
  ServiceEntry: GR.serviceEntries,
  PeerAuthentication: GR.peerAuthentications,
};

export function grOfKind(kind: string): GroupResource {
  const gr = GR_BY_KIND[kind];
  if (!gr) throw new Error(`fixture: unknown kind ${kind}`);
  return gr;
}

/** Creates or replaces objects, like `kubectl apply`. */
export function apply(store: ObjectStore, objects: readonly KubeObject[]): void {
  for (const o of objects) {
    const gr = grOfKind(o.kind);
    const existing = store.get(gr, o.metadata.namespace, o.metadata.name);
    if (existing) store.update(gr, { ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
    else store.create(gr, o);
  }
}

export function remove(store: ObjectStore, kind: string, namespace: string, name: string): void {
  store.delete(grOfKind(kind), namespace, name);
}

/**
 * Bookinfo as the engine needs it: the same workloads, services and Istio config as the
 * scenario, with pods written directly.
 */
export function bookinfoMesh(): KubeObject[] {
  const b = 'bookinfo';
  return [
    ns('istio-system', false),
    ns(b),
    ns('default', false),
    ...pods('istio-system', 'istio-ingressgateway', {
      sidecar: false,
      serviceAccount: 'istio-ingressgateway-service-account',
      labels: { istio: 'ingressgateway' },
    }),
    svc('istio-system', 'istio-ingressgateway', [{ name: 'http2', port: 80, targetPort: 8080 }]),
    ...pods(b, 'productpage', { version: 'v1' }),
    ...pods(b, 'details', { version: 'v1' }),
    ...pods(b, 'reviews', { version: 'v1' }),
    ...pods(b, 'reviews', { version: 'v2' }),
    ...pods(b, 'reviews', { version: 'v3' }),
    ...pods(b, 'ratings', { version: 'v1' }),
    ...pods(b, 'mongodb', { version: 'v1' }),
    ...pods('default', 'sleep', { sidecar: false, serviceAccount: 'sleep' }),
    svc(b, 'productpage', [{ name: 'http', port: 9080 }]),
    svc(b, 'details', [{ name: 'http', port: 9080 }]),
    svc(b, 'reviews', [{ name: 'http', port: 9080 }]),
    svc(b, 'ratings', [{ name: 'http', port: 9080 }]),
    svc(b, 'mongodb', [{ name: 'tcp-mongo', port: 27017 }]),
    svc('default', 'sleep', [{ name: 'http', port: 80 }]),
    istio('Gateway', b, 'bookinfo-gateway', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    }),
    istio('VirtualService', b, 'bookinfo', {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [{ uri: { prefix: '/productpage' } }],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        },
      ],
    }),
    istio('ServiceEntry', b, 'googleapis', {
      hosts: ['www.googleapis.com'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
    }),
  ];
}

export function bookinfoStore(extra: readonly KubeObject[] = []): ObjectStore {
  const store = new ObjectStore();
  apply(store, [...bookinfoMesh(), ...extra]);
  return store;
}

export const reviewsSubsets = (b = 'bookinfo') =>
  istio('DestinationRule', b, 'reviews', {
    host: 'reviews',
    subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
  });

export interface Aggregate {
  count: number;
  durationSum: number;
  bytes: number;
}

/** A sink that sums observations under a readable key, for assertions. */
export class CollectingSink implements TrafficSink {
  readonly http_: HttpObservation[] = [];
  readonly tcp_: TcpObservation[] = [];
  http(o: HttpObservation): void {
    this.http_.push(o);
  }
  tcp(o: TcpObservation): void {
    this.tcp_.push(o);
  }
  clear(): void {
    this.http_.length = 0;
    this.tcp_.length = 0;
  }

  /** HTTP observations matching `where`, counted by `by`. */
  countBy(where: (o: HttpObservation) => boolean, by: (o: HttpObservation) => string): Map<string, number> {
    const out = new Map<string, number>();
    for (const o of this.http_) if (where(o)) out.set(by(o), (out.get(by(o)) ?? 0) + 1);
    return out;
  }

  count(where: (o: HttpObservation) => boolean): number {
    let n = 0;
    for (const o of this.http_) if (where(o)) n++;
    return n;
  }
}

/** Shares of a count map, e.g. `{ 'reviews-v1': 0.33, ... }`. */
export function shares(counts: Map<string, number>): Record<string, number> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return Object.fromEntries([...counts].map(([k, v]) => [k, total ? v / total : 0]));
}
