import type { IstioConfigObject } from '../../validation/context.ts';

/** A small seeded PRNG (mulberry32): property tests are random but reproducible from their seed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const maybe = (p = 0.5) => next() < p;
  const times = <T>(lo: number, hi: number, f: (i: number) => T): T[] =>
    Array.from({ length: int(lo, hi) }, (_, i) => f(i));
  return { next, int, pick, maybe, times };
}

type Rng = ReturnType<typeof rng>;

const HOSTS = [
  'reviews',
  'ratings',
  'details.bookinfo',
  'productpage.bookinfo.svc.cluster.local',
  'api.example.com',
];
const SUBSETS = ['v1', 'v2', 'v3', 'canary'];

function unknownField(r: Rng): Record<string, unknown> {
  return r.maybe(0.3)
    ? { [`future${r.int(1, 9)}`]: r.pick([1, 'x', true, null, { deep: [r.int(0, 9)] }, []]) }
    : {};
}

function stringMatch(r: Rng): Record<string, unknown> {
  return r.pick([
    { exact: `/e${r.int(0, 9)}` },
    { prefix: `/p${r.int(0, 9)}` },
    { regex: `/r${r.int(0, 9)}.*` },
    {},
  ]);
}

function destination(r: Rng): Record<string, unknown> {
  return {
    destination: {
      host: r.pick(HOSTS),
      ...(r.maybe() ? { subset: r.pick(SUBSETS) } : {}),
      ...(r.maybe(0.3) ? { port: { number: r.pick([80, 9080, 8443]) } } : {}),
      ...unknownField(r),
    },
    ...(r.maybe(0.6) ? { weight: r.int(0, 100) } : {}),
    ...(r.maybe(0.2) ? { headers: { request: { set: { 'x-d': String(r.int(0, 9)) } } } } : {}),
    ...unknownField(r),
  };
}

function httpMatch(r: Rng): Record<string, unknown> {
  return {
    ...(r.maybe(0.3) ? { name: `m${r.int(0, 9)}` } : {}),
    ...(r.maybe(0.6) ? { uri: stringMatch(r) } : {}),
    ...(r.maybe(0.3) ? { method: r.pick([{ exact: 'GET' }, { regex: 'P.*' }]) } : {}),
    ...(r.maybe(0.5)
      ? { headers: Object.fromEntries(r.times(1, 3, (i) => [`x-h${i}`, stringMatch(r)])) }
      : {}),
    ...(r.maybe(0.2) ? { ignoreUriCase: r.maybe() } : {}),
    ...(r.maybe(0.2) ? { sourceLabels: { app: 'productpage' } } : {}),
    ...unknownField(r),
  };
}

function httpRoute(r: Rng, i: number): Record<string, unknown> {
  return {
    ...(r.maybe(0.4) ? { name: `route-${i}` } : {}),
    ...(r.maybe(0.7) ? { match: r.times(1, 3, () => httpMatch(r)) } : {}),
    ...(r.maybe(0.9) ? { route: r.times(1, 3, () => destination(r)) } : {}),
    ...(r.maybe(0.3) ? { timeout: `${r.int(1, 30)}s` } : {}),
    ...(r.maybe(0.3)
      ? {
          retries: {
            attempts: r.int(0, 5),
            ...(r.maybe() ? { perTryTimeout: '2s' } : {}),
            ...(r.maybe() ? { retryOn: '5xx' } : {}),
            ...unknownField(r),
          },
        }
      : {}),
    ...(r.maybe(0.3)
      ? {
          fault: {
            ...(r.maybe()
              ? {
                  delay: {
                    percentage: { value: r.int(0, 100) },
                    fixedDelay: `${r.int(1, 9)}s`,
                    ...unknownField(r),
                  },
                }
              : {}),
            ...(r.maybe()
              ? { abort: { percentage: { value: r.int(0, 100) }, httpStatus: r.pick([500, 503]) } }
              : {}),
            ...unknownField(r),
          },
        }
      : {}),
    ...(r.maybe(0.2) ? { mirror: { host: r.pick(HOSTS), ...(r.maybe() ? { subset: 'v1' } : {}) } } : {}),
    ...(r.maybe(0.2) ? { mirrorPercentage: { value: r.int(0, 100) } } : {}),
    ...(r.maybe(0.2) ? { corsPolicy: { allowOrigins: [{ exact: 'https://a.example' }], maxAge: '1h' } } : {}),
    ...(r.maybe(0.2) ? { rewrite: { uri: '/' } } : {}),
    ...(r.maybe(0.2) ? { headers: { response: { remove: ['server'] } } } : {}),
    ...unknownField(r),
  };
}

function tcpRoute(r: Rng): Record<string, unknown> {
  return {
    ...(r.maybe(0.6)
      ? {
          match: r.times(1, 2, () => ({
            port: r.pick([27017, 3306]),
            ...(r.maybe(0.3) ? { sourceNamespace: 'a' } : {}),
          })),
        }
      : {}),
    route: r.times(1, 3, () => destination(r)),
    ...unknownField(r),
  };
}

export function randomVirtualService(seed: number): IstioConfigObject {
  const r = rng(seed);
  const spec: Record<string, unknown> = {
    ...(r.maybe(0.9) ? { hosts: r.times(0, 2, () => r.pick(HOSTS)) } : {}),
    ...(r.maybe(0.4)
      ? { gateways: r.times(0, 2, () => r.pick(['mesh', 'istio-system/public', 'edge'])) }
      : {}),
    ...(r.maybe(0.2) ? { exportTo: ['.'] } : {}),
    ...(r.maybe(0.9) ? { http: r.times(0, 4, (i) => httpRoute(r, i)) } : {}),
    ...(r.maybe(0.3) ? { tcp: r.times(0, 2, () => tcpRoute(r)) } : {}),
    ...(r.maybe(0.1) ? { tls: [{ match: [{ sniHosts: ['a.example'] }], route: [destination(r)] }] } : {}),
    ...unknownField(r),
  };
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: `random-${seed}`,
      namespace: 'bookinfo',
      resourceVersion: String(seed),
      ...(r.maybe() ? { labels: { seed: String(seed) } } : {}),
      ...(r.maybe() ? { annotations: { note: 'generated' } } : {}),
    } as IstioConfigObject['metadata'],
    spec,
  };
}
