import type {
  ClusterState,
  IstioObject,
  MeshSettings,
  NamespaceInfo,
  ServiceEntryInfo,
  ServiceInfo,
  WorkloadInfo,
} from './clusterState.ts';
import { DEFAULT_CLUSTER_NAME, DEFAULT_MESH_SETTINGS } from './clusterState.ts';
import { asArray, asNumber, asRecord, asString, asStringList, asStringMap } from './json.ts';

/**
 * The part of any Kubernetes object this converter relies on. `@kubernetes/client-node` models
 * (V1Deployment, V1Pod...) and plain JSON from the API both fit; everything past metadata is read
 * defensively.
 */
export interface KubeObjectJson {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly creationTimestamp?: string | Date;
  };
  readonly spec?: unknown;
  readonly status?: unknown;
}

export interface KubeObjectsByKind {
  namespaces?: readonly KubeObjectJson[];
  deployments?: readonly KubeObjectJson[];
  pods?: readonly KubeObjectJson[];
  services?: readonly KubeObjectJson[];
  serviceEntries?: readonly KubeObjectJson[];
  virtualServices?: readonly KubeObjectJson[];
  destinationRules?: readonly KubeObjectJson[];
  gateways?: readonly KubeObjectJson[];
  peerAuthentications?: readonly KubeObjectJson[];
}

export interface ClusterStateSettings {
  clusterName?: string;
  mesh?: Partial<MeshSettings>;
}

const SIDECAR_CONTAINER = 'istio-proxy';
const TLS_MODE_LABEL = 'security.istio.io/tlsMode';

/**
 * Kubernetes objects -> ClusterState. A workload is a Deployment (other controllers are not
 * modelled yet); its pods are the pods its selector matches in its namespace.
 */
export function toClusterState(
  objects: KubeObjectsByKind,
  settings: ClusterStateSettings = {},
): ClusterState {
  const namespaces = (objects.namespaces ?? []).flatMap((o) => {
    const name = o.metadata?.name;
    return name ? [toNamespace(name, o)] : [];
  });
  const nsByName = new Map(namespaces.map((n) => [n.name, n]));
  const podsByNs = groupByNamespace(objects.pods ?? []);

  return {
    clusterName: settings.clusterName ?? DEFAULT_CLUSTER_NAME,
    mesh: { ...DEFAULT_MESH_SETTINGS, ...settings.mesh },
    namespaces,
    workloads: namespaced(objects.deployments).map(([ns, name, o]) =>
      toWorkload(ns, name, o, podsByNs.get(ns) ?? [], nsByName.get(ns)),
    ),
    services: namespaced(objects.services).map(([ns, name, o]) => toService(ns, name, o)),
    serviceEntries: namespaced(objects.serviceEntries).map(([ns, name, o]) => toServiceEntry(ns, name, o)),
    virtualServices: namespaced(objects.virtualServices).map(([ns, name, o]) => istioObject(ns, name, o)),
    destinationRules: namespaced(objects.destinationRules).map(([ns, name, o]) => istioObject(ns, name, o)),
    gateways: namespaced(objects.gateways).map(([ns, name, o]) => istioObject(ns, name, o)),
    peerAuthentications: namespaced(objects.peerAuthentications).map(([ns, name, o]) =>
      istioObject(ns, name, o),
    ),
  };
}

/** Objects with both a namespace and a name (anything else cannot be addressed and is skipped). */
function namespaced(list: readonly KubeObjectJson[] | undefined): Array<[string, string, KubeObjectJson]> {
  return (list ?? []).flatMap((o) => {
    const ns = o.metadata?.namespace;
    const name = o.metadata?.name;
    return ns && name ? [[ns, name, o] as [string, string, KubeObjectJson]] : [];
  });
}

function groupByNamespace(list: readonly KubeObjectJson[]): Map<string, KubeObjectJson[]> {
  const out = new Map<string, KubeObjectJson[]>();
  for (const o of list) {
    const ns = o.metadata?.namespace;
    if (!ns) continue;
    const bucket = out.get(ns);
    if (bucket) bucket.push(o);
    else out.set(ns, [o]);
  }
  return out;
}

function toNamespace(name: string, o: KubeObjectJson): NamespaceInfo {
  return { name, labels: asStringMap(o.metadata?.labels), annotations: asStringMap(o.metadata?.annotations) };
}

function toWorkload(
  namespace: string,
  name: string,
  o: KubeObjectJson,
  nsPods: readonly KubeObjectJson[],
  ns: NamespaceInfo | undefined,
): WorkloadInfo {
  const spec = asRecord(o.spec);
  const template = asRecord(spec.template);
  const templateMeta = asRecord(template.metadata);
  const templateSpec = asRecord(template.spec);
  const templateLabels = asStringMap(templateMeta.labels);
  const matchLabels = asStringMap(asRecord(spec.selector).matchLabels);
  const pods = Object.keys(matchLabels).length
    ? nsPods.filter((p) => Object.entries(matchLabels).every(([k, v]) => p.metadata?.labels?.[k] === v))
    : [];
  // The injector adds the canonical labels to pods, so a running pod knows them better than the template.
  const labels = { ...templateLabels, ...canonicalLabelsOf(pods[0]) };
  const app = labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app;
  const version =
    labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels.version;
  return {
    namespace,
    name,
    ...(app !== undefined ? { app } : {}),
    ...(version !== undefined ? { version } : {}),
    labels: templateLabels,
    annotations: asStringMap(o.metadata?.annotations),
    desiredReplicas: asNumber(spec.replicas) ?? 1,
    readyReplicas: asNumber(asRecord(o.status).readyReplicas) ?? 0,
    hasSidecar: pods.length ? pods.some(podHasSidecar) : templateHasSidecar(templateMeta, templateSpec, ns),
    serviceAccount: asString(templateSpec.serviceAccountName) ?? 'default',
  };
}

function canonicalLabelsOf(pod: KubeObjectJson | undefined): Record<string, string> {
  const labels = asStringMap(pod?.metadata?.labels);
  const out: Record<string, string> = {};
  for (const key of ['service.istio.io/canonical-name', 'service.istio.io/canonical-revision']) {
    const v = labels[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const hasProxyContainer = (podSpec: unknown): boolean =>
  asArray(asRecord(podSpec).containers).some((c) => asRecord(c).name === SIDECAR_CONTAINER);

function podHasSidecar(pod: KubeObjectJson): boolean {
  return hasProxyContainer(pod.spec) || pod.metadata?.labels?.[TLS_MODE_LABEL] !== undefined;
}

/**
 * A Deployment scaled to zero has no pod to look at: predict what the injector would do (namespace
 * label `istio-injection=enabled` or a revision label, unless the template opts out).
 */
function templateHasSidecar(
  templateMeta: Readonly<Record<string, unknown>>,
  templateSpec: Readonly<Record<string, unknown>>,
  ns: NamespaceInfo | undefined,
): boolean {
  if (hasProxyContainer(templateSpec)) return true;
  const labels = asStringMap(templateMeta.labels);
  const annotations = asStringMap(templateMeta.annotations);
  const inject = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  if (inject === 'false') return false;
  if (inject === 'true') return true;
  const nsLabels = ns?.labels ?? {};
  return (
    nsLabels['istio-injection'] === 'enabled' ||
    (nsLabels['istio.io/rev'] !== undefined && nsLabels['istio-injection'] !== 'disabled')
  );
}

function toService(namespace: string, name: string, o: KubeObjectJson): ServiceInfo {
  const spec = asRecord(o.spec);
  const type = asString(spec.type);
  const clusterIP = asString(spec.clusterIP);
  return {
    namespace,
    name,
    selector: asStringMap(spec.selector),
    ports: asArray(spec.ports).flatMap((p) => {
      const port = asRecord(p);
      const number = asNumber(port.port);
      if (number === undefined) return [];
      const name = asString(port.name);
      const protocol = asString(port.protocol);
      const appProtocol = asString(port.appProtocol);
      return [
        {
          port: number,
          ...(name !== undefined ? { name } : {}),
          ...(protocol !== undefined ? { protocol } : {}),
          ...(appProtocol !== undefined ? { appProtocol } : {}),
        },
      ];
    }),
    labels: asStringMap(o.metadata?.labels),
    annotations: asStringMap(o.metadata?.annotations),
    ...(type !== undefined ? { type } : {}),
    ...(clusterIP !== undefined ? { clusterIP } : {}),
  };
}

function toServiceEntry(namespace: string, name: string, o: KubeObjectJson): ServiceEntryInfo {
  const spec = asRecord(o.spec);
  return {
    namespace,
    name,
    hosts: asStringList(spec.hosts).map((h) => h.toLowerCase()),
    location: spec.location === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
    exportTo: asStringList(spec.exportTo),
  };
}

/**
 * Istio specs are passed on as their generated types. The API server validated them against the
 * CRD's structural schema on write, which is the check this cast relies on; readers still treat
 * every field as optional.
 */
function istioObject<Spec>(namespace: string, name: string, o: KubeObjectJson): IstioObject<Spec> {
  const ts = o.metadata?.creationTimestamp;
  const created = ts instanceof Date ? ts.toISOString() : ts;
  return { namespace, name, ...(created ? { created } : {}), spec: asRecord(o.spec) as Spec };
}
