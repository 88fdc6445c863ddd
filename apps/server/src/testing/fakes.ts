import type { V1Namespace } from '@kubernetes/client-node';
import { ISTIO_RESOURCES, type IstioObjectJson, type IstioResource } from '@sextant/contracts';
import type { KubeObjectJson, PromVectorEntry } from '@sextant/mesh';
import pino from 'pino';
import type {
  IstioDeleteOptions,
  IstioWriteOptions,
  KubeClient,
  KubeKind,
  KubeObjects,
  KubeSnapshot,
  KubeStatuses,
} from '../clients/kube.client.ts';
import {
  aggregateStatus,
  assertUsable,
  CORE_KINDS,
  ISTIO_CACHE_KINDS,
  perKind,
  SYNCED_STATUS,
} from '../clients/kube.client.ts';
import { fromKubeStatus } from '../clients/kubeErrors.ts';
import type {
  MetricsClient,
  PromMatrixEntry,
  QueryOptions,
  RangeQuery,
} from '../clients/prometheus.client.ts';
import type { CacheStatus } from '../clients/watchCache.ts';
import type { AppError } from '../errors.ts';

const SYNCED: CacheStatus = SYNCED_STATUS;

/** One request the fake API server received, in order. */
export interface RecordedKubeCall {
  op: 'get' | 'create' | 'replace' | 'delete';
  resource: IstioResource;
  namespace: string;
  name: string;
  dryRun: boolean;
  /** The body of create/replace; the precondition of delete. */
  body?: IstioObjectJson;
  resourceVersion?: string;
}

/**
 * A KubeClient over in-memory lists. `cacheStatus` plays the state of every cache at once,
 * `kindStatus` overrides it per kind (e.g. Istio CRDs missing while the core kinds are fine).
 *
 * The lists are also the API server behind the single-object Istio calls, with its semantics:
 * 404 NotFound (object or namespace), 409 AlreadyExists, 409 Conflict on a stale resourceVersion,
 * `dryRun` storing nothing, a new resourceVersion per write. Every call is recorded in `calls`;
 * `failWith(op, error)` makes the next calls of `op` fail instead (e.g. a 403 or 422 Status).
 */
export class FakeKubeClient implements KubeClient {
  cacheStatus: CacheStatus = SYNCED;
  kindStatus: Partial<KubeStatuses> = {};
  objects: Partial<Record<KubeKind, KubeObjectJson[]>> = {};
  calls: RecordedKubeCall[] = [];
  private failures: Partial<
    Record<RecordedKubeCall['op'], { error: Error; when: (call: RecordedKubeCall) => boolean }>
  > = {};
  private revision = 0;
  private resourceVersion = 1000;

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
    // Copies, like a real snapshot: later writes must not show up in a view taken before them.
    const objects: KubeObjects = perKind((kind) => [...(this.objects[kind] ?? [])]);
    return { revision: String(++this.revision), objects, statuses: this.statuses() };
  }

  /**
   * Until cleared with `undefined`, every `op` call (for which `when` holds) fails with `error`,
   * after being recorded.
   */
  failWith(
    op: RecordedKubeCall['op'],
    error: Error | undefined,
    when: (call: RecordedKubeCall) => boolean = () => true,
  ): void {
    if (error) this.failures[op] = { error, when };
    else delete this.failures[op];
  }

  /** An Istio object as the API server stores it: `apiVersion`, `kind`, a fresh resourceVersion, uid and timestamp. */
  seedIstio(
    resource: IstioResource,
    object: { metadata: IstioObjectJson['metadata']; spec?: Record<string, unknown> },
  ): IstioObjectJson {
    const { group, version, kind } = ISTIO_RESOURCES[resource];
    const stored = this.stamp({ apiVersion: `${group}/${version}`, kind, ...structuredClone(object) });
    this.list(resource).push(stored);
    return structuredClone(stored);
  }

  async getIstioObject(resource: IstioResource, namespace: string, name: string): Promise<IstioObjectJson> {
    this.record({ op: 'get', resource, namespace, name, dryRun: false });
    return structuredClone(this.existing(resource, namespace, name));
  }

  async createIstioObject(
    resource: IstioResource,
    namespace: string,
    object: IstioObjectJson,
    { dryRun }: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    const name = object.metadata.name;
    this.record({ op: 'create', resource, namespace, name, dryRun, body: structuredClone(object) });
    if (!this.namespaces.some((n) => n.metadata?.name === namespace)) {
      throw fromKubeStatus(
        404,
        { reason: 'NotFound', message: `namespaces "${namespace}" not found` },
        'create',
      );
    }
    if (this.find(resource, namespace, name)) {
      const message = `${qualified(resource)} "${name}" already exists`;
      throw fromKubeStatus(409, { reason: 'AlreadyExists', message }, 'create');
    }
    const stored = this.stamp(structuredClone(object));
    if (!dryRun) this.list(resource).push(stored);
    return structuredClone(stored);
  }

  async replaceIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    object: IstioObjectJson,
    { dryRun }: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    this.record({ op: 'replace', resource, namespace, name, dryRun, body: structuredClone(object) });
    const existing = this.existing(resource, namespace, name);
    this.checkPrecondition(resource, existing, object.metadata.resourceVersion);
    const { uid, creationTimestamp } = existing.metadata as { uid?: string; creationTimestamp?: string };
    const stored = this.stamp(structuredClone(object), { uid, creationTimestamp });
    if (!dryRun) {
      const list = this.list(resource);
      list[list.indexOf(existing)] = stored;
    }
    return structuredClone(stored);
  }

  async deleteIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    { dryRun, resourceVersion }: IstioDeleteOptions,
  ): Promise<IstioObjectJson | undefined> {
    this.record({
      op: 'delete',
      resource,
      namespace,
      name,
      dryRun,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
    });
    const existing = this.existing(resource, namespace, name);
    this.checkPrecondition(resource, existing, resourceVersion);
    if (!dryRun) this.list(resource).splice(this.list(resource).indexOf(existing), 1);
    return structuredClone(existing);
  }

  private record(call: RecordedKubeCall): void {
    this.calls.push(call);
    const failure = this.failures[call.op];
    if (failure?.when(call)) throw failure.error;
  }

  private list(resource: IstioResource): IstioObjectJson[] {
    const kind = ISTIO_CACHE_KINDS[resource];
    this.objects[kind] ??= [];
    return this.objects[kind] as IstioObjectJson[];
  }

  private find(resource: IstioResource, namespace: string, name: string): IstioObjectJson | undefined {
    return this.list(resource).find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
  }

  private existing(resource: IstioResource, namespace: string, name: string): IstioObjectJson {
    const found = this.find(resource, namespace, name);
    if (found) return found;
    const message = `${qualified(resource)} "${name}" not found`;
    throw fromKubeStatus(404, { reason: 'NotFound', message }, 'get');
  }

  private checkPrecondition(
    resource: IstioResource,
    existing: IstioObjectJson,
    expected: string | undefined,
  ) {
    if (expected && expected !== existing.metadata.resourceVersion) {
      const message =
        `Operation cannot be fulfilled on ${qualified(resource)} "${existing.metadata.name}": ` +
        'the object has been modified; please apply your changes to the latest version and try again';
      throw fromKubeStatus(409, { reason: 'Conflict', message }, 'write');
    }
  }

  private stamp(
    object: IstioObjectJson,
    kept: { uid?: string | undefined; creationTimestamp?: string | undefined } = {},
  ): IstioObjectJson {
    const rv = String(++this.resourceVersion);
    object.metadata = {
      ...object.metadata,
      resourceVersion: rv,
      uid: kept.uid ?? `uid-${rv}`,
      creationTimestamp: kept.creationTimestamp ?? '2025-01-01T00:00:00Z',
    };
    return object;
  }
}

const qualified = (resource: IstioResource) => `${resource}.${ISTIO_RESOURCES[resource].group}`;

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

/** A cache that cannot be served: never listed, or failing past its staleness bound. */
export const unsyncedStatus = (
  lastError: string | undefined = undefined,
  lastErrorStatus: number | undefined = undefined,
): CacheStatus => ({
  synced: false,
  usable: false,
  staleSince: undefined,
  unsyncedSince: undefined,
  lastError,
  lastErrorStatus,
});

/** A cache whose watch broke at `staleSince` (epoch ms) and that still serves its last content. */
export const staleStatus = (staleSince: number, lastError: string): CacheStatus => ({
  synced: false,
  usable: true,
  staleSince,
  unsyncedSince: staleSince,
  lastError,
  lastErrorStatus: undefined,
});
