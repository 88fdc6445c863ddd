import type { V1Namespace } from '@kubernetes/client-node';
import pino from 'pino';
import type { KubeClient } from '../clients/kube.client.ts';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import { assertUsable } from '../clients/kube.client.ts';
import type { CacheStatus } from '../clients/watchCache.ts';
import type { AppError } from '../errors.ts';

/** A KubeClient over an in-memory list; set `cacheStatus` to play an unsynced or refused cache. */
export class FakeKubeClient implements KubeClient {
  cacheStatus: CacheStatus = { synced: true, lastError: undefined, lastErrorStatus: undefined };

  constructor(public namespaces: V1Namespace[] = []) {}

  async listNamespaces(): Promise<readonly V1Namespace[]> {
    assertUsable(this.cacheStatus);
    return this.namespaces;
  }

  status(): CacheStatus {
    return { ...this.cacheStatus };
  }
}

/** A MetricsClient whose ping fails with `pingError` when set. */
export class FakeMetricsClient implements MetricsClient {
  pingError: AppError | undefined;

  async ping(): Promise<void> {
    if (this.pingError) throw this.pingError;
  }
}

export const silentLogger = pino({ level: 'silent' });
