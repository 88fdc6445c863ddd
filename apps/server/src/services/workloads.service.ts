import {
  type AppDetails,
  type AppList,
  type AppListItem,
  type AppliedConfig,
  type AppliedConfigRef,
  type IstioResource,
  type Validation,
  type WorkloadDetails,
  type WorkloadList,
  type WorkloadListItem,
} from '@sextant/contracts';
import {
  DEFAULT_HEALTH_CONFIG,
  commonLabels,
  groupApps,
  appHealth,
  healthKey,
  healthRates,
  inboundTraffic,
  requestHealthQuery,
  workloadHealth,
  podSummary,
  podsOfDeployment,
  selectorConfigFor,
  serviceConfigIndex,
  serviceSummary,
  sortConfigRefs,
  toSamples,
  tolerancesFor,
  validateObject,
  validationContext,
  versionsOf,
  workloadWarnings,
  worstSeverity,
  selectorMatches,
  type GraphError,
  type HealthConfig,
  type AppGroup,
  type HealthRates,
  type IstioConfigObject,
  type KubeObjectJson,
  type WorkloadInfo,
} from '@sextant/mesh';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import type { KubeKind } from '../clients/kube.client.ts';
import {
  aggregateStatus,
  assertUsable,
  CLUSTER_STATE_KINDS,
  ISTIO_CACHE_KINDS,
} from '../clients/kube.client.ts';
import { AppError, describeError, notFound } from '../errors.ts';
import { ALL_NAMESPACES, type NamespaceScope } from '../auth/namespaceScope.ts';
import type { ClusterStateSource, ClusterView } from './clusterState.service.ts';
import { withTypeMeta } from './istioObjects.ts';

/** What workloads, their pods and the Services selecting them are read from. */
const WORKLOAD_KINDS: readonly KubeKind[] = ['namespaces', 'deployments', 'pods', 'services'];

/** Routing kinds apply through the Services that select a workload; the others by workload selector. */
const ROUTING_RESOURCES = ['virtualservices', 'destinationrules'] as const satisfies readonly IstioResource[];
const SELECTOR_RESOURCES = [
  'gateways',
  'sidecars',
  'peerauthentications',
  'authorizationpolicies',
  'requestauthentications',
] as const satisfies readonly IstioResource[];

interface ConfigReader {
  /** The objects that apply to a workload, with how. */
  applying(w: WorkloadInfo): Array<{ object: IstioConfigObject; via: AppliedConfigRef['via'] }>;
  validate(o: IstioConfigObject): Validation[];
}

/** One namespace's page data, read once per request. */
interface NamespaceData {
  view: ClusterView;
  workloads: WorkloadInfo[];
  config: ConfigReader | undefined;
  /** Request rates for health and traffic; null when Prometheus could not be asked. */
  rates: HealthRates | null;
  errors: GraphError[];
}

/**
 * The Workloads and Applications pages: Deployments from the watch caches with their pods, the
 * Services selecting them and the Istio config that applies, judged healthy or not from pod
 * readiness and one Prometheus query per namespace. Prometheus or the Istio caches failing is
 * data (`errors`), not a failed page: the rows are still there.
 */
export class WorkloadsService {
  constructor(
    private readonly cluster: ClusterStateSource,
    private readonly metrics: MetricsClient,
    private readonly now: () => number,
    private readonly health: HealthConfig = DEFAULT_HEALTH_CONFIG,
  ) {}

  async listWorkloads(
    namespace: string,
    durationSeconds: number,
    scope: NamespaceScope = ALL_NAMESPACES,
  ): Promise<WorkloadList> {
    const data = await this.read(namespace, durationSeconds, scope);
    return {
      namespace,
      duration: durationSeconds,
      workloads: data.workloads.map((w) => this.workloadItem(data, w)),
      ...errorsOf(data.errors),
    };
  }

  async workloadDetails(
    namespace: string,
    name: string,
    durationSeconds: number,
    scope: NamespaceScope = ALL_NAMESPACES,
  ): Promise<WorkloadDetails> {
    const view = this.namespaceView(namespace, scope);
    const w = view.state.workloads.find((x) => x.namespace === namespace && x.name === name);
    if (!w) throw notFound(`workloads "${name}" not found in namespace ${namespace}`);
    const data = await this.read(namespace, durationSeconds, scope, view);
    return {
      workload: this.workloadItem(data, w),
      pods: this.podsOf(data.view, w).map(podSummary),
      services: this.servicesSelecting(data.view, [w]),
      istioConfig: this.appliedConfig(data, [w]),
      duration: durationSeconds,
      ...errorsOf(data.errors),
    };
  }

  async listApps(
    namespace: string,
    durationSeconds: number,
    scope: NamespaceScope = ALL_NAMESPACES,
  ): Promise<AppList> {
    const data = await this.read(namespace, durationSeconds, scope);
    return {
      namespace,
      duration: durationSeconds,
      apps: groupApps(data.workloads, namespace).map((g) => this.appItem(data, g)),
      ...errorsOf(data.errors),
    };
  }

  async appDetails(
    namespace: string,
    name: string,
    durationSeconds: number,
    scope: NamespaceScope = ALL_NAMESPACES,
  ): Promise<AppDetails> {
    const view = this.namespaceView(namespace, scope);
    const group = groupApps(view.state.workloads, namespace).find((g) => g.name === name);
    if (!group)
      throw notFound(
        `apps "${name}" not found in namespace ${namespace}: no workload has the label app=${name}`,
      );
    const data = await this.read(namespace, durationSeconds, scope, view);
    return {
      app: this.appItem(data, group),
      workloads: group.workloads.map((w) => this.workloadItem(data, w)),
      pods: group.workloads.flatMap((w) =>
        this.podsOf(data.view, w).map((p) => ({ ...podSummary(p), workload: w.name })),
      ),
      services: this.servicesSelecting(data.view, group.workloads),
      istioConfig: this.appliedConfig(data, group.workloads),
      duration: durationSeconds,
      ...errorsOf(data.errors),
    };
  }

  private workloadItem(data: NamespaceData, w: WorkloadInfo): WorkloadListItem {
    const { rates } = data;
    const ns = data.view.state.namespaces.find((n) => n.name === w.namespace);
    const { tolerances } = tolerancesFor([w], undefined, ns, this.health.tolerances);
    return {
      name: w.name,
      namespace: w.namespace,
      kind: 'Deployment',
      labels: { ...w.labels },
      ...(w.labels.app !== undefined ? { app: w.labels.app } : {}),
      ...(w.labels.version !== undefined ? { version: w.labels.version } : {}),
      replicas: w.desiredReplicas,
      readyReplicas: w.readyReplicas,
      hasSidecar: w.hasSidecar,
      health: workloadHealth(w, rates, tolerances),
      warnings: workloadWarnings(w),
      istioConfig: this.configRefs(data, [w]),
      ...(rates
        ? { traffic: inboundTraffic(rates.inbound.workloads.get(healthKey(w.namespace, w.name))) }
        : {}),
    };
  }

  private appItem(data: NamespaceData, app: AppGroup): AppListItem {
    const { rates } = data;
    const { name, namespace, workloads } = app;
    const ns = data.view.state.namespaces.find((n) => n.name === namespace);
    const appService = data.view.state.services.find((s) => s.namespace === namespace && s.name === name);
    const { tolerances } = tolerancesFor(workloads, appService, ns, this.health.tolerances);
    return {
      name,
      namespace,
      workloads: workloads.map((w) => ({
        name: w.name,
        ...(w.labels.version !== undefined ? { version: w.labels.version } : {}),
      })),
      versions: versionsOf(workloads),
      labels: commonLabels(workloads),
      health: appHealth(app, rates, tolerances),
      warnings: workloads.flatMap(workloadWarnings),
      istioConfig: this.configRefs(data, workloads),
      ...(rates ? { traffic: inboundTraffic(rates.inbound.apps.get(healthKey(namespace, name))) } : {}),
    };
  }

  private configRefs(data: NamespaceData, workloads: readonly WorkloadInfo[]): AppliedConfigRef[] {
    const config = data.config;
    if (!config) return [];
    return sortConfigRefs(
      workloads.flatMap((w) =>
        config.applying(w).map(({ object, via }): AppliedConfigRef => {
          const severity = worstSeverity(config.validate(object));
          return {
            kind: object.kind as AppliedConfigRef['kind'],
            namespace: object.metadata?.namespace ?? '',
            name: object.metadata?.name ?? '',
            via,
            ...(severity ? { worstSeverity: severity } : {}),
          };
        }),
      ),
    );
  }

  private appliedConfig(data: NamespaceData, workloads: readonly WorkloadInfo[]): AppliedConfig[] {
    const config = data.config;
    if (!config) return [];
    const objects = new Map<string, IstioConfigObject>();
    for (const w of workloads)
      for (const { object } of config.applying(w))
        objects.set(`${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`, object);
    return this.configRefs(data, workloads).map((ref) => ({
      ...ref,
      validations: config.validate(objects.get(`${ref.kind}/${ref.namespace}/${ref.name}`)!),
    }));
  }

  private podsOf(view: ClusterView, w: WorkloadInfo): KubeObjectJson[] {
    const deployment = view.objects.deployments.find(
      (d) => d.metadata?.namespace === w.namespace && d.metadata?.name === w.name,
    );
    return deployment ? podsOfDeployment(deployment, view.objects.pods) : [];
  }

  private servicesSelecting(view: ClusterView, workloads: readonly WorkloadInfo[]) {
    return view.state.services
      .filter((s) =>
        workloads.some((w) => s.namespace === w.namespace && selectorMatches(s.selector, w.labels)),
      )
      .map(serviceSummary)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Throws 503/403 while the caches cannot be read (an empty list would read as "no workloads"). */
  private namespaceView(namespace: string, scope: NamespaceScope): ClusterView {
    const view = this.cluster.current(scope);
    assertUsable(aggregateStatus(view.statuses, WORKLOAD_KINDS));
    if (!view.state.namespaces.some((n) => n.name === namespace)) {
      throw notFound(`namespaces "${namespace}" not found`);
    }
    return view;
  }

  private async read(
    namespace: string,
    durationSeconds: number,
    scope: NamespaceScope,
    known?: ClusterView,
  ): Promise<NamespaceData> {
    const view = known ?? this.namespaceView(namespace, scope);
    const errors: GraphError[] = [];
    const config = this.configReader(view);
    if ('error' in config) errors.push({ source: 'kubernetes', message: config.error });
    let rates: HealthRates | null = null;
    try {
      const result = await this.metrics.query(
        requestHealthQuery(durationSeconds, namespace),
        this.now() / 1000,
      );
      rates = healthRates(toSamples(result));
    } catch (err) {
      errors.push({
        source: 'prometheus',
        message: `Traffic and request health are unavailable: ${describeError(err)}`,
      });
    }
    return {
      view,
      workloads: view.state.workloads
        .filter((w) => w.namespace === namespace)
        .sort((a, b) => a.name.localeCompare(b.name)),
      config: 'error' in config ? undefined : config,
      rates,
      errors,
    };
  }

  /** The Istio objects by how they reach workloads, and their validations; or why they cannot be read. */
  private configReader(view: ClusterView): ConfigReader | { error: string } {
    const kinds: KubeKind[] = [
      ...CLUSTER_STATE_KINDS,
      ...SELECTOR_RESOURCES.map((r) => ISTIO_CACHE_KINDS[r]),
    ];
    try {
      assertUsable(aggregateStatus(view.statuses, [...new Set(kinds)]));
    } catch (err) {
      if (err instanceof AppError) return { error: `Istio config is unavailable: ${err.message}` };
      throw err;
    }
    const routing = ROUTING_RESOURCES.flatMap((r) =>
      view.objects[ISTIO_CACHE_KINDS[r]].map((o) => withTypeMeta(r, o) as IstioConfigObject),
    );
    const selecting = SELECTOR_RESOURCES.flatMap((r) =>
      view.objects[ISTIO_CACHE_KINDS[r]].map((o) => withTypeMeta(r, o) as IstioConfigObject),
    );
    const byService = serviceConfigIndex(
      routing,
      view.state.services,
      new Set(view.state.namespaces.map((n) => n.name)),
      view.state.mesh.clusterDomain,
    );
    const validations = new Map<IstioConfigObject, Validation[]>();
    let ctx: ReturnType<typeof validationContext> | undefined;
    return {
      applying: (w) => [
        ...selectedServices(view, w).flatMap((s) =>
          byService(s.namespace, s.name).map(({ object }) => ({ object, via: 'service' as const })),
        ),
        ...selectorConfigFor(w, selecting, view.state.mesh.rootNamespace).map((object) => ({
          object,
          via: 'selector' as const,
        })),
      ],
      validate: (o) => {
        const found = validations.get(o);
        if (found) return found;
        const made = validateObject(o, (ctx ??= validationContext(view.state)));
        validations.set(o, made);
        return made;
      },
    };
  }
}

function selectedServices(view: ClusterView, w: WorkloadInfo) {
  return view.state.services.filter(
    (s) => s.namespace === w.namespace && selectorMatches(s.selector, w.labels),
  );
}

const errorsOf = (errors: GraphError[]) => (errors.length ? { errors } : {});
