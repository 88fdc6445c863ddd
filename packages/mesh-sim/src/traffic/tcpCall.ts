import type { ConnectionSecurityPolicy } from '../metrics/istioMetrics.ts';
import type { Workload } from './cluster.ts';
import { formatFlags, type ResponseFlag } from './responseFlags.ts';
import type { TcpCallPlan } from './routePlan.ts';
import type { CallResult, SimContext } from './simContext.ts';
import { UNKNOWN_SERVICE, type ServiceRef } from './targets.ts';

/**
 * One TCP connection (opened, used for one exchange, closed) through the caller's proxy. There
 * are no retries or faults for TCP; a failure is a connection closed with a response flag.
 */
export function simulateTcpCall(ctx: SimContext, plan: TcpCallPlan, depth: number): CallResult {
  const received = ctx.size(plan.requestBytes);
  const target = plan.targets[ctx.rng.pickCumulative(plan.cumulative)];
  const reportSource = (
    service: ServiceRef,
    destination: Workload | undefined,
    flags: ResponseFlag[],
    security: ConnectionSecurityPolicy,
    sentBytes = 0,
    receivedBytes = 0,
  ) => {
    if (!plan.source.hasProxy) return;
    ctx.sink.tcp({
      reporter: 'source',
      source: plan.source.workload,
      service,
      destination,
      flags: formatFlags(flags),
      security,
      sentBytes,
      receivedBytes,
    });
  };
  const failed = (): CallResult => ({ code: 0, durationMs: ctx.hopMs() });

  if (!target) {
    reportSource(UNKNOWN_SERVICE, undefined, ['NR'], 'unknown');
    return failed();
  }
  switch (target.kind) {
    case 'unresolvable':
    case 'missingSubset':
      reportSource(target.service, undefined, ['NR'], 'unknown');
      return failed();
    case 'external': {
      const ext = ctx.table.externalBehavior(target.host);
      const durationMs = ctx.latency(ext.latency);
      reportSource(target.service, undefined, [], 'unknown', ctx.size(ext.responseBytes), received);
      return { code: 200, durationMs };
    }
    case 'pods':
      break;
  }
  if (target.endpoints.length === 0) {
    reportSource(target.service, undefined, ['UH'], 'unknown');
    return failed();
  }
  const endpoint = ctx.pickEndpoint(target.endpoints, target.cumulative);
  if (endpoint.security === 'refused') {
    reportSource(target.service, endpoint.workload, ['UF'], 'unknown');
    return failed();
  }
  const served = ctx.serve(endpoint.workload, depth + 1);
  const mtls = endpoint.security === 'mutual_tls';
  reportSource(
    target.service,
    endpoint.workload,
    [],
    mtls ? 'mutual_tls' : 'unknown',
    served.responseBytes,
    received,
  );
  if (endpoint.workload.hasSidecar) {
    ctx.sink.tcp({
      reporter: 'destination',
      // TCP metadata exchange rides on the mTLS handshake (ALPN): without mTLS the server cannot name its peer.
      source: mtls && plan.source.hasProxy ? plan.source.workload : undefined,
      service: target.service,
      destination: endpoint.workload,
      flags: '-',
      security: mtls ? 'mutual_tls' : 'none',
      sentBytes: served.responseBytes,
      receivedBytes: received,
    });
  }
  return { code: served.code, durationMs: served.latencyMs + ctx.hopMs() };
}
