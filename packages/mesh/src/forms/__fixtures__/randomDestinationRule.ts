import type { IstioConfigObject } from '../../validation/context.ts';
import { rng } from './random.ts';

type Rng = ReturnType<typeof rng>;

/** A field of a future Istio version (or a value of a type the form cannot show), sometimes. */
function unknownField(r: Rng): Record<string, unknown> {
  return r.maybe(0.3)
    ? { [`future${r.int(1, 9)}`]: r.pick([1, 'x', true, null, { deep: [r.int(0, 9)] }, []]) }
    : {};
}

function loadBalancer(r: Rng): Record<string, unknown> {
  return {
    ...r.pick([
      { simple: r.pick(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'FUTURE_ALGO']) },
      { consistentHash: r.pick([{ httpHeaderName: 'x-user' }, { useSourceIp: true }]) },
      {},
    ]),
    ...(r.maybe(0.3) ? { localityLbSetting: { enabled: r.maybe() } } : {}),
    ...unknownField(r),
  };
}

function connectionPool(r: Rng): Record<string, unknown> {
  return {
    ...(r.maybe(0.7)
      ? {
          tcp: {
            ...(r.maybe() ? { maxConnections: r.int(1, 1000) } : {}),
            ...(r.maybe(0.3) ? { connectTimeout: `${r.int(1, 99)}ms` } : {}),
            ...(r.maybe(0.2) ? { tcpKeepalive: { time: '7200s' } } : {}),
          },
        }
      : {}),
    ...(r.maybe(0.7)
      ? {
          http: {
            ...(r.maybe() ? { http1MaxPendingRequests: r.int(1, 100) } : {}),
            ...(r.maybe() ? { http2MaxRequests: r.int(1, 1000) } : {}),
            ...(r.maybe() ? { maxRequestsPerConnection: r.int(1, 10) } : {}),
            ...(r.maybe(0.3) ? { idleTimeout: '1h' } : {}),
            ...unknownField(r),
          },
        }
      : {}),
  };
}

function outlierDetection(r: Rng): Record<string, unknown> {
  return {
    ...(r.maybe() ? { consecutive5xxErrors: r.int(1, 10) } : {}),
    ...(r.maybe() ? { interval: `${r.int(1, 60)}s` } : {}),
    ...(r.maybe() ? { baseEjectionTime: `${r.int(1, 15)}m` } : {}),
    ...(r.maybe() ? { maxEjectionPercent: r.int(0, 100) } : {}),
    ...(r.maybe(0.3) ? { consecutiveGatewayErrors: r.int(1, 5) } : {}),
    ...(r.maybe(0.2) ? { splitExternalLocalOriginErrors: true } : {}),
  };
}

function trafficPolicy(r: Rng): Record<string, unknown> {
  return {
    ...(r.maybe(0.5) ? { loadBalancer: loadBalancer(r) } : {}),
    ...(r.maybe(0.5) ? { connectionPool: connectionPool(r) } : {}),
    ...(r.maybe(0.5) ? { outlierDetection: outlierDetection(r) } : {}),
    ...(r.maybe(0.4)
      ? {
          tls: {
            mode: r.pick(['ISTIO_MUTUAL', 'SIMPLE', 'DISABLE', 'FUTURE_MODE']),
            ...(r.maybe(0.3) ? { sni: 'a.example' } : {}),
          },
        }
      : {}),
    ...(r.maybe(0.2)
      ? { portLevelSettings: [{ port: { number: 9080 }, loadBalancer: { simple: 'RANDOM' } }] }
      : {}),
    ...(r.maybe(0.1) ? { tunnel: { protocol: 'CONNECT', targetHost: 'h', targetPort: 8080 } } : {}),
    ...unknownField(r),
  };
}

function subset(r: Rng, i: number): unknown {
  if (r.maybe(0.05)) return r.pick(['not-an-object', null, 7]);
  return {
    ...(r.maybe(0.9) ? { name: `v${i + 1}` } : {}),
    ...(r.maybe(0.9)
      ? {
          labels: {
            version: `v${i + 1}`,
            ...(r.maybe(0.3) ? { track: r.pick(['stable', 'canary']) } : {}),
            ...(r.maybe(0.1) ? { weird: r.pick([3, true]) } : {}),
          },
        }
      : {}),
    ...(r.maybe(0.4) ? { trafficPolicy: trafficPolicy(r) } : {}),
    ...unknownField(r),
  };
}

/** A DestinationRule with a random mix of modelled and unmodelled fields, reproducible from `seed`. */
export function randomDestinationRule(seed: number): IstioConfigObject {
  const r = rng(seed);
  const spec: Record<string, unknown> = {
    ...(r.maybe(0.95)
      ? { host: r.pick(['reviews', 'ratings.bookinfo.svc.cluster.local', 'api.example.com']) }
      : {}),
    ...(r.maybe(0.6) ? { trafficPolicy: trafficPolicy(r) } : {}),
    ...(r.maybe(0.8) ? { subsets: r.times(0, 4, (i) => subset(r, i)) } : {}),
    ...(r.maybe(0.2) ? { exportTo: r.pick([['.'], ['*'], ['bookinfo', 'istio-system']]) } : {}),
    ...(r.maybe(0.1) ? { workloadSelector: { matchLabels: { app: 'productpage' } } } : {}),
    ...unknownField(r),
  };
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {
      name: `random-${seed}`,
      namespace: 'bookinfo',
      resourceVersion: String(seed),
      ...(r.maybe() ? { labels: { seed: String(seed) } } : {}),
    } as IstioConfigObject['metadata'],
    spec,
    ...(r.maybe(0.2) ? { status: { validationMessages: [] } } : {}),
  };
}
