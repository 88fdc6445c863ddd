import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import type { ClusterState } from '../cluster/clusterState.ts';
import { serviceWorkloads } from '../cluster/serviceWorkloads.ts';
import { workloadVersions } from '../istio/serviceConfig.ts';
import type { IstioConfigObject } from '../validation/context.ts';
import type { StringMatchKind } from './virtualServiceForm.ts';
import { distribute, evenWeights } from './weights.ts';

/**
 * Kiali-like wizards: a VirtualService (named and hosted like the service) plus, when the service
 * is split into subsets, the DestinationRule defining them. The objects are new; to change
 * existing ones, edit them through the forms so nothing else they carry is lost.
 */

export interface WizardSubset {
  name: string;
  labels: Record<string, string>;
  /** Share of traffic; subsets without one split what the others leave evenly. */
  weight?: number;
}

export interface WizardTarget {
  service: string;
  namespace: string;
  /** Empty: route to the service as a whole, and generate no DestinationRule. */
  subsets: readonly WizardSubset[];
}

export interface GeneratedConfig {
  virtualService: IVirtualService;
  destinationRule?: IDestinationRule;
}

type HttpRoute = NonNullable<NonNullable<IVirtualService['spec']>['http']>[number];
type RouteDestination = NonNullable<HttpRoute['route']>[number];

/** Subsets of a Service from its workloads' `version` labels, weights split evenly, sorted by name. */
export function serviceSubsets(cluster: ClusterState, namespace: string, service: string): WizardSubset[] {
  const names = workloadVersions(serviceWorkloads(cluster, namespace, service)?.workloads ?? []);
  const weights = evenWeights(names.length);
  return names.map((name, i) => ({ name, labels: { version: name }, weight: weights[i]! }));
}

/** Weighted routing across the subsets. */
export function generateTrafficShift(target: WizardTarget): GeneratedConfig {
  return generate(target, [{ route: weightedRoute(target) }]);
}

export interface HeaderRouteOptions extends WizardTarget {
  header: { name: string; kind: StringMatchKind; value: string };
  /** The subset requests with the header go to; the rest follow the subsets' weights. */
  subset: string;
}

/** Requests carrying a header to one subset, everything else by weight. */
export function generateHeaderRoute(options: HeaderRouteOptions): GeneratedConfig {
  const { header } = options;
  return generate(options, [
    {
      match: [
        { headers: { [header.name.toLowerCase()]: { [header.kind]: header.value } as { exact: string } } },
      ],
      route: [{ destination: { host: options.service, subset: options.subset } }],
    },
    { route: weightedRoute(options) },
  ]);
}

export interface FaultInjectionOptions extends WizardTarget {
  delay?: { percentage: number; fixedDelay: string };
  abort?: { percentage: number; httpStatus: number };
}

export function generateFaultInjection(options: FaultInjectionOptions): GeneratedConfig {
  const fault: NonNullable<HttpRoute['fault']> = {};
  if (options.delay) {
    fault.delay = { percentage: { value: options.delay.percentage }, fixedDelay: options.delay.fixedDelay };
  }
  if (options.abort) {
    fault.abort = { percentage: { value: options.abort.percentage }, httpStatus: options.abort.httpStatus };
  }
  return generate(options, [{ fault, route: weightedRoute(options) }]);
}

export interface RequestTimeoutOptions extends WizardTarget {
  timeout: string;
  retries?: { attempts: number; perTryTimeout?: string; retryOn?: string };
}

export function generateRequestTimeout(options: RequestTimeoutOptions): GeneratedConfig {
  const rule: HttpRoute = { route: weightedRoute(options), timeout: options.timeout };
  if (options.retries) rule.retries = { ...options.retries };
  return generate(options, [rule]);
}

/**
 * Destinations for the subsets: explicit weights kept, the rest of 100 split evenly among subsets
 * without one. A subset at 0 gets no destination (it still has its subset in the
 * DestinationRule); one destination left needs no weight.
 */
function weightedRoute(target: WizardTarget): RouteDestination[] {
  const { service, subsets } = target;
  if (subsets.length === 0) return [{ destination: { host: service } }];
  if (subsets.length === 1) return [{ destination: { host: service, subset: subsets[0]!.name } }];
  const fixed = subsets.reduce((sum, s) => sum + (s.weight ?? 0), 0);
  const open = subsets.filter((s) => s.weight === undefined).length;
  const shares = distribute(
    Math.max(0, 100 - fixed),
    Array.from({ length: open }, () => 1),
  );
  let k = 0;
  const weighted = subsets.map((s) => ({ subset: s.name, weight: s.weight ?? shares[k++]! }));
  const used = weighted.filter((w) => w.weight !== 0);
  // All at 0 is a bad sum the form reports; write it as it is rather than guess.
  const list = used.length === 0 ? weighted : used;
  if (list.length === 1) return [{ destination: { host: service, subset: list[0]!.subset } }];
  return list.map((w) => ({ destination: { host: service, subset: w.subset }, weight: w.weight }));
}

function generate(target: WizardTarget, http: HttpRoute[]): GeneratedConfig {
  const metadata = { name: target.service, namespace: target.namespace };
  const virtualService: IVirtualService = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata,
    spec: { hosts: [target.service], http },
  };
  if (target.subsets.length === 0) return { virtualService };
  return {
    virtualService,
    destinationRule: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { ...metadata },
      spec: {
        host: target.service,
        subsets: target.subsets.map((s) => ({ name: s.name, labels: { ...s.labels } })),
      },
    },
  };
}

/**
 * What a wizard does about the DestinationRule its subsets need, given the namespace's rules:
 * `create` one (none is there for the service), `reuse` the one that defines every subset already
 * (then only the VirtualService is created), or `blocked`: a rule for the service lacks subsets,
 * or one with the wizard's name is there for another host. Creating a second rule for the same
 * host would leave Istio to pick one of them, so the wizard sends the user to edit it instead.
 */
export type DestinationRulePlan =
  | { action: 'create' }
  | { action: 'reuse'; name: string }
  | { action: 'blocked'; name: string; missing: string[] };

export function planDestinationRule(
  rules: readonly IstioConfigObject[],
  target: WizardTarget,
  clusterDomain = 'cluster.local',
): DestinationRulePlan {
  if (target.subsets.length === 0) return { action: 'create' };
  const own = new Set(
    [
      target.service,
      `${target.service}.${target.namespace}`,
      `${target.service}.${target.namespace}.svc`,
      `${target.service}.${target.namespace}.svc.${clusterDomain}`,
    ].map((h) => h.toLowerCase()),
  );
  const inNamespace = rules.filter(
    (r) => r.kind === 'DestinationRule' && (r.metadata?.namespace ?? target.namespace) === target.namespace,
  );
  const hostOf = (r: IstioConfigObject) => {
    const host = (r.spec as { host?: unknown } | undefined)?.host;
    return typeof host === 'string' ? host.trim().toLowerCase().replace(/\.$/, '') : '';
  };
  const forService = inNamespace.find((r) => own.has(hostOf(r)));
  if (forService) {
    const defined = new Set(
      ((forService.spec as { subsets?: unknown } | undefined)?.subsets as unknown[] | undefined)
        ?.map((s) => (s as { name?: unknown } | null)?.name)
        .filter((n): n is string => typeof n === 'string') ?? [],
    );
    const name = forService.metadata?.name ?? target.service;
    const missing = target.subsets.map((s) => s.name).filter((n) => !defined.has(n));
    return missing.length === 0 ? { action: 'reuse', name } : { action: 'blocked', name, missing };
  }
  const sameName = inNamespace.find((r) => r.metadata?.name === target.service);
  return sameName ? { action: 'blocked', name: target.service, missing: [] } : { action: 'create' };
}
