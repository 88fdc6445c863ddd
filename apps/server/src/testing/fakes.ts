import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeObjectJson, PromVectorEntry } from '@sextant/mesh';
import pino from 'pino';
import type {
  KubeClient,
  KubeKind,
  KubeObjects,
  KubeSnapshot,
  KubeStatuses,
} from '../clients/kube.client.ts';
import { aggregateStatus, assertUsable, CORE_KINDS, perKind } from '../clients/kube.client.ts';
import type {
  MetricsClient,
  PromMatrixEntry,
  QueryOptions,
  RangeQuery,
} from '../clients/prometheus.client.ts';
import type { CacheStatus } from '../clients/watchCache.ts';
import type { AppError } from '../errors.ts';

const SYNCED: CacheStatus = { synced: true, lastError: undefined, lastErrorStatus: undefined };

/**
 * A KubeClient over in-memory lists. `cacheStatus` plays the state of every cache at once,
 * `kindStatus` overrides it per kind (e.g. Istio CRDs missing while the core kinds are fine).
 */
export class FakeKubeClient implements KubeClient {
  cacheStatus: CacheStatus = SYNCED;
  kindStatus: Partial<KubeStatuses> = {};
  objects: Partial<Record<KubeKind, KubeObjectJson[]>> = {};
  private revision = 0;

  constructor(namespaces: V1Namespace[] = []) {
    this.objects.namespaces = namespaces as KubeObjectJson[];
  }

  get namespaces(): V1Namespace[] {
    return (this.objects.namespaces ?? []) as V1Namespace[];
  }

  set namespaces(list: V1Namespace[]) {
    this.objects.namespaces = list as KubeObjectJson[];
  }

  async listNamespaces(): Promise<readonly V1Namespace[]> {
    assertUsable(this.statuses().namespaces);
    return this.namespaces;
  }

  statuses(): KubeStatuses {
    return perKind((kind) => ({ ...(this.kindStatus[kind] ?? this.cacheStatus) }));
  }

  status(): CacheStatus {
    return aggregateStatus(this.statuses(), CORE_KINDS);
  }

  /** A new revision on every call: tests mutate the lists directly, so nothing may be memoized. */
  snapshot(): KubeSnapshot {
    const objects: KubeObjects = perKind((kind) => this.objects[kind] ?? []);
    return { revision: String(++this.revision), objects, statuses: this.statuses() };
  }
}

export interface RecordedQuery {
  promql: string;
  time: number;
}

export interface RecordedRangeQuery {
  promql: string;
  range: RangeQuery;
}

/**
 * A MetricsClient that records every query. `answer` decides what a query returns (default:
 * nothing); `queryError` fails every query; `ping` fails with `pingError` when set.
 */
export class FakeMetricsClient implements MetricsClient {
  pingError: AppError | undefined;
  queryError: AppError | undefined;
  queries: RecordedQuery[] = [];
  rangeQueries: RecordedRangeQuery[] = [];
  answer: (
    promql: string,
    time: number,
    signal: AbortSignal | undefined,
  ) => Promise<PromVectorEntry[]> | PromVectorEntry[] = () => [];
  answerRange: (promql: string, range: RangeQuery) => Promise<PromMatrixEntry[]> | PromMatrixEntry[] =
    () => [];

  async ping(): Promise<void> {
    if (this.pingError) throw this.pingError;
  }

  async query(promql: string, time: number, options: QueryOptions = {}): Promise<PromVectorEntry[]> {
    this.queries.push({ promql, time });
    if (this.queryError) throw this.queryError;
    return this.answer(promql, time, options.signal);
  }

  async queryRange(promql: string, range: RangeQuery): Promise<PromMatrixEntry[]> {
    this.rangeQueries.push({ promql, range });
    if (this.queryError) throw this.queryError;
    return this.answerRange(promql, range);
  }
}

export const silentLogger = pino({ level: 'silent' });
