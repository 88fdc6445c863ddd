import type { ClusterView, ConfigEntry, Protocol, VirtualServiceSpec, Workload } from './cluster.ts';
import { selectorMatches } from './cluster.ts';
import { parseDurationMs } from './duration.ts';
import { hostMatches, qualifyConfigHost } from './hosts.ts';
import type { CallSpec, RequestClass, SizeSpec } from './model.ts';
import { cumulativeWeights } from './prng.ts';
import { DEFAULT_RETRY_POLICY, NO_RETRIES, retryPolicyOf, type RetryPolicy } from './retryPolicy.ts';
import {
  resolveHost,
  serviceRefOf,
  UNKNOWN_SERVICE,
  type ResolvedHost,
  type ServiceRef,
  type SourceInfo,
  type Target,
  type TargetResolver,
} from './targets.ts';
import {
  firstMatchingHttpRoute,
  firstMatchingTcpRoute,
  selectVirtualService,
  type HttpRoute,
  type RequestAttributes,
  type RouteContext,
} from './virtualService.ts';

export interface Fault {
  delayProbability: number;
  delayMs: number;
  abortProbability: number;
  abortStatus: number;
}

export interface Mirror {
  target: Target;
  probability: number;
}

export type HttpRoutePlan =
  | {
      kind: 'route';
      targets: Target[];
      cumulative: number[];
      fault: Fault | undefined;
      timeoutMs: number | undefined;
      retry: RetryPolicy;
      mirrors: Mirror[];
    }
  /** A VirtualService exists but no route matches (or a gateway has no VirtualService): 404 NR. */
  | { kind: 'noRoute'; service: ServiceRef }
  /** `directResponse` or `redirect`: the proxy answers itself. */
  | { kind: 'local'; service: ServiceRef; status: number };

export interface HttpCallPlan {
  protocol: 'http' | 'grpc';
  source: SourceInfo;
  port: number;
  requestBytes: SizeSpec;
  /** One route plan per request class of the call, chosen with `classCumulative`. */
  classCumulative: number[];
  routes: HttpRoutePlan[];
  propagateErrors: number;
}

export interface TcpCallPlan {
  protocol: 'tcp';
  source: SourceInfo;
  port: number;
  requestBytes: SizeSpec;
  /** Empty when a VirtualService has tcp routes but none matches (the connection is closed). */
  targets: Target[];
  cumulative: number[];
  propagateErrors: number;
}

/** No listener accepts the request at all (a gateway without a Gateway for the port): nothing is reported. */
export interface RefusedCallPlan {
  protocol: 'refused';
}

export type CallPlan = HttpCallPlan | TcpCallPlan | RefusedCallPlan;

const DEFAULT_REQUEST_BYTES: SizeSpec = { min: 200, max: 800 };
const DEFAULT_CLASSES: RequestClass[] = [{ weight: 1 }];

function percentOf(p: { value?: number } | undefined, legacy: number | undefined): number {
  // Istio: no percentage means every request.
  const v = p?.value ?? legacy ?? 100;
  return Math.min(1, Math.max(0, v / 100));
}

function faultOf(route: HttpRoute): Fault | undefined {
  const f = route.fault;
  if (!f) return undefined;
  const delay = f.delay as
    { fixedDelay?: string; percentage?: { value?: number }; percent?: number } | undefined;
  const abort = f.abort as
    { httpStatus?: number; grpcStatus?: string; percentage?: { value?: number } } | undefined;
  const delayMs = parseDurationMs(delay?.fixedDelay);
  return {
    delayProbability: delay && delayMs !== undefined ? percentOf(delay.percentage, delay.percent) : 0,
    delayMs: delayMs ?? 0,
    abortProbability:
      abort?.httpStatus !== undefined || abort?.grpcStatus !== undefined
        ? percentOf(abort.percentage, undefined)
        : 0,
    abortStatus: abort?.httpStatus ?? 503,
  };
}

function requestAttributes(klass: RequestClass, authority: string): RequestAttributes {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(klass.headers ?? {})) headers[k.toLowerCase()] = v;
  return { method: klass.method ?? 'GET', path: klass.path ?? '/', headers, authority };
}

interface DestinationView {
  host: string;
  subset?: string;
  port?: { number?: number };
}

/** Compiles the caller's view of one call (or of a gateway's external requests) into a plan. */
export class PlanCompiler {
  constructor(
    private readonly view: ClusterView,
    private readonly targets: TargetResolver,
  ) {}

  /** A call an application makes to `call.host` from `source`, through its sidecar if it has one. */
  meshCall(source: SourceInfo, call: CallSpec): CallPlan {
    const resolved = resolveHost(this.view, call.host, source.workload.namespace);
    const host = resolvedHostName(resolved);
    const protocol = this.protocolOf(resolved, call);
    const ctx: RouteContext = {
      gatewayKeys: undefined,
      port: call.port,
      sourceLabels: source.workload.labels,
      sourceNamespace: source.workload.namespace,
    };
    const vs = source.hasProxy ? selectVirtualService(this.view.virtualServices, host, ctx) : undefined;
    const fallbackService = resolved.kind === 'service' ? serviceRefOf(resolved.service) : UNKNOWN_SERVICE;

    if (protocol === 'tcp') {
      let targets: Target[];
      let weights: number[];
      const tcpRoutes = vs?.spec.tcp ?? [];
      if (vs && tcpRoutes.length > 0) {
        const index = firstMatchingTcpRoute(tcpRoutes, ctx, vs.namespace);
        const dests = index < 0 ? [] : (tcpRoutes[index]!.route ?? []);
        targets = dests.map((d) =>
          this.configTarget(source, d.destination as DestinationView, vs.namespace, call.port, 'tcp'),
        );
        weights = routeWeights(dests.map((d) => d.weight));
      } else {
        targets = [this.targets.target(source, resolved, undefined, call.port, 'tcp')];
        weights = [1];
      }
      return {
        protocol: 'tcp',
        source,
        port: call.port,
        requestBytes: call.requestBytes ?? DEFAULT_REQUEST_BYTES,
        targets,
        cumulative: cumulativeWeights(weights),
        propagateErrors: call.propagateErrors ?? 0,
      };
    }

    const classes = call.classes ?? DEFAULT_CLASSES;
    const routes = classes.map((klass): HttpRoutePlan => {
      if (!vs) {
        return {
          kind: 'route',
          targets: [this.targets.target(source, resolved, undefined, call.port, protocol)],
          cumulative: [1],
          fault: undefined,
          timeoutMs: undefined,
          retry: source.hasProxy ? DEFAULT_RETRY_POLICY : NO_RETRIES,
          mirrors: [],
        };
      }
      return this.httpRoute(
        source,
        vs,
        requestAttributes(klass, call.host),
        ctx,
        call.port,
        protocol,
        fallbackService,
      );
    });
    return this.httpPlan(source, call, protocol, classes, routes);
  }

  /**
   * External requests arriving at a gateway workload on `call.port` with authority `call.host`:
   * Gateways selecting the workload open the listener, VirtualServices bound to them route it.
   */
  gatewayCall(source: SourceInfo, call: CallSpec): CallPlan {
    const ports = this.gatewayPorts(source.workload, call.port);
    const gatewayKeys = this.view.gateways
      .filter((g) => {
        const selector = g.spec.selector ?? {};
        if (!selectorMatches(selector, source.workload.labels)) return false;
        return (g.spec.servers ?? []).some(
          (s) =>
            ports.has(s.port?.number ?? -1) &&
            (s.hosts ?? []).some((h) =>
              hostMatches(h.includes('/') ? h.slice(h.indexOf('/') + 1) : h, call.host.toLowerCase()),
            ),
        );
      })
      .map((g) => `${g.namespace}/${g.name}`);
    if (gatewayKeys.length === 0) return { protocol: 'refused' };
    const ctx: RouteContext = {
      gatewayKeys,
      port: call.port,
      sourceLabels: source.workload.labels,
      sourceNamespace: source.workload.namespace,
    };
    const vs = selectVirtualService(this.view.virtualServices, call.host.toLowerCase(), ctx);
    const classes = call.classes ?? DEFAULT_CLASSES;
    const protocol = call.protocol === 'grpc' ? 'grpc' : 'http';
    const routes = classes.map((klass): HttpRoutePlan =>
      vs
        ? this.httpRoute(
            source,
            vs,
            requestAttributes(klass, call.host),
            ctx,
            call.port,
            protocol,
            UNKNOWN_SERVICE,
          )
        : { kind: 'noRoute', service: UNKNOWN_SERVICE },
    );
    return this.httpPlan(source, call, protocol, classes, routes);
  }

  /**
   * Ports a Gateway server may name for a listener on `podPort`: the pod port itself and any
   * service port targeting it (Gateways are often written with the service's 80 for the pod's 8080).
   */
  private gatewayPorts(workload: Workload, podPort: number): Set<number> {
    const ports = new Set([podPort]);
    for (const svc of this.view.services.values()) {
      if (svc.namespace !== workload.namespace || !svc.pods.some((p) => p.workload === workload)) continue;
      for (const p of svc.ports) if (p.targetPort === podPort) ports.add(p.port);
    }
    return ports;
  }

  private httpPlan(
    source: SourceInfo,
    call: CallSpec,
    protocol: 'http' | 'grpc',
    classes: RequestClass[],
    routes: HttpRoutePlan[],
  ): HttpCallPlan {
    return {
      protocol,
      source,
      port: call.port,
      requestBytes: call.requestBytes ?? DEFAULT_REQUEST_BYTES,
      classCumulative: cumulativeWeights(classes.map((c) => c.weight)),
      routes,
      propagateErrors: call.propagateErrors ?? 0,
    };
  }

  private protocolOf(resolved: ResolvedHost, call: CallSpec): Protocol {
    if (resolved.kind === 'service') {
      const port = resolved.service.ports.find((p) => p.port === call.port);
      if (port?.protocol) return port.protocol;
    }
    if (resolved.kind === 'external') {
      const port = resolved.external.ports.find((p) => p.number === call.port);
      if (port?.protocol) return port.protocol;
    }
    return call.protocol ?? 'http';
  }

  private httpRoute(
    source: SourceInfo,
    vs: ConfigEntry<VirtualServiceSpec>,
    attrs: RequestAttributes,
    ctx: RouteContext,
    port: number,
    protocol: Protocol,
    fallbackService: ServiceRef,
  ): HttpRoutePlan {
    const routes = vs.spec.http ?? [];
    const index = firstMatchingHttpRoute(routes, attrs, ctx, vs.namespace);
    if (index < 0) return { kind: 'noRoute', service: fallbackService };
    const route = routes[index]!;
    if (route.directResponse)
      return { kind: 'local', service: fallbackService, status: route.directResponse.status };
    if (route.redirect)
      return { kind: 'local', service: fallbackService, status: route.redirect.redirectCode ?? 301 };
    const dests = route.route ?? [];
    const targets = dests.map((d) =>
      this.configTarget(source, d.destination as DestinationView, vs.namespace, port, protocol),
    );
    const mirrors: Mirror[] = [];
    if (route.mirror) {
      mirrors.push({
        target: this.configTarget(source, route.mirror as DestinationView, vs.namespace, port, protocol),
        probability: percentOf(route.mirrorPercentage, undefined),
      });
    }
    for (const m of route.mirrors ?? []) {
      mirrors.push({
        target: this.configTarget(source, m.destination as DestinationView, vs.namespace, port, protocol),
        probability: percentOf(m.percentage, undefined),
      });
    }
    return {
      kind: 'route',
      targets,
      cumulative: cumulativeWeights(routeWeights(dests.map((d) => d.weight))),
      fault: faultOf(route),
      timeoutMs: nonZero(parseDurationMs(route.timeout)),
      retry: retryPolicyOf(route),
      mirrors,
    };
  }

  /** A destination written in config: its host is relative to the config's namespace. */
  private configTarget(
    source: SourceInfo,
    d: DestinationView,
    configNamespace: string,
    port: number,
    protocol: Protocol,
  ): Target {
    const resolved = resolveHost(this.view, qualifyConfigHost(d.host, configNamespace), undefined);
    return this.targets.target(source, resolved, d.subset, d.port?.number ?? port, protocol);
  }
}

function nonZero(ms: number | undefined): number | undefined {
  return ms === undefined || ms <= 0 ? undefined : ms;
}

/** Route weights as Istio reads them: one destination gets 100; missing weights are 0 unless all are missing. */
export function routeWeights(weights: ReadonlyArray<number | undefined>): number[] {
  if (weights.length === 1) return [1];
  if (weights.every((w) => w === undefined)) return weights.map(() => 1);
  return weights.map((w) => w ?? 0);
}

function resolvedHostName(r: ResolvedHost): string {
  return r.kind === 'service' ? r.service.fqdn : r.host;
}

export function sourceInfo(workload: Workload, isGateway = false): SourceInfo {
  return { workload, hasProxy: isGateway || workload.hasSidecar };
}
