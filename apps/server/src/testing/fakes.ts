import type { V1Namespace } from '@kubernetes/client-node';
import { ISTIO_RESOURCES, type IstioObjectJson, type IstioResource } from '@sextant/contracts';
import type { KubeObjectJson, PromVectorEntry } from '@sextant/mesh';
import pino from 'pino';
import type { AuthUser } from '@sextant/contracts';
import {
  rulesAllow,
  type ResourceAttributes,
  type ResourceRule,
  type RulesReview,
} from '../auth/rbacRules.ts';
import type {
  CacheEvent,
  IstioDeleteOptions,
  IstioWriteOptions,
  KubeApi,
  KubeClient,
  KubeKind,
  KubeObjects,
  KubeSnapshot,
  KubeStatuses,
} from '../clients/kube.client.ts';
import type { ChangeStore, NewChange, StoredChange } from '../history/changeStore.ts';
import type { ChangeHistory } from '../history/history.ts';
import {
  aggregateStatus,
  assertUsable,
  CORE_KINDS,
  ISTIO_CACHE_KINDS,
  perKind,
  SYNCED_STATUS,
} from '../clients/kube.client.ts';
import { fromKubeStatus } from '../clients/kubeErrors.ts';
import type { PodLogRequest } from '../clients/podLog.client.ts';
import type {
  MetricsClient,
  PromMatrixEntry,
  QueryOptions,
  RangeQuery,
} from '../clients/prometheus.client.ts';
import type { CacheStatus } from '../clients/watchCache.ts';
import { forbidden, unauthenticated, type AppError } from '../errors.ts';

const SYNCED: CacheStatus = SYNCED_STATUS;

/** A user the fake API server knows by bearer token: who they are and RBAC's rules per namespace. */
export interface FakeKubeUser {
  user: AuthUser;
  /** Rules by namespace; `*` applies in every namespace (a ClusterRoleBinding). */
  rules: Record<string, ResourceRule[]>;
}

/** Everything, as `cluster-admin`: what the fake server's own credentials may do unless a test says otherwise. */
export const ALL_RULES: ResourceRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];

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
  /** Users by bearer token, for `forToken`; an unknown token gets 401 like a real API server. */
  users = new Map<string, FakeKubeUser>();
  /** The server's own identity and rules. */
  serverUser: FakeKubeUser = {
    user: { name: 'system:serviceaccount:sextant:sextant', groups: ['system:serviceaccounts'] },
    rules: { '*': ALL_RULES },
  };
  /** Self reviews made, in order, as `<user> <namespace>` (tests count them to see caching). */
  reviews: string[] = [];
  /** Containers' logs by `namespace/pod/container`: lines as the API server sends them (timestamp, space, text). */
  podLogs = new Map<string, string[]>();
  /** When set, every log request fails with it (e.g. a 503 while the API server is down). */
  podLogError: Error | undefined;
  /** Open `follow` streams, by `namespace/pod/container`. */
  private logFollowers = new Map<string, Set<(line: string) => void>>();

  private cacheListeners = new Map<KubeKind, Set<(event: CacheEvent<KubeObjectJson>) => void>>();

  constructor(namespaces: V1Namespace[] = []) {
    this.objects.namespaces = namespaces as KubeObjectJson[];
  }

  subscribe(kind: KubeKind, listener: (event: CacheEvent<KubeObjectJson>) => void): () => void {
    let set = this.cacheListeners.get(kind);
    if (!set) this.cacheListeners.set(kind, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Plays a cache event to the subscribers, as a watch would (tests set `objects` themselves). */
  emitCacheEvent(kind: KubeKind, event: CacheEvent<KubeObjectJson>): void {
    for (const listener of this.cacheListeners.get(kind) ?? []) listener(event);
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

  whoAmI(): Promise<AuthUser> {
    return Promise.resolve(structuredClone(this.serverUser.user));
  }

  rulesReview(namespace: string): Promise<RulesReview> {
    return Promise.resolve(this.rulesOf(this.serverUser, namespace));
  }

  accessReview(namespace: string, attributes: ResourceAttributes): Promise<boolean> {
    return Promise.resolve(rulesAllow(this.rulesOf(this.serverUser, namespace).rules, attributes));
  }

  forToken(token: string): KubeApi {
    return new FakeUserApi(this, token);
  }

  /** A container writes a line: stored, and sent to open `follow` streams. */
  writePodLog(namespace: string, pod: string, container: string, line: string): void {
    const key = `${namespace}/${pod}/${container}`;
    this.podLogs.set(key, [...(this.podLogs.get(key) ?? []), line]);
    for (const follower of this.logFollowers.get(key) ?? []) follower(line);
  }

  /** How many `follow` streams are open on a container (tests check that a closed browser closes them). */
  followers(namespace: string, pod: string, container: string): number {
    return this.logFollowers.get(`${namespace}/${pod}/${container}`)?.size ?? 0;
  }

  async readPodLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    const lines = this.podLogs.get(this.logKey(namespace, pod, request)) ?? [];
    const tail = request.tailLines === undefined ? lines : lines.slice(lines.length - request.tailLines);
    return tail.map((l) => `${l}\n`).join('');
  }

  async followPodLog(
    namespace: string,
    pod: string,
    request: PodLogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<string>> {
    const key = this.logKey(namespace, pod, request);
    const first = await this.readPodLog(namespace, pod, request);
    const queue: string[] = first ? [first] : [];
    let wake: (() => void) | undefined;
    const follower = (line: string): void => {
      queue.push(`${line}\n`);
      wake?.();
    };
    const followers = this.logFollowers.get(key) ?? new Set();
    this.logFollowers.set(key, followers.add(follower));
    signal.addEventListener('abort', () => {
      followers.delete(follower);
      wake?.();
    });
    return (async function* () {
      while (!signal.aborted) {
        const next = queue.shift();
        if (next !== undefined) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    })();
  }

  /** The API server's answers to a log request: 404 pod, 400 container choice, or the container's key. */
  private logKey(namespace: string, pod: string, request: PodLogRequest): string {
    if (this.podLogError) throw this.podLogError;
    const found = (this.objects.pods ?? []).find(
      (p) => p.metadata?.namespace === namespace && p.metadata?.name === pod,
    );
    if (!found)
      throw fromKubeStatus(404, { reason: 'NotFound', message: `pods "${pod}" not found` }, 'read log');
    const containers = (
      (found.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []
    ).map((c) => c.name);
    const container = request.container ?? (containers.length === 1 ? containers[0] : undefined);
    if (container === undefined || !containers.includes(container)) {
      const message =
        request.container === undefined
          ? `a container name must be specified for pod ${pod}, choose one of: [${containers.join(' ')}]`
          : `container ${request.container} is not valid for pod ${pod}`;
      throw fromKubeStatus(400, { reason: 'BadRequest', message }, `read the log of pod ${namespace}/${pod}`);
    }
    return `${namespace}/${pod}/${container}`;
  }

  /** @internal The rules of `who` in `namespace`, recording the review. */
  rulesOf(who: FakeKubeUser, namespace: string): RulesReview {
    this.reviews.push(`${who.user.name} ${namespace}`);
    return { rules: [...(who.rules['*'] ?? []), ...(who.rules[namespace] ?? [])], incomplete: false };
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

const WRITE_VERB = { create: 'create', replace: 'update', delete: 'delete', get: 'get' } as const;

/** The fake API server seen with a user's token: 401 for an unknown token, 403 where RBAC says no. */
class FakeUserApi implements KubeApi {
  constructor(
    private readonly server: FakeKubeClient,
    private readonly token: string,
  ) {}

  private who(): FakeKubeUser {
    const known = this.server.users.get(this.token);
    if (!known)
      throw unauthenticated('Kubernetes no longer accepts your credentials', { upstream: 'kubernetes' });
    return known;
  }

  private authorize(
    op: keyof typeof WRITE_VERB,
    resource: IstioResource,
    namespace: string,
    name: string,
  ): void {
    const who = this.who();
    const verb = WRITE_VERB[op];
    const allowed = rulesAllow(this.server.rulesOf(who, namespace).rules, {
      verb,
      group: ISTIO_RESOURCES[resource].group,
      resource,
      name,
    });
    if (!allowed) {
      throw forbidden(
        `Kubernetes refused ${op} ${resource} ${namespace}/${name}: ${resource}.${ISTIO_RESOURCES[resource].group} "${name}" is forbidden: User "${who.user.name}" cannot ${verb} resource "${resource}" in API group "${ISTIO_RESOURCES[resource].group}" in the namespace "${namespace}"`,
        { upstream: 'kubernetes', reason: 'Forbidden' },
      );
    }
  }

  whoAmI(): Promise<AuthUser> {
    return Promise.resolve().then(() => structuredClone(this.who().user));
  }

  rulesReview(namespace: string): Promise<RulesReview> {
    return Promise.resolve().then(() => this.server.rulesOf(this.who(), namespace));
  }

  accessReview(namespace: string, attributes: ResourceAttributes): Promise<boolean> {
    return this.rulesReview(namespace).then((review) => rulesAllow(review.rules, attributes));
  }

  private authorizeLog(namespace: string, pod: string): void {
    const who = this.who();
    const attributes = { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: pod };
    if (!rulesAllow(this.server.rulesOf(who, namespace).rules, attributes))
      throw forbidden(
        `Kubernetes refused read the log of pod ${namespace}/${pod}: pods "${pod}" is forbidden: User "${who.user.name}" cannot get resource "pods/log" in API group "" in the namespace "${namespace}"`,
        { upstream: 'kubernetes', reason: 'Forbidden' },
      );
  }

  async readPodLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    this.authorizeLog(namespace, pod);
    return this.server.readPodLog(namespace, pod, request);
  }

  async followPodLog(
    namespace: string,
    pod: string,
    request: PodLogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<string>> {
    this.authorizeLog(namespace, pod);
    return this.server.followPodLog(namespace, pod, request, signal);
  }

  async getIstioObject(resource: IstioResource, namespace: string, name: string): Promise<IstioObjectJson> {
    this.authorize('get', resource, namespace, name);
    return this.server.getIstioObject(resource, namespace, name);
  }

  async createIstioObject(
    resource: IstioResource,
    namespace: string,
    object: IstioObjectJson,
    options: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    this.authorize('create', resource, namespace, '');
    return this.server.createIstioObject(resource, namespace, object, options);
  }

  async replaceIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    object: IstioObjectJson,
    options: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    this.authorize('replace', resource, namespace, name);
    return this.server.replaceIstioObject(resource, namespace, name, object, options);
  }

  async deleteIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    options: IstioDeleteOptions,
  ): Promise<IstioObjectJson | undefined> {
    this.authorize('delete', resource, namespace, name);
    return this.server.deleteIstioObject(resource, namespace, name, options);
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

/**
 * A change history held in an array, for tests of what reads it (a past graph, the routes): only
 * `stateAt` and `since` answer, the reads those need; the SQL store has its own suite.
 */
export class FakeChangeStore implements ChangeStore {
  readonly description = 'fake';
  private readonly rows: StoredChange[] = [];

  /** Adds rows in time order, as the recorder would. */
  seed(...changes: NewChange[]): this {
    for (const c of changes) this.rows.push({ ...c, id: this.rows.length + 1 });
    return this;
  }

  async stateAt(time = Number.MAX_SAFE_INTEGER, namespace?: string): Promise<StoredChange[]> {
    const last = new Map<string, StoredChange>();
    for (const c of this.rows)
      if (c.time <= time && (namespace === undefined || c.namespace === namespace))
        last.set(`${c.kind}/${c.namespace}/${c.name}`, c);
    return [...last.values()].filter((c) => c.operation !== 'delete');
  }

  async since(): Promise<number | undefined> {
    return this.rows.length === 0 ? undefined : Math.min(...this.rows.map((c) => c.time));
  }

  asHistory(): ChangeHistory {
    return {
      store: this,
      noteWrite: () => undefined,
      flushed: async () => undefined,
      stop: async () => undefined,
    };
  }

  add(): Promise<boolean> {
    throw new Error('FakeChangeStore.add: not played');
  }
  attribute(): Promise<boolean> {
    throw new Error('FakeChangeStore.attribute: not played');
  }
  list(): Promise<StoredChange[]> {
    throw new Error('FakeChangeStore.list: not played');
  }
  get(): Promise<StoredChange | undefined> {
    throw new Error('FakeChangeStore.get: not played');
  }
  prune(cutoff: number, maxBytes: number | undefined): Promise<number> {
    throw new Error(`FakeChangeStore.prune(${cutoff}, ${maxBytes}): not played`);
  }
  async close(): Promise<void> {}
}
