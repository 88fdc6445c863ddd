import {
  validationSeveritySchema,
  type ServiceConfigBadges,
  type ServiceDetails,
  type ServiceIstioConfig,
  type ServiceListItem,
  type ServiceWorkloads,
  type Validation,
  type ValidationSeverity,
} from '@sextant/contracts';
import {
  DEFAULT_HEALTH_CONFIG,
  inboundTraffic,
  routingSummary,
  selectedWorkloads,
  serviceHealth,
  serviceHealthQuery,
  serviceRates,
  serviceWarnings,
  toSamples,
  tolerancesFor,
  type HealthConfig,
  type RatesByCode,
  serviceConfigIndex,
  serviceSummary,
  serviceWorkloads,
  validateObject,
  validationContext,
  workloadVersions,
  type IstioConfigObject,
  type ServiceConfigMatch,
} from '@sextant/mesh';
import type { KubeKind } from '../clients/kube.client.ts';
import { aggregateStatus, assertUsable, CLUSTER_STATE_KINDS } from '../clients/kube.client.ts';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import { AppError, describeError, notFound } from '../errors.ts';
import type { ClusterStateSource, ClusterView } from './clusterState.service.ts';
import { ALL_NAMESPACES, type NamespaceScope } from '../auth/namespaceScope.ts';
import { withTypeMeta } from './istioObjects.ts';

/** What a Service and the workloads it selects are read from. */
const SERVICE_KINDS: readonly KubeKind[] = ['namespaces', 'services', 'deployments'];

type RoutingObject = IstioConfigObject & { kind: 'VirtualService' | 'DestinationRule' };
type Lookup = (namespace: string, name: string) => ServiceConfigMatch<RoutingObject>[];

/**
 * Services, the workloads behind them and the routing config that applies to them, from the watch
 * caches. The routing part is optional: a cluster without Istio's CRDs (or without the right to
 * read them) still lists its Services, and the answer says the config is missing instead of
 * claiming there is none.
 */
export class ServicesService {
  constructor(
    private readonly cluster: ClusterStateSource,
    private readonly metrics: MetricsClient,
    private readonly now: () => number,
    private readonly health: HealthConfig = DEFAULT_HEALTH_CONFIG,
  ) {}

  /**
   * The list with each Service's health and inbound traffic over `durationSeconds`, from one
   * Prometheus query for the namespace. When Prometheus fails, the rows still come, each health
   * NA with the reason in words and no traffic.
   */
  async listWithHealth(
    namespace: string,
    durationSeconds: number,
    scope: NamespaceScope = ALL_NAMESPACES,
  ): Promise<ServiceListItem[]> {
    const items = this.list(namespace, scope);
    let rates: Map<string, RatesByCode> | { error: string };
    try {
      const result = await this.metrics.query(
        serviceHealthQuery(namespace, durationSeconds),
        this.now() / 1000,
      );
      rates = serviceRates(toSamples(result));
    } catch (err) {
      rates = { error: `Request health is unavailable: ${describeError(err)}` };
    }
    const state = this.cluster.current(scope).state;
    const ns = state.namespaces.find((n) => n.name === namespace);
    return items.map((item) => {
      if (!(rates instanceof Map)) return { ...item, health: { status: 'NA', reasons: [rates.error] } };
      const service = state.services.find((s) => s.namespace === namespace && s.name === item.name);
      const { tolerances } = tolerancesFor([], service, ns, this.health.tolerances);
      const received = rates.get(item.name);
      return { ...item, health: serviceHealth(received, tolerances), traffic: inboundTraffic(received) };
    });
  }

  list(namespace: string, scope: NamespaceScope = ALL_NAMESPACES): ServiceListItem[] {
    const view = this.namespaceView(namespace, scope);
    const routing = this.routing(view);
    const validations = new Map<RoutingObject, Validation[]>();
    return view.state.services
      .filter((s) => s.namespace === namespace)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((service) => {
        const workloads = selectedWorkloads(view.state, service);
        const item: ServiceListItem = {
          ...serviceSummary(service),
          workloads: workloads.length,
          versions: workloadVersions(workloads),
          warnings: serviceWarnings(view.state, service),
        };
        if (!('error' in routing)) {
          const matches = routing.lookup(service.namespace, service.name);
          item.config = badges(matches, (o) => memo(validations, o, () => routing.validate(o)));
        }
        return item;
      });
  }

  details(namespace: string, name: string, scope: NamespaceScope = ALL_NAMESPACES): ServiceDetails {
    const view = this.namespaceView(namespace, scope);
    const service = view.state.services.find((s) => s.namespace === namespace && s.name === name);
    if (!service) throw notFound(`services "${name}" not found in namespace ${namespace}`);
    const workloads = selectedWorkloads(view.state, service);
    const routing = this.routing(view);
    const base = { service: serviceSummary(service), workloads, versions: workloadVersions(workloads) };
    if ('error' in routing) {
      return { ...base, istioConfig: [], errors: [{ source: 'kubernetes', message: routing.error }] };
    }
    return {
      ...base,
      istioConfig: routing.lookup(namespace, name).map(({ object, relation }): ServiceIstioConfig => ({
        kind: object.kind,
        name: object.metadata?.name ?? '',
        namespace: object.metadata?.namespace ?? '',
        relation,
        ...routingSummary(object),
        validations: routing.validate(object),
      })),
    };
  }

  workloads(namespace: string, name: string, scope: NamespaceScope = ALL_NAMESPACES): ServiceWorkloads {
    const result = serviceWorkloads(this.namespaceView(namespace, scope).state, namespace, name);
    if (!result) throw notFound(`services "${name}" not found in namespace ${namespace}`);
    return result;
  }

  /** Throws 503/403 while the caches cannot be read (an empty list would read as "no services"). */
  private namespaceView(namespace: string, scope: NamespaceScope): ClusterView {
    const view = this.cluster.current(scope);
    assertUsable(aggregateStatus(view.statuses, SERVICE_KINDS));
    if (!view.state.namespaces.some((n) => n.name === namespace)) {
      throw notFound(`namespaces "${namespace}" not found`);
    }
    return view;
  }

  /**
   * The VirtualServices and DestinationRules by the Services they concern, and their validations,
   * which read the whole cluster state (gateways, ServiceEntries, PeerAuthentications too); or why
   * they cannot be read.
   */
  private routing(
    view: ClusterView,
  ): { lookup: Lookup; validate: (o: RoutingObject) => Validation[] } | { error: string } {
    try {
      assertUsable(aggregateStatus(view.statuses, CLUSTER_STATE_KINDS));
    } catch (err) {
      if (err instanceof AppError) return { error: `Istio config is unavailable: ${err.message}` };
      throw err;
    }
    const objects: RoutingObject[] = [
      ...view.objects.virtualServices.map((o) => withTypeMeta('virtualservices', o) as RoutingObject),
      ...view.objects.destinationRules.map((o) => withTypeMeta('destinationrules', o) as RoutingObject),
    ];
    const lookup = serviceConfigIndex(
      objects,
      view.state.services,
      new Set(view.state.namespaces.map((n) => n.name)),
      view.state.mesh.clusterDomain,
    );
    let ctx: ReturnType<typeof validationContext> | undefined;
    return {
      lookup,
      validate: (o) => validateObject(o, (ctx ??= validationContext(view.state))),
    };
  }
}

function memo<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  const found = cache.get(key);
  if (found !== undefined) return found;
  const value = make();
  cache.set(key, value);
  return value;
}

const SEVERITY_ORDER: readonly ValidationSeverity[] = [...validationSeveritySchema.options];

function badges(
  matches: readonly ServiceConfigMatch<RoutingObject>[],
  validationsOf: (o: RoutingObject) => Validation[],
): ServiceConfigBadges {
  const severities = new Set(matches.flatMap((m) => validationsOf(m.object).map((v) => v.severity)));
  // validationSeveritySchema lists the severities worst first.
  const worstSeverity = SEVERITY_ORDER.find((s) => severities.has(s));
  return {
    hasVS: matches.some((m) => m.object.kind === 'VirtualService'),
    hasDR: matches.some((m) => m.object.kind === 'DestinationRule'),
    ...(worstSeverity ? { worstSeverity } : {}),
  };
}
