import { delimiter } from 'node:path';
import { CoreV1Api, KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { forbidden, upstreamUnavailable } from '../errors.ts';
import { WatchCache, type CacheStatus } from './watchCache.ts';

/**
 * Everything the server reads from (and later writes to) Kubernetes. Reads come from watch-backed
 * caches (DESIGN.md), so a browser request never costs a LIST against the API server.
 */
export interface KubeClient {
  /** All namespaces; throws an AppError (403 or 503) while the cache cannot be trusted. */
  listNamespaces(): Promise<readonly V1Namespace[]>;
  /** For `/readyz`: synced once every cache has listed, with the last error otherwise. */
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

export class InformerKubeClient implements KubeClient {
  private readonly namespaces: WatchCache<V1Namespace>;

  constructor(kubeConfig: KubeConfig, logger: Logger) {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    this.namespaces = new WatchCache<V1Namespace>({
      kubeConfig,
      path: '/api/v1/namespaces',
      list: () => core.listNamespace(),
      logger,
    });
  }

  start(): void {
    this.namespaces.start();
  }

  async stop(): Promise<void> {
    await this.namespaces.stop();
  }

  status(): CacheStatus {
    return this.namespaces.status();
  }

  async listNamespaces(): Promise<readonly V1Namespace[]> {
    assertUsable(this.namespaces.status());
    return this.namespaces.list();
  }
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
