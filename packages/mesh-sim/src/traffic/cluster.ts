import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import type { IGateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import type { IServiceEntry } from '@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry';
import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import type { IPeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import type { GroupResource, KubeObject, ObjectReader } from '../store/types.ts';
import { CLUSTER_DOMAIN } from './hosts.ts';

export type VirtualServiceSpec = NonNullable<IVirtualService['spec']>;
export type DestinationRuleSpec = NonNullable<IDestinationRule['spec']>;
export type GatewaySpec = NonNullable<IGateway['spec']>;
export type ServiceEntrySpec = NonNullable<IServiceEntry['spec']>;
export type PeerAuthenticationSpec = NonNullable<IPeerAuthentication['spec']>;

/** An Istio config object as the engine uses it: identity, age (for precedence) and its spec. */
export interface ConfigEntry<S> {
  name: string;
  namespace: string;
  /** creationTimestamp; istiod lets the oldest of conflicting objects win. */
  created: string;
  spec: S;
}

export type Protocol = 'http' | 'grpc' | 'tcp';

/** A workload as Istio's telemetry names it: the deployment (or other owner) behind a set of pods. */
export interface Workload {
  /** `namespace/name` */
  key: string;
  name: string;
  namespace: string;
  app: string | undefined;
  version: string | undefined;
  canonicalService: string;
  canonicalRevision: string;
  serviceAccount: string;
  hasSidecar: boolean;
  /** Labels of the workload's pods (minus pod-template-hash), used by selectors. */
  labels: Readonly<Record<string, string>>;
  readyPods: number;
}

export interface Pod {
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  workload: Workload;
}

export interface ServicePort {
  name: string;
  port: number;
  /** The pod port (numeric target ports only; a named target port falls back to `port`). */
  targetPort: number;
  protocol: Protocol | undefined;
}

export interface KubeService {
  name: string;
  namespace: string;
  fqdn: string;
  selector: Readonly<Record<string, string>> | undefined;
  ports: ServicePort[];
  /** Ready pods the selector picks (what the Endpoints object would list). */
  pods: Pod[];
}

export interface ExternalHost {
  host: string;
  namespace: string;
  serviceEntry: string;
  meshExternal: boolean;
  ports: Array<{ number: number; protocol: Protocol | undefined; name: string }>;
}

/** A read-only, indexed view of everything in the store that affects traffic. */
export interface ClusterView {
  namespaces: Map<string, Readonly<Record<string, string>>>;
  workloads: Map<string, Workload>;
  pods: Pod[];
  services: Map<string, KubeService>;
  externalHosts: ExternalHost[];
  virtualServices: ConfigEntry<VirtualServiceSpec>[];
  destinationRules: ConfigEntry<DestinationRuleSpec>[];
  gateways: ConfigEntry<GatewaySpec>[];
  peerAuthentications: ConfigEntry<PeerAuthenticationSpec>[];
  /** Istio's root namespace: mesh-wide policy lives here. */
  rootNamespace: string;
}

export const GR = {
  namespaces: { group: '', resource: 'namespaces' },
  pods: { group: '', resource: 'pods' },
  services: { group: '', resource: 'services' },
  virtualServices: { group: 'networking.istio.io', resource: 'virtualservices' },
  destinationRules: { group: 'networking.istio.io', resource: 'destinationrules' },
  gateways: { group: 'networking.istio.io', resource: 'gateways' },
  serviceEntries: { group: 'networking.istio.io', resource: 'serviceentries' },
  peerAuthentications: { group: 'security.istio.io', resource: 'peerauthentications' },
} as const satisfies Record<string, GroupResource>;

/** Resource types whose changes alter routing or identity; others (events, configmaps...) are ignored. */
export function affectsTraffic(gr: GroupResource): boolean {
  return Object.values(GR).some((g) => g.group === gr.group && g.resource === gr.resource);
}

export const SIDECAR_CONTAINER = 'istio-proxy';

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const stringMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(record(v))) if (typeof val === 'string') out[k] = val;
  return out;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Istio's port-name / appProtocol convention (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/). */
export function protocolOf(name: string | undefined, appProtocol: string | undefined): Protocol | undefined {
  const raw = (appProtocol ?? name?.split('-')[0] ?? '').toLowerCase();
  if (raw === 'http' || raw === 'http2' || raw === 'h2c' || raw === 'grpc-web') return 'http';
  if (raw === 'grpc') return 'grpc';
  if (['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis', 'kafka'].includes(raw)) return 'tcp';
  return undefined;
}

function isPodReady(pod: KubeObject): boolean {
  const status = record(pod.status);
  if (status.phase !== 'Running' || pod.metadata.deletionTimestamp) return false;
  const ready = list(status.conditions).find((c) => record(c).type === 'Ready');
  return record(ready).status === 'True';
}

/** The owning workload's name, as Istio derives it (Deployment, or ReplicaSet minus its hash). */
export function workloadNameOf(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner?.kind === 'ReplicaSet')
    return hash && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : owner.name;
  if (owner) return owner.name;
  return pod.metadata.name;
}

function hasSidecar(pod: KubeObject): boolean {
  const spec = record(pod.spec);
  return [...list(spec.containers), ...list(spec.initContainers)].some(
    (c) => record(c).name === SIDECAR_CONTAINER,
  );
}

function configEntries<S>(reader: ObjectReader, gr: GroupResource): ConfigEntry<S>[] {
  return reader
    .list(gr)
    .filter((o) => o.metadata.namespace && o.spec && typeof o.spec === 'object')
    .map((o) => ({
      name: o.metadata.name,
      namespace: o.metadata.namespace!,
      created: o.metadata.creationTimestamp ?? '',
      spec: o.spec as S,
    }))
    .sort(byAge);
}

/** Oldest first, then namespace/name: istiod's precedence between conflicting objects. */
export function byAge(a: ConfigEntry<unknown>, b: ConfigEntry<unknown>): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function selectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** Reads the store once into a `ClusterView`. Malformed objects are skipped, never fatal. */
export function readCluster(reader: ObjectReader, rootNamespace = 'istio-system'): ClusterView {
  const namespaces = new Map<string, Readonly<Record<string, string>>>();
  for (const ns of reader.list(GR.namespaces))
    namespaces.set(ns.metadata.name, stringMap(ns.metadata.labels));

  const workloads = new Map<string, Workload>();
  const pods: Pod[] = [];
  for (const obj of reader.list(GR.pods)) {
    const namespace = obj.metadata.namespace;
    if (!namespace || !isPodReady(obj)) continue;
    const labels = stringMap(obj.metadata.labels);
    const name = workloadNameOf(obj);
    const key = `${namespace}/${name}`;
    let workload = workloads.get(key);
    if (!workload) {
      const { 'pod-template-hash': _hash, ...stable } = labels;
      const app = labels.app ?? labels['app.kubernetes.io/name'];
      const version = labels.version ?? labels['app.kubernetes.io/version'];
      workload = {
        key,
        name,
        namespace,
        app,
        version,
        canonicalService: labels['service.istio.io/canonical-name'] ?? app ?? name,
        canonicalRevision: labels['service.istio.io/canonical-revision'] ?? version ?? 'latest',
        serviceAccount: String(record(obj.spec).serviceAccountName ?? 'default'),
        hasSidecar: hasSidecar(obj),
        labels: stable,
        readyPods: 0,
      };
      workloads.set(key, workload);
    }
    workload.readyPods++;
    pods.push({ name: obj.metadata.name, namespace, labels, workload });
  }

  const podsByNamespace = new Map<string, Pod[]>();
  for (const pod of pods) {
    let l = podsByNamespace.get(pod.namespace);
    if (!l) podsByNamespace.set(pod.namespace, (l = []));
    l.push(pod);
  }

  const services = new Map<string, KubeService>();
  for (const obj of reader.list(GR.services)) {
    const namespace = obj.metadata.namespace;
    if (!namespace) continue;
    const spec = record(obj.spec);
    const selector = spec.selector === undefined ? undefined : stringMap(spec.selector);
    const ports: ServicePort[] = list(spec.ports).flatMap((p) => {
      const port = record(p);
      if (typeof port.port !== 'number') return [];
      const name = typeof port.name === 'string' ? port.name : '';
      return [
        {
          name,
          port: port.port,
          targetPort: typeof port.targetPort === 'number' ? port.targetPort : port.port,
          protocol:
            port.protocol === 'UDP'
              ? undefined
              : protocolOf(name, typeof port.appProtocol === 'string' ? port.appProtocol : undefined),
        },
      ];
    });
    const fqdn = `${obj.metadata.name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
    // A service without a selector has hand-managed endpoints; the simulation gives it none.
    const selected =
      selector && Object.keys(selector).length > 0
        ? (podsByNamespace.get(namespace) ?? []).filter((p) => selectorMatches(selector, p.labels))
        : [];
    services.set(fqdn, { name: obj.metadata.name, namespace, fqdn, selector, ports, pods: selected });
  }

  const externalHosts: ExternalHost[] = [];
  for (const se of configEntries<ServiceEntrySpec>(reader, GR.serviceEntries)) {
    const ports = (se.spec.ports ?? []).map((p) => ({
      number: p.number,
      name: p.name ?? '',
      protocol: protocolOf(p.name, p.protocol),
    }));
    for (const host of se.spec.hosts ?? []) {
      externalHosts.push({
        host: host.toLowerCase(),
        namespace: se.namespace,
        serviceEntry: se.name,
        meshExternal: se.spec.location !== 'MESH_INTERNAL',
        ports,
      });
    }
  }

  return {
    namespaces,
    workloads,
    pods,
    services,
    externalHosts,
    virtualServices: configEntries<VirtualServiceSpec>(reader, GR.virtualServices),
    destinationRules: configEntries<DestinationRuleSpec>(reader, GR.destinationRules),
    gateways: configEntries<GatewaySpec>(reader, GR.gateways),
    peerAuthentications: configEntries<PeerAuthenticationSpec>(reader, GR.peerAuthentications),
    rootNamespace,
  };
}
