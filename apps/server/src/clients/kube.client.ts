import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type KubernetesListObject,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
  type V1Namespace,
} from '@kubernetes/client-node';
import {
  ISTIO_RESOURCES,
  type AuthUser,
  istioObjectSchema,
  type IstioObjectJson,
  type IstioResource,
} from '@sextant/contracts';
import type { KubeObjectJson } from '@sextant/mesh';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ResourceAttributes, ResourceRule, RulesReview } from '../auth/rbacRules.ts';
import {
  describeError,
  forbidden,
  unauthenticated,
  upstreamBadResponse,
  upstreamUnavailable,
} from '../errors.ts';
import { kubeHttpStatusOf, toKubeAppError } from './kubeErrors.ts';
import { openPodLogStream, podLogQuery, type PodLogApi, type PodLogRequest } from './podLog.client.ts';
import { WatchCache, type CacheEvent, type CacheStatus, type WatchCacheOptions } from './watchCache.ts';

export type { CacheEvent } from './watchCache.ts';

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
  'sidecars',
  'authorizationPolicies',
  'requestAuthentications',
] as const;
export type KubeKind = (typeof KUBE_KINDS)[number];

/** The cache holding each Istio resource of the HTTP API. */
export const ISTIO_CACHE_KINDS = {
  virtualservices: 'virtualServices',
  destinationrules: 'destinationRules',
  gateways: 'gateways',
  serviceentries: 'serviceEntries',
  sidecars: 'sidecars',
  peerauthentications: 'peerAuthentications',
  authorizationpolicies: 'authorizationPolicies',
  requestauthentications: 'requestAuthentications',
} as const satisfies Record<IstioResource, KubeKind>;

/** The kinds `toClusterState` reads: what the graph, mTLS status and config validation see of the cluster. */
export const CLUSTER_STATE_KINDS: readonly KubeKind[] = [
  'namespaces',
  'deployments',
  'pods',
  'services',
  'virtualServices',
  'destinationRules',
  'gateways',
  'serviceEntries',
  'peerAuthentications',
];

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

export interface IstioWriteOptions {
  /** `dryRun=All`: the API server runs every check (admission, schema, resourceVersion) and stores nothing. */
  dryRun: boolean;
}

export interface IstioDeleteOptions extends IstioWriteOptions {
  /** Precondition: delete only while the object has this resourceVersion (409 Conflict otherwise). */
  resourceVersion?: string | undefined;
}

/**
 * Single Istio objects, read and written straight through the API server, never the cache, so an
 * editor starts from the latest version and every write is judged by Kubernetes. Failures are
 * AppErrors (`clients/kubeErrors.ts`).
 */
export interface IstioObjectApi {
  /** GET one Istio object from the API server. */
  getIstioObject(resource: IstioResource, namespace: string, name: string): Promise<IstioObjectJson>;
  /** POST; the object as Kubernetes stored it (or would have, on a dry run). */
  createIstioObject(
    resource: IstioResource,
    namespace: string,
    object: IstioObjectJson,
    options: IstioWriteOptions,
  ): Promise<IstioObjectJson>;
  /** PUT; `object.metadata.resourceVersion` is the precondition (409 when stale). */
  replaceIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    object: IstioObjectJson,
    options: IstioWriteOptions,
  ): Promise<IstioObjectJson>;
  /** DELETE; the deleted object when Kubernetes returns it (it may answer with a bare Status). */
  deleteIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    options: IstioDeleteOptions,
  ): Promise<IstioObjectJson | undefined>;
}

/** What Kubernetes says about the credentials a client holds (the authentication and authorization "self" reviews). */
export interface KubeIdentityApi {
  /** `SelfSubjectReview`: the user name and groups Kubernetes gives these credentials. */
  whoAmI(): Promise<AuthUser>;
  /** `SelfSubjectRulesReview`: the resource rules RBAC grants in one namespace. */
  rulesReview(namespace: string): Promise<RulesReview>;
  /** `SelfSubjectAccessReview` of one request in one namespace ('' for cluster-scoped). */
  accessReview(namespace: string, attributes: ResourceAttributes): Promise<boolean>;
}

/** The API server as one set of credentials sees it. */
export type KubeApi = IstioObjectApi & KubeIdentityApi & PodLogApi;

/**
 * Everything the server reads from and writes to Kubernetes. Lists come from watch-backed caches
 * (DESIGN.md) filled with the server's own credentials, so a browser request never costs a LIST
 * against the API server; the single-object calls it inherits are made with the server's
 * credentials too, and `forToken` makes them with a signed-in user's.
 */
export interface KubeClient extends KubeApi {
  /** All namespaces; throws an AppError (403 or 503) while the cache cannot be trusted. */
  listNamespaces(): Promise<readonly V1Namespace[]>;
  /** The content of every cache as it is, synced or not; never throws. */
  snapshot(): KubeSnapshot;
  /** Per-kind cache state (for `/metrics` and error reports). */
  statuses(): KubeStatuses;
  /** Every change one cache sees (the change history listens); returns the unsubscribe. */
  subscribe(kind: KubeKind, listener: (event: CacheEvent<KubeObjectJson>) => void): () => void;
  /** For `/readyz`: synced once every core cache has listed, with the first error otherwise. */
  status(): CacheStatus;
  /**
   * The same API server with a user's bearer token instead of the server's credentials: what the
   * user may do, Kubernetes decides. A 401 from it is the user's session ending (UNAUTHENTICATED).
   */
  forToken(token: string): KubeApi;
}

export interface KubeConfigSource {
  /** Kubeconfig path(s), separated like $KUBECONFIG (`:` on Unix); undefined: in-cluster or ~/.kube/config. */
  kubeconfig: string | undefined;
  context: string | undefined;
}

/** Where loadKubeConfig looks when no kubeconfig is given; injected by tests. */
export interface KubeConfigEnvironment {
  /** Default process.env: KUBERNETES_SERVICE_HOST and _PORT, which kubelet sets in every pod. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default /var/run/secrets/kubernetes.io/serviceaccount: token, ca.crt, namespace. */
  serviceAccountDir?: string;
  /** Default the user's home directory, for ~/.kube/config. */
  homeDir?: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads a kubeconfig the way kubectl does; throws an Error whose message names the bad setting.
 * Without KUBECONFIG: in a pod (KUBERNETES_SERVICE_HOST/_PORT set and a service-account token
 * mounted) the pod's service account, else ~/.kube/config, else an error saying all three.
 */
export function loadKubeConfig(
  { kubeconfig, context }: KubeConfigSource,
  environment: KubeConfigEnvironment = {},
): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfig === undefined) {
    loadWithoutKubeconfig(kc, environment);
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

function loadWithoutKubeconfig(kc: KubeConfig, environment: KubeConfigEnvironment): void {
  const env = environment.env ?? process.env;
  const dir = environment.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST?.trim() || undefined;
  const port = env.KUBERNETES_SERVICE_PORT?.trim() || undefined;
  const token = join(dir, 'token');
  if (host !== undefined && port !== undefined && existsSync(token)) {
    loadInCluster(kc, { host, port, dir });
    return;
  }
  const home = join(environment.homeDir ?? homedir(), '.kube', 'config');
  if (existsSync(home)) {
    kc.loadFromFile(home);
    return;
  }
  const why =
    host === undefined || port === undefined
      ? 'not in a cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set)'
      : `not in a cluster with a service account (no token at ${token}; automountServiceAccountToken: false?)`;
  throw new Error(`KUBECONFIG is not set, ${why}, and there is no ${home}: set KUBECONFIG (--kubeconfig)`);
}

/**
 * The pod's service account, as client-node's loadFromCluster() builds it but from any directory
 * (tests) and checked at startup. The token goes through client-node's `tokenFile` auth
 * provider, which reads the file again once a minute, as client-go does: kubelet rotates
 * projected tokens well before they expire (at 80 % of their life), so a minute-old token is valid.
 */
function loadInCluster(
  kc: KubeConfig,
  { host, port, dir }: { host: string; port: string; dir: string },
): void {
  const token = join(dir, 'token');
  const ca = join(dir, 'ca.crt');
  let tokenText: string;
  try {
    tokenText = readFileSync(token, 'utf8');
  } catch (err) {
    throw new Error(
      `KUBECONFIG is not set and the service-account token ${token} cannot be read (${describeError(err)})`,
    );
  }
  if (tokenText.trim() === '')
    throw new Error(`KUBECONFIG is not set and the service-account token ${token} is empty`);
  if (!existsSync(ca)) {
    throw new Error(`KUBECONFIG is not set and the service account has no CA certificate at ${ca}`);
  }
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  kc.loadFromOptions({
    clusters: [{ name: 'inCluster', server, caFile: ca, skipTLSVerify: false }],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: token } } }],
    contexts: [
      {
        name: 'inClusterContext',
        cluster: 'inCluster',
        user: 'inClusterUser',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'inClusterContext',
  });
}

export interface InformerKubeClientOptions {
  /** How long a single-object read or write may take before it is a 504; default 10 s. */
  requestTimeoutMs?: number;
  /** Passed to every watch cache (tests shorten the retry delays and staleness bounds). */
  cache?: Pick<
    WatchCacheOptions<KubernetesObject>,
    'retryDelayMs' | 'maxRetryDelayMs' | 'maxStaleMs' | 'watchTimeoutSeconds' | 'listTimeoutMs' | 'now'
  >;
}

/** Recorded in `metadata.managedFields`, so `kubectl` users see which changes came from Sextant. */
const FIELD_MANAGER = 'sextant';

export class InformerKubeClient implements KubeClient {
  private readonly caches: Record<KubeKind, WatchCache<KubernetesObject>>;
  private readonly own: KubeApiClient;
  private readonly requestTimeoutMs: number;
  private readonly userClients = new Map<string, KubeApiClient>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    logger: Logger,
    options: InformerKubeClientOptions = {},
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.own = new KubeApiClient(kubeConfig, {
      requestTimeoutMs: this.requestTimeoutMs,
      credentials: 'server',
    });
    const cacheOptions = options.cache ?? {};
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const cache = (
      path: string,
      list: (options: ConfigurationOptions) => Promise<KubernetesListObject<KubernetesObject>>,
    ) =>
      new WatchCache<KubernetesObject>({
        kubeConfig,
        path,
        list: (signal) => list(withSignal(signal)),
        logger,
        ...cacheOptions,
      });
    // Istio's CRDs, read at v1 (served since Istio 1.22).
    const istio = (resource: IstioResource) => {
      const { group, version } = ISTIO_RESOURCES[resource];
      return cache(
        `/apis/${group}/${version}/${resource}`,
        // The generated client types custom object lists as `any`; the informer checks `items`.
        async (options) =>
          (await custom.listClusterCustomObject(
            { group, version, plural: resource },
            options,
          )) as KubernetesListObject<KubernetesObject>,
      );
    };
    this.caches = {
      namespaces: cache('/api/v1/namespaces', (options) => core.listNamespace({}, options)),
      deployments: cache('/apis/apps/v1/deployments', (options) =>
        apps.listDeploymentForAllNamespaces({}, options),
      ),
      pods: cache('/api/v1/pods', (options) => core.listPodForAllNamespaces({}, options)),
      services: cache('/api/v1/services', (options) => core.listServiceForAllNamespaces({}, options)),
      virtualServices: istio('virtualservices'),
      destinationRules: istio('destinationrules'),
      gateways: istio('gateways'),
      serviceEntries: istio('serviceentries'),
      peerAuthentications: istio('peerauthentications'),
      sidecars: istio('sidecars'),
      authorizationPolicies: istio('authorizationpolicies'),
      requestAuthentications: istio('requestauthentications'),
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

  subscribe(kind: KubeKind, listener: (event: CacheEvent<KubeObjectJson>) => void): () => void {
    return this.caches[kind].subscribe(listener as (event: CacheEvent<KubernetesObject>) => void);
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

  getIstioObject(resource: IstioResource, namespace: string, name: string): Promise<IstioObjectJson> {
    return this.own.getIstioObject(resource, namespace, name);
  }

  readPodLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    return this.own.readPodLog(namespace, pod, request);
  }

  followPodLog(
    namespace: string,
    pod: string,
    request: PodLogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<string>> {
    return this.own.followPodLog(namespace, pod, request, signal);
  }

  createIstioObject(
    resource: IstioResource,
    namespace: string,
    object: IstioObjectJson,
    options: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    return this.own.createIstioObject(resource, namespace, object, options);
  }

  replaceIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    object: IstioObjectJson,
    options: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    return this.own.replaceIstioObject(resource, namespace, name, object, options);
  }

  deleteIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    options: IstioDeleteOptions,
  ): Promise<IstioObjectJson | undefined> {
    return this.own.deleteIstioObject(resource, namespace, name, options);
  }

  whoAmI(): Promise<AuthUser> {
    return this.own.whoAmI();
  }

  rulesReview(namespace: string): Promise<RulesReview> {
    return this.own.rulesReview(namespace);
  }

  accessReview(namespace: string, attributes: ResourceAttributes): Promise<boolean> {
    return this.own.accessReview(namespace, attributes);
  }

  forToken(token: string): KubeApi {
    const key = createHash('sha256').update(token).digest('hex');
    const known = this.userClients.get(key);
    if (known) {
      // Most recently used last: the Map's order is the eviction order.
      this.userClients.delete(key);
      this.userClients.set(key, known);
      return known;
    }
    const client = new KubeApiClient(userKubeConfig(this.kubeConfig, token), {
      requestTimeoutMs: this.requestTimeoutMs,
      credentials: 'user',
    });
    this.userClients.set(key, client);
    if (this.userClients.size > USER_CLIENTS_KEPT) {
      const oldest = this.userClients.keys().next().value;
      if (oldest !== undefined) this.userClients.delete(oldest);
    }
    return client;
  }
}

/** Clients of signed-in users kept for reuse (each holds a KubeConfig and three API objects). */
const USER_CLIENTS_KEPT = 256;

/**
 * The current context's cluster (server, CA, TLS name, proxy) with nothing of the server's own
 * user: no client certificate, exec plugin or token of the server's reaches a user's requests.
 */
export function userKubeConfig(serverConfig: KubeConfig, token: string): KubeConfig {
  const cluster = serverConfig.getCurrentCluster();
  if (cluster === null) throw new Error('KUBECONFIG: no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'sextant-user', token }],
    contexts: [{ name: 'sextant-user', cluster: cluster.name, user: 'sextant-user' }],
    currentContext: 'sextant-user',
  });
  return kc;
}

export interface KubeApiClientOptions {
  /** How long a single-object read or write may take before it is a 504. */
  requestTimeoutMs: number;
  /**
   * Whose credentials: a 401 to the server's own is a misconfiguration (403 to the browser), a 401
   * to a user's means their token expired or was revoked (401, sign in again).
   */
  credentials: 'server' | 'user';
}

/** Single objects and self reviews through the API server, with one set of credentials. */
export class KubeApiClient implements KubeApi {
  private readonly custom: CustomObjectsApi;
  private readonly authentication: AuthenticationV1Api;
  private readonly authorization: AuthorizationV1Api;
  private readonly core: CoreV1Api;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: KubeApiClientOptions,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.authentication = kubeConfig.makeApiClient(AuthenticationV1Api);
    this.authorization = kubeConfig.makeApiClient(AuthorizationV1Api);
  }

  async whoAmI(): Promise<AuthUser> {
    const review = await this.call('review who the token belongs to', (options) =>
      this.authentication.createSelfSubjectReview(
        { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
        options,
      ),
    );
    const parsed = selfSubjectReviewSchema.safeParse(review);
    if (!parsed.success) {
      throw upstreamBadResponse('kubernetes', 'Kubernetes answered a SelfSubjectReview without a user name');
    }
    const info = parsed.data.status.userInfo;
    return { name: info.username, groups: info.groups ?? [] };
  }

  async rulesReview(namespace: string): Promise<RulesReview> {
    const review = await this.call(`review the rules in namespace ${namespace}`, (options) =>
      this.authorization.createSelfSubjectRulesReview(
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectRulesReview',
            spec: { namespace },
          },
        },
        options,
      ),
    );
    const parsed = selfSubjectRulesReviewSchema.safeParse(review);
    if (!parsed.success) {
      throw upstreamBadResponse('kubernetes', 'Kubernetes answered a SelfSubjectRulesReview without rules');
    }
    return { rules: parsed.data.status.resourceRules, incomplete: parsed.data.status.incomplete };
  }

  async accessReview(namespace: string, attributes: ResourceAttributes): Promise<boolean> {
    const review = await this.call(`review access to ${attributes.resource}`, (options) =>
      this.authorization.createSelfSubjectAccessReview(
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                namespace,
                verb: attributes.verb,
                group: attributes.group,
                resource: attributes.resource,
                ...(attributes.subresource ? { subresource: attributes.subresource } : {}),
                ...(attributes.name ? { name: attributes.name } : {}),
              },
            },
          },
        },
        options,
      ),
    );
    const parsed = selfSubjectAccessReviewSchema.safeParse(review);
    if (!parsed.success) {
      throw upstreamBadResponse(
        'kubernetes',
        'Kubernetes answered a SelfSubjectAccessReview without a decision',
      );
    }
    return parsed.data.status.allowed;
  }

  async readPodLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    const body = await this.call(`read the log of pod ${namespace}/${pod}`, (options) =>
      this.core.readNamespacedPodLog(
        { name: pod, namespace, timestamps: true, ...podLogQuery(request) },
        options,
      ),
    );
    if (typeof body !== 'string')
      throw upstreamBadResponse(
        'kubernetes',
        `Kubernetes answered a log request with something that is not text`,
      );
    return body;
  }

  followPodLog(
    namespace: string,
    pod: string,
    request: PodLogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<string>> {
    return openPodLogStream(this.kubeConfig, namespace, pod, request, signal, this.options);
  }

  async getIstioObject(resource: IstioResource, namespace: string, name: string): Promise<IstioObjectJson> {
    const what = `get ${resource} ${namespace}/${name}`;
    const body = await this.call(what, (options) =>
      this.custom.getNamespacedCustomObject({ ...this.target(resource, namespace), name }, options),
    );
    return checkIstioObject(body, what);
  }

  async createIstioObject(
    resource: IstioResource,
    namespace: string,
    object: IstioObjectJson,
    { dryRun }: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    const what = `create ${resource} ${namespace}/${object.metadata.name}`;
    const body = await this.call(what, (options) =>
      this.custom.createNamespacedCustomObject(
        this.writeTarget(resource, namespace, object, dryRun),
        options,
      ),
    );
    return checkIstioObject(body, what);
  }

  async replaceIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    object: IstioObjectJson,
    { dryRun }: IstioWriteOptions,
  ): Promise<IstioObjectJson> {
    const what = `replace ${resource} ${namespace}/${name}`;
    const body = await this.call(what, (options) =>
      this.custom.replaceNamespacedCustomObject(
        { ...this.writeTarget(resource, namespace, object, dryRun), name },
        options,
      ),
    );
    return checkIstioObject(body, what);
  }

  async deleteIstioObject(
    resource: IstioResource,
    namespace: string,
    name: string,
    { dryRun, resourceVersion }: IstioDeleteOptions,
  ): Promise<IstioObjectJson | undefined> {
    const what = `delete ${resource} ${namespace}/${name}`;
    const body = await this.call(what, (options) =>
      this.custom.deleteNamespacedCustomObject(
        {
          ...this.target(resource, namespace),
          name,
          ...(dryRun ? { dryRun: 'All' } : {}),
          ...(resourceVersion === undefined ? {} : { body: { preconditions: { resourceVersion } } }),
        },
        options,
      ),
    );
    // Custom resources come back as the deleted object; a bare `kind: Status` is success too.
    const parsed = istioObjectSchema.safeParse(body);
    return parsed.success ? parsed.data : undefined;
  }

  /** Where and what a create or replace sends, as our field manager, `dryRun=All` when asked. */
  private writeTarget(resource: IstioResource, namespace: string, object: IstioObjectJson, dryRun: boolean) {
    return {
      ...this.target(resource, namespace),
      body: object,
      fieldManager: FIELD_MANAGER,
      ...(dryRun ? { dryRun: 'All' } : {}),
    };
  }

  private target(resource: IstioResource, namespace: string) {
    const { group, version } = ISTIO_RESOURCES[resource];
    return { group, version, namespace, plural: resource };
  }

  /**
   * Runs one client-node request with a deadline; the abort reaches the socket through a call-time
   * middleware (client-node has no per-request timeout option).
   */
  private async call(
    what: string,
    request: (options: ConfigurationOptions) => Promise<unknown>,
  ): Promise<unknown> {
    try {
      return await request(withSignal(AbortSignal.timeout(this.options.requestTimeoutMs)));
    } catch (err) {
      if (this.options.credentials === 'user' && kubeHttpStatusOf(err) === 401) {
        throw unauthenticated(
          'Kubernetes no longer accepts your credentials (they expired or were revoked): sign in again',
          { upstream: 'kubernetes' },
        );
      }
      throw toKubeAppError(err, what, this.options.requestTimeoutMs);
    }
  }
}

const selfSubjectReviewSchema = z.object({
  status: z.object({
    userInfo: z.object({ username: z.string().min(1), groups: z.array(z.string()).optional() }),
  }),
});

const resourceRuleSchema: z.ZodType<ResourceRule> = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
});

const selfSubjectRulesReviewSchema = z.object({
  status: z.object({
    resourceRules: z.array(resourceRuleSchema).default([]),
    incomplete: z.boolean().default(false),
  }),
});

const selfSubjectAccessReviewSchema = z.object({
  status: z.object({ allowed: z.boolean() }),
});

/** Upstream answers are checked at the boundary: a body that is not an Istio object is a 502. */
function checkIstioObject(body: unknown, what: string): IstioObjectJson {
  const parsed = istioObjectSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw upstreamBadResponse(
    'kubernetes',
    `Kubernetes answered ${what} with something that is not an Istio object (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`,
  );
}

export function perKind<T>(value: (kind: KubeKind) => T): Record<KubeKind, T> {
  return Object.fromEntries(KUBE_KINDS.map((kind) => [kind, value(kind)])) as Record<KubeKind, T>;
}

/** Client-node has no per-request timeout option; the abort reaches the socket through a call-time middleware. */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

const earliest = (values: readonly (number | undefined)[]): number | undefined => {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
};

/**
 * Synced (usable) when all of `kinds` are, stale since the earliest of theirs; the error is the
 * first failure, naming its kind when the failing caches disagree (one API server outage fails
 * them all with the same error).
 */
export function aggregateStatus(statuses: KubeStatuses, kinds: readonly KubeKind[]): CacheStatus {
  const failing = kinds.filter((kind) => !statuses[kind].synced);
  const first = failing.find((kind) => statuses[kind].lastError !== undefined) ?? failing[0];
  if (first === undefined) return SYNCED_STATUS;
  const status = statuses[first];
  const allSame = failing.every((kind) => statuses[kind].lastError === status.lastError);
  return {
    synced: false,
    usable: kinds.every((kind) => statuses[kind].usable),
    staleSince: earliest(failing.map((kind) => statuses[kind].staleSince)),
    unsyncedSince: earliest(failing.map((kind) => statuses[kind].unsyncedSince)),
    lastError: status.lastError === undefined || allSame ? status.lastError : `${first}: ${status.lastError}`,
    lastErrorStatus: status.lastErrorStatus,
  };
}

export const SYNCED_STATUS: CacheStatus = {
  synced: true,
  usable: true,
  staleSince: undefined,
  unsyncedSince: undefined,
  lastError: undefined,
  lastErrorStatus: undefined,
};

/**
 * Unusable caches are an outage (503), unless the API server refused us, which is RBAC (403).
 * Stale but usable content passes: its responses carry the staleness marker instead.
 */
export function assertUsable(status: CacheStatus): void {
  if (status.usable) return;
  const reason = status.lastError ?? 'the first LIST has not completed yet';
  if (status.lastErrorStatus === 401 || status.lastErrorStatus === 403) {
    throw forbidden(`Kubernetes refused access: ${reason}`, { upstream: 'kubernetes' });
  }
  const since =
    status.unsyncedSince === undefined ? '' : ` (since ${new Date(status.unsyncedSince).toISOString()})`;
  throw upstreamUnavailable('kubernetes', `Kubernetes is not reachable${since}: ${reason}`);
}
