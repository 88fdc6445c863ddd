import type { ConnectionSecurityPolicy } from '../metrics/istioMetrics.ts';
import type { Workload } from './cluster.ts';
import { formatFlags, type ResponseFlag } from './responseFlags.ts';
import { isRetriable, type AttemptFailure } from './retryPolicy.ts';
import type { HttpCallPlan, HttpRoutePlan } from './routePlan.ts';
import { reportedStatus, type CallResult, type SimContext } from './simContext.ts';
import { UNKNOWN_SERVICE, type Endpoint, type ServiceRef, type Target } from './targets.ts';

type Route = Extract<HttpRoutePlan, { kind: 'route' }>;

/** Envoy's default retry back-off base interval. */
const RETRY_BASE_MS = 25;

/** Bodies of Envoy's local replies, for istio_response_bytes. */
const LOCAL_REPLY_BYTES = { UH: 19, UF: 91, UT: 24, FI: 18, NR: 0 } as const;

/** How the router's work on one request ended, as the source proxy reports it. */
interface RouterOutcome {
  code: number;
  /** The server's non-OK gRPC status, when it sent one. */
  grpcStatus?: string;
  /** The proxy answered itself (Envoy sends these to gRPC callers as trailers-only HTTP 200s). */
  local: boolean;
  flags: ResponseFlag[];
  elapsedMs: number;
  responseBytes: number;
  endpoint: Endpoint | undefined;
}

/** What a proxy reports about one request, minus what the plan already says. */
interface Report {
  service: ServiceRef;
  destination: Workload | undefined;
  code: number;
  grpcStatus?: string;
  local: boolean;
  flags: string;
  security: ConnectionSecurityPolicy;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
}

function reportSource(ctx: SimContext, plan: HttpCallPlan, r: Report): void {
  if (!plan.source.hasProxy) return;
  const { grpcStatus, local, ...rest } = r;
  ctx.sink.http({
    reporter: 'source',
    source: plan.source.workload,
    protocol: plan.protocol,
    ...rest,
    ...reportedStatus(plan.protocol, r.code, grpcStatus, local),
  });
}

/** The server's proxy report; none when the destination pod has no sidecar. */
function reportDestination(
  ctx: SimContext,
  plan: HttpCallPlan,
  endpoint: Endpoint,
  r: Omit<Report, 'destination' | 'security' | 'local'>,
): void {
  if (!endpoint.workload.hasSidecar) return;
  const { grpcStatus, ...rest } = r;
  ctx.sink.http({
    reporter: 'destination',
    // HTTP metadata exchange travels in headers, so the server knows a meshed caller even over plaintext.
    source: plan.source.hasProxy ? plan.source.workload : undefined,
    destination: endpoint.workload,
    security: endpoint.security === 'mutual_tls' ? 'mutual_tls' : 'none',
    protocol: plan.protocol,
    ...rest,
    ...reportedStatus(plan.protocol, r.code, grpcStatus, false),
  });
}

/** A reply the source proxy makes itself (no route, fault abort, direct response). */
function localReply(
  ctx: SimContext,
  plan: HttpCallPlan,
  service: ServiceRef,
  code: number,
  flags: ResponseFlag[],
  durationMs: number,
  requestBytes: number,
  responseBytes: number,
): CallResult {
  reportSource(ctx, plan, {
    service,
    destination: undefined,
    code,
    local: true,
    flags: formatFlags(flags),
    security: 'unknown',
    durationMs,
    requestBytes,
    responseBytes,
  });
  return { code, durationMs };
}

/**
 * One HTTP/gRPC request through the caller's proxy: route selection, the fault filter, mirroring,
 * then the router's attempts. Each proxy on the way reports what it saw.
 */
export function simulateHttpCall(ctx: SimContext, plan: HttpCallPlan, depth: number): CallResult {
  const rng = ctx.rng;
  const route = plan.routes[plan.routes.length === 1 ? 0 : rng.pickCumulative(plan.classCumulative)]!;
  const requestBytes = ctx.size(plan.requestBytes);

  if (route.kind !== 'route') {
    const noRoute = route.kind === 'noRoute';
    return localReply(
      ctx,
      plan,
      route.service,
      noRoute ? 404 : route.status,
      noRoute ? ['NR'] : [],
      ctx.hopMs(),
      requestBytes,
      0,
    );
  }
  const target = route.targets[route.targets.length === 1 ? 0 : rng.pickCumulative(route.cumulative)];
  if (!target) return localReply(ctx, plan, UNKNOWN_SERVICE, 404, ['NR'], ctx.hopMs(), requestBytes, 0);

  // The fault filter runs before the router: an abort never reaches an upstream, is not retried
  // and is not mirrored; a delay is not counted against the route timeout.
  const flags: ResponseFlag[] = [];
  let delayMs = 0;
  if (route.fault) {
    if (rng.chance(route.fault.delayProbability)) {
      delayMs = route.fault.delayMs;
      flags.push('DI');
    }
    if (rng.chance(route.fault.abortProbability)) {
      flags.push('FI');
      const durationMs = delayMs + ctx.hopMs();
      return localReply(
        ctx,
        plan,
        target.service,
        route.fault.abortStatus,
        flags,
        durationMs,
        requestBytes,
        LOCAL_REPLY_BYTES.FI,
      );
    }
  }
  for (const m of route.mirrors) {
    if (rng.chance(m.probability)) mirror(ctx, plan, m.target, depth, requestBytes);
  }

  const outcome = routeRequest(ctx, plan, route, target, depth, requestBytes);
  if (!outcome) return { code: 0, durationMs: delayMs };
  const durationMs = delayMs + outcome.elapsedMs;
  const endpoint = outcome.endpoint;
  reportSource(ctx, plan, {
    service: target.service,
    destination: endpoint?.workload,
    code: outcome.code,
    ...(outcome.grpcStatus !== undefined ? { grpcStatus: outcome.grpcStatus } : {}),
    local: outcome.local,
    flags: formatFlags([...flags, ...outcome.flags]),
    // The client proxy only knows the connection was Istio mTLS when it got one established.
    security: endpoint?.security === 'mutual_tls' && !outcome.flags.includes('UF') ? 'mutual_tls' : 'unknown',
    durationMs,
    requestBytes,
    responseBytes: outcome.responseBytes,
  });
  return {
    code: outcome.code,
    ...(outcome.grpcStatus !== undefined ? { grpcStatus: outcome.grpcStatus } : {}),
    durationMs,
  };
}

function local(
  code: number,
  flag: keyof typeof LOCAL_REPLY_BYTES,
  elapsedMs: number,
  endpoint?: Endpoint,
): RouterOutcome {
  return { code, local: true, flags: [flag], elapsedMs, responseBytes: LOCAL_REPLY_BYTES[flag], endpoint };
}

/**
 * The router: picks endpoints, connects, applies per-try and route timeouts and retries.
 * Undefined when nothing at all happens on the wire (an unmeshed app failing to resolve a host).
 */
function routeRequest(
  ctx: SimContext,
  plan: HttpCallPlan,
  route: Route,
  target: Target,
  depth: number,
  requestBytes: number,
): RouterOutcome | undefined {
  const rng = ctx.rng;
  switch (target.kind) {
    case 'unresolvable':
      return plan.source.hasProxy ? local(503, 'NR', ctx.hopMs()) : undefined;
    case 'missingSubset':
      return local(503, 'NR', ctx.hopMs());
    case 'external': {
      const ext = ctx.table.externalBehavior(target.host);
      return {
        code: rng.chance(ext.errorRate) ? 503 : 200,
        local: false,
        flags: [],
        elapsedMs: ctx.latency(ext.latency) + ctx.hopMs(),
        responseBytes: ctx.size(ext.responseBytes),
        endpoint: undefined,
      };
    }
    case 'pods':
      break;
  }
  if (target.endpoints.length === 0) return local(503, 'UH', ctx.hopMs());

  const policy = route.retry;
  const maxAttempts = 1 + policy.attempts;
  const deadline = route.timeoutMs ?? Infinity;
  let elapsed = 0;
  for (let attempt = 1; ; attempt++) {
    const endpoint = ctx.pickEndpoint(target.endpoints, target.cumulative);
    const budget = Math.min(policy.perTryTimeoutMs ?? Infinity, deadline - elapsed);
    let failure: AttemptFailure | undefined;
    let result: Omit<RouterOutcome, 'elapsedMs'>;
    if (endpoint.security === 'refused') {
      // The server side rejects the TLS mode: the destination never sees a request.
      elapsed += Math.min(budget, 0.5 + rng.next());
      failure = { kind: 'connect' };
      result = { code: 503, local: true, flags: ['UF'], responseBytes: LOCAL_REPLY_BYTES.UF, endpoint };
    } else {
      const served = ctx.serve(endpoint.workload, depth + 1, plan.protocol);
      const roundTrip = served.latencyMs + ctx.hopMs();
      const service = target.service;
      if (roundTrip > budget) {
        // The caller gives up and resets the stream; the server's proxy logs a downstream disconnect.
        reportDestination(ctx, plan, endpoint, {
          service,
          code: 0,
          flags: 'DC',
          durationMs: budget,
          requestBytes,
          responseBytes: 0,
        });
        elapsed += budget;
        failure = { kind: 'timeout' };
        result = { code: 504, local: true, flags: ['UT'], responseBytes: LOCAL_REPLY_BYTES.UT, endpoint };
      } else {
        const { code, grpcStatus, latencyMs, responseBytes } = served;
        const status = grpcStatus !== undefined ? { grpcStatus } : {};
        reportDestination(ctx, plan, endpoint, {
          service,
          code,
          ...status,
          flags: '-',
          durationMs: latencyMs,
          requestBytes,
          responseBytes,
        });
        elapsed += roundTrip;
        failure =
          grpcStatus !== undefined
            ? { kind: 'grpc', status: Number(grpcStatus) }
            : code >= 500 || policy.statusCodes.has(code)
              ? { kind: 'status', code }
              : undefined;
        result = { code, ...status, local: false, flags: [], responseBytes, endpoint };
      }
    }
    if (elapsed >= deadline) return local(504, 'UT', deadline, endpoint);
    if (!failure || !isRetriable(policy, failure)) return { ...result, elapsedMs: elapsed };
    if (attempt >= maxAttempts) {
      return {
        ...result,
        flags: maxAttempts > 1 ? [...result.flags, 'URX'] : result.flags,
        elapsedMs: elapsed,
      };
    }
    // Envoy's jittered exponential back-off between attempts.
    elapsed += rng.next() * RETRY_BASE_MS * 2 ** (attempt - 1);
    if (elapsed >= deadline) return local(504, 'UT', deadline, endpoint);
  }
}

/** Shadow traffic: the mirror's destination serves and reports it; its response is dropped. */
function mirror(
  ctx: SimContext,
  plan: HttpCallPlan,
  target: Target,
  depth: number,
  requestBytes: number,
): void {
  if (target.kind !== 'pods' || target.endpoints.length === 0) return;
  const endpoint = ctx.pickEndpoint(target.endpoints, target.cumulative);
  if (endpoint.security === 'refused') return;
  const { code, grpcStatus, latencyMs, responseBytes } = ctx.serve(
    endpoint.workload,
    depth + 1,
    plan.protocol,
  );
  reportDestination(ctx, plan, endpoint, {
    service: target.service,
    code,
    ...(grpcStatus !== undefined ? { grpcStatus } : {}),
    flags: '-',
    durationMs: latencyMs,
    requestBytes,
    responseBytes,
  });
}
