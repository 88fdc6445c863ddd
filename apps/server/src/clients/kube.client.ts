import { delimiter } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type V1Namespace,
} from '@kubernetes/client-node';
import type { KubeObjectJson } from '@sextant/mesh';
import type { Logger } from 'pino';
import { forbidden, upstreamUnavailable } from '../errors.ts';
import { WatchCache, type CacheStatus } from './watchCache.ts';

/**
 * The kinds the server keeps in memory, named like `KubeObjectsByKind` of `@sextant/mesh` so a
 * snapshot goes straight into `toClusterState`.
 */
export const KUBE_KINDS = [
  'namespaces',
  'deployments',
  'pods',
  'services',
  'virtualServices',
  'destinationRules',
  'gateways',
  'serviceEntries',
  'peerAuthentications',
] as const;
export type KubeKind = (typeof KUBE_KINDS)[number];

/**
 * Kinds without which the server cannot work at all; readiness waits for these. The Istio kinds
 * only add badges and mTLS status, and a cluster may lack (some of) Istio's CRDs.
 */
export const CORE_KINDS: readonly KubeKind[] = ['namespaces', 'deployments', 'pods', 'services'];

export type KubeObjects = Record<KubeKind, readonly KubeObjectJson[]>;
export type KubeStatuses = Record<KubeKind, CacheStatus>;

/** Everything in the caches at one moment. */
export interface KubeSnapshot {
  /** Equal revisions, equal content: derived data can be memoized on it. */
  revision: string;
  objects: KubeObjects;
  statuses: KubeStatuses;
}

/**
 * Everything the server reads from (and later writes to) Kubernetes. Reads come from watch-backed
 * caches (DESIGN.md), so a browser request never costs a LIST against the API server.
 */
export interface KubeClient {
  /** All namespaces; throws an AppError (403 or 503) while the cache cannot be trusted. */
  listNamespaces(): Promise<readonly V1Namespace[]>;
  /** The content of every cache as it is, synced or not; never throws. */
  snapshot(): KubeSnapshot;
  /** Per-kind cache state (for `/metrics` and error reports). */
  statuses(): KubeStatuses;
  /** For `/readyz`: synced once every core cache has listed, with the first error otherwise. */
  status(): CacheStatus;
}

export interface KubeConfigSource {
  /** Kubeconfig path(s), separated like $KUBECONFIG (`:` on Unix); undefined: in-cluster or ~/.kube/config. */
  kubeconfig: string | undefined;
  context: string | undefined;
}

/** Loads a kubeconfig the way kubectl does; throws an Error whose message names the bad setting. */
export function loadKubeConfig({ kubeconfig, context }: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfig === undefined) {
    kc.loadFromDefault();
  } else {
    const [first, ...rest] = kubeconfig.split(delimiter).filter((p) => p !== '');
    kc.loadFromFile(first ?? kubeconfig);
    for (const path of rest) {
      const extra = new KubeConfig();
      extra.loadFromFile(path);
      kc.mergeConfig(extra, true);
    }
  }
  if (context !== undefined) {
    if (kc.getContextObject(context) === null) {
      throw new Error(`SEXTANT_CONTEXT: context "${context}" is not in the kubeconfig`);
    }
    kc.setCurrentContext(context);
  }
  if (kc.getCurrentCluster() === null) {
    throw new Error('KUBECONFIG: no current cluster (set a current-context or SEXTANT_CONTEXT)');
  }
  return kc;
}

/** Istio's CRDs, read at v1 (served since Istio 1.22 for networking, 1.22 for security). */
const ISTIO_KINDS = {
  virtualServices: { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' },
  destinationRules: { group: 'networking.istio.io', version: 'v1', plural: 'destinationrules' },
  gateways: { group: 'networking.istio.io', version: 'v1', plural: 'gateways' },
  serviceEntries: { group: 'networking.istio.io', version: 'v1', plural: 'serviceentries' },
  peerAuthentications: { group: 'security.istio.io', version: 'v1', plural: 'peerauthentications' },
} as const satisfies Partial<Record<KubeKind, { group: string; version: string; plural: string }>>;

export class InformerKubeClient implements KubeClient {
  private readonly caches: Record<KubeKind, WatchCache<KubernetesObject>>;

  constructor(kubeConfig: KubeConfig, logger: Logger) {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const cache = (path: string, list: () => Promise<KubernetesListObject<KubernetesObject>>) =>
      new WatchCache<KubernetesObject>({ kubeConfig, path, list, logger });
    const istio = ({ group, version, plural }: { group: string; version: string; plural: string }) =>
      cache(
        `/apis/${group}/${version}/${plural}`,
        // The generated client types custom object lists as `any`; the informer checks `items`.
        async () =>
          (await custom.listClusterCustomObject({
            group,
            version,
            plural,
          })) as KubernetesListObject<KubernetesObject>,
      );
    this.caches = {
      namespaces: cache('/api/v1/namespaces', () => core.listNamespace()),
      deployments: cache('/apis/apps/v1/deployments', () => apps.listDeploymentForAllNamespaces()),
      pods: cache('/api/v1/pods', () => core.listPodForAllNamespaces()),
      services: cache('/api/v1/services', () => core.listServiceForAllNamespaces()),
      virtualServices: istio(ISTIO_KINDS.virtualServices),
      destinationRules: istio(ISTIO_KINDS.destinationRules),
      gateways: istio(ISTIO_KINDS.gateways),
      serviceEntries: istio(ISTIO_KINDS.serviceEntries),
      peerAuthentications: istio(ISTIO_KINDS.peerAuthentications),
    };
  }

  start(): void {
    for (const kind of KUBE_KINDS) this.caches[kind].start();
  }

  async stop(): Promise<void> {
    await Promise.all(KUBE_KINDS.map((kind) => this.caches[kind].stop()));
  }

  status(): CacheStatus {
    return aggregateStatus(this.statuses(), CORE_KINDS);
  }

  statuses(): KubeStatuses {
    return perKind((kind) => this.caches[kind].status());
  }

  snapshot(): KubeSnapshot {
    return {
      revision: KUBE_KINDS.map((kind) => this.caches[kind].generation()).join('.'),
      objects: perKind((kind) => this.caches[kind].list() as readonly KubeObjectJson[]),
      statuses: this.statuses(),
    };
  }

  async listNamespaces(): Promise<readonly V1Namespace[]> {
    assertUsable(this.caches.namespaces.status());
    return this.caches.namespaces.list() as readonly V1Namespace[];
  }
}

export function perKind<T>(value: (kind: KubeKind) => T): Record<KubeKind, T> {
  return Object.fromEntries(KUBE_KINDS.map((kind) => [kind, value(kind)])) as Record<KubeKind, T>;
}

/**
 * Synced when all of `kinds` are; otherwise the first failure, naming its kind when the failing
 * caches disagree (one API server outage fails them all with the same error).
 */
export function aggregateStatus(statuses: KubeStatuses, kinds: readonly KubeKind[]): CacheStatus {
  const failing = kinds.filter((kind) => !statuses[kind].synced);
  const first = failing.find((kind) => statuses[kind].lastError !== undefined) ?? failing[0];
  if (first === undefined) return { synced: true, lastError: undefined, lastErrorStatus: undefined };
  const status = statuses[first];
  const allSame = failing.every((kind) => statuses[kind].lastError === status.lastError);
  return {
    synced: false,
    lastError: status.lastError === undefined || allSame ? status.lastError : `${first}: ${status.lastError}`,
    lastErrorStatus: status.lastErrorStatus,
  };
}

/** An unsynced cache is an outage (503), unless the API server refused us, which is RBAC (403). */
export function assertUsable(status: CacheStatus): void {
  if (status.synced) return;
  const reason = status.lastError ?? 'the first LIST has not completed yet';
  if (status.lastErrorStatus === 401 || status.lastErrorStatus === 403) {
    throw forbidden(`Kubernetes refused access: ${reason}`, { upstream: 'kubernetes' });
  }
  throw upstreamUnavailable('kubernetes', `Kubernetes is not reachable: ${reason}`);
}
