import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { TrafficEngine } from './engine.ts';
import type { TrafficModel } from './model.ts';
import { bookinfoTrafficModel } from './models/bookinfo.ts';
import type { HttpObservation } from './observations.ts';
import {
  apply,
  bookinfoStore,
  CollectingSink,
  istio,
  pods,
  remove,
  reviewsSubsets,
  shares,
} from './__fixtures__/mesh.ts';

/** Bookinfo's model with 10x the load and no background errors, so ratios are tight and exact codes predictable. */
function testModel(errors = false): TrafficModel {
  const m = bookinfoTrafficModel();
  return {
    ...m,
    entries: m.entries.map((e) => ({ ...e, ratePerSecond: e.ratePerSecond * 10 })),
    workloads: m.workloads.map((w) => (errors ? w : { ...w, errorRate: 0 })),
  };
}

function run(
  store: ObjectStore,
  ticks = 10,
  model = testModel(),
  seed = 7,
): { sink: CollectingSink; engine: TrafficEngine } {
  const sink = new CollectingSink();
  const engine = new TrafficEngine({ reader: store, model, seed, sink });
  for (let i = 0; i < ticks; i++) engine.tick(i * 1000, 1);
  return { sink, engine };
}

const dest = (service: string) => (o: HttpObservation) =>
  o.reporter === 'destination' && o.service.name === service;
const src = (service: string) => (o: HttpObservation) =>
  o.reporter === 'source' && o.service.name === service;
const byWorkload = (o: HttpObservation) => o.destination?.name ?? 'unknown';
const byCode = (o: HttpObservation) => `${o.code} ${o.flags}`;

function expectShares(
  actual: Record<string, number>,
  expected: Record<string, number>,
  tolerance = 0.03,
): void {
  for (const [key, share] of Object.entries(expected)) {
    expect(Math.abs((actual[key] ?? 0) - share), `${key}: ${actual[key]} vs ${share}`).toBeLessThan(
      tolerance,
    );
  }
  for (const key of Object.keys(actual)) expect(expected, `unexpected ${key}`).toHaveProperty(key);
}

describe('traffic routing (weights, matches, subsets)', () => {
  const weighted = (w: Record<string, number>) =>
    istio('VirtualService', 'bookinfo', 'reviews', {
      hosts: ['reviews'],
      http: [
        {
          route: Object.entries(w).map(([subset, weight]) => ({
            destination: { host: 'reviews', subset },
            weight,
          })),
        },
      ],
    });

  it.each<[string, KubeObject[], Record<string, number>]>([
    [
      'no VirtualService: by pod count',
      [],
      { 'reviews-v1': 1 / 3, 'reviews-v2': 1 / 3, 'reviews-v3': 1 / 3 },
    ],
    [
      'no VirtualService, v1 with 4 pods',
      [...pods('bookinfo', 'reviews', { version: 'v1', replicas: 4 })],
      { 'reviews-v1': 4 / 6, 'reviews-v2': 1 / 6, 'reviews-v3': 1 / 6 },
    ],
    [
      '80/20 over v1/v3',
      [reviewsSubsets(), weighted({ v1: 80, v3: 20 })],
      { 'reviews-v1': 0.8, 'reviews-v3': 0.2 },
    ],
    ['all to v2', [reviewsSubsets(), weighted({ v2: 100 })], { 'reviews-v2': 1 }],
    [
      'FQDN host, no subset',
      [
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews.bookinfo.svc.cluster.local'],
          http: [{ route: [{ destination: { host: 'ratings' } }] }],
        }),
      ],
      {},
    ],
    [
      'header exact match sends jason (25 %) to v2, the rest to v1',
      [
        reviewsSubsets(),
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [
            {
              match: [{ headers: { 'end-user': { exact: 'jason' } } }],
              route: [{ destination: { host: 'reviews', subset: 'v2' } }],
            },
            { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
          ],
        }),
      ],
      { 'reviews-v1': 0.75, 'reviews-v2': 0.25 },
    ],
    [
      'header regex and uri prefix',
      [
        reviewsSubsets(),
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [
            {
              match: [{ headers: { 'end-user': { regex: 'j.*n' } }, uri: { prefix: '/reviews' } }],
              route: [{ destination: { host: 'reviews', subset: 'v3' } }],
            },
            { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
          ],
        }),
      ],
      { 'reviews-v1': 0.75, 'reviews-v3': 0.25 },
    ],
  ])('%s', (_name, extra, expected) => {
    const { sink } = run(bookinfoStore(extra));
    const got = shares(sink.countBy(dest('reviews'), byWorkload));
    if (Object.keys(expected).length === 0) {
      // The route sent reviews' traffic to ratings: reported under ratings' service name.
      expect(sink.count(dest('reviews'))).toBe(0);
      expect(
        sink.count(
          (o) =>
            o.reporter === 'source' && o.source?.name === 'productpage-v1' && o.service.name === 'ratings',
        ),
      ).toBeGreaterThan(0);
      return;
    }
    expectShares(got, expected);
  });

  it('a VirtualService in another namespace with a short host does not capture reviews', () => {
    const { sink } = run(
      bookinfoStore([
        reviewsSubsets(),
        istio('VirtualService', 'default', 'reviews', {
          hosts: ['reviews'],
          http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
        }),
      ]),
    );
    expect(Object.keys(shares(sink.countBy(dest('reviews'), byWorkload))).sort()).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
  });

  it('a subset no DestinationRule defines fails with 503 NR at the source', () => {
    const { sink } = run(
      bookinfoStore([
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }],
        }),
      ]),
    );
    expect(sink.count(dest('reviews'))).toBe(0);
    expect([...sink.countBy(src('reviews'), byCode).keys()]).toEqual(['503 NR']);
  });

  it('a subset matching no pod fails with 503 UH (no healthy upstream)', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'reviews', {
      host: 'reviews',
      subsets: [{ name: 'v9', labels: { version: 'v9' } }],
    });
    const vs = istio('VirtualService', 'bookinfo', 'reviews', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }],
    });
    const { sink } = run(bookinfoStore([dr, vs]));
    expect([...sink.countBy(src('reviews'), byCode).keys()]).toEqual(['503 UH']);
    const o = sink.http_.find(src('reviews'))!;
    expect(o.destination).toBeUndefined();
    expect(o.service.host).toBe('reviews.bookinfo.svc.cluster.local');
  });

  it('no matching http route answers 404 NR', () => {
    const vs = istio('VirtualService', 'bookinfo', 'reviews', {
      hosts: ['reviews'],
      http: [{ match: [{ uri: { exact: '/nothing' } }], route: [{ destination: { host: 'reviews' } }] }],
    });
    const { sink } = run(bookinfoStore([vs]));
    expect([...sink.countBy(src('reviews'), byCode).keys()]).toEqual(['404 NR']);
  });

  it('tcp routes split connections by weight', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'mongodb', {
      host: 'mongodb',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    const vs = istio('VirtualService', 'bookinfo', 'mongodb', {
      hosts: ['mongodb'],
      tcp: [
        {
          route: [
            { destination: { host: 'mongodb', subset: 'v1' }, weight: 70 },
            { destination: { host: 'mongodb', subset: 'v2' }, weight: 30 },
          ],
        },
      ],
    });
    const { sink } = run(bookinfoStore([...pods('bookinfo', 'mongodb', { version: 'v2' }), dr, vs]));
    const counts = new Map<string, number>();
    for (const o of sink.tcp_)
      if (o.reporter === 'destination')
        counts.set(o.destination!.name, (counts.get(o.destination!.name) ?? 0) + 1);
    expectShares(shares(counts), { 'mongodb-v1': 0.7, 'mongodb-v2': 0.3 }, 0.04);
  });
});

describe('faults, timeouts, retries, mirroring', () => {
  const ratingsRoute = (route: Record<string, unknown>) =>
    istio('VirtualService', 'bookinfo', 'ratings', {
      hosts: ['ratings'],
      http: [{ route: [{ destination: { host: 'ratings' } }], ...route }],
    });

  it('abort 50 % with 503: half the calls fail at the source (FI) and never reach ratings', () => {
    const { sink } = run(
      bookinfoStore([ratingsRoute({ fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } } })]),
    );
    const codes = shares(sink.countBy(src('ratings'), byCode));
    expectShares(codes, { '200 -': 0.5, '503 FI': 0.5 }, 0.04);
    const sourceCount = sink.count(src('ratings'));
    expect(sink.count(dest('ratings')) / sourceCount).toBeCloseTo(0.5, 1);
    expect(sink.http_.find((o) => src('ratings')(o) && o.code === 503)!.destination).toBeUndefined();
  });

  it('delay 100 % of 2 s shows in source durations with DI', () => {
    const { sink } = run(
      bookinfoStore([ratingsRoute({ fault: { delay: { percentage: { value: 100 }, fixedDelay: '2s' } } })]),
      3,
    );
    const source = sink.http_.filter(src('ratings'));
    expect(source.every((o) => o.flags === 'DI' && o.durationMs >= 2000)).toBe(true);
    expect(sink.http_.filter(dest('ratings')).every((o) => o.durationMs < 2000)).toBe(true);
  });

  it('a route timeout shorter than the upstream answers 504 UT; the server logs a downstream disconnect', () => {
    const { sink } = run(bookinfoStore([ratingsRoute({ timeout: '0.1ms', retries: { attempts: 0 } })]), 3);
    expect([...sink.countBy(src('ratings'), byCode).keys()]).toEqual(['504 UT']);
    expect([...sink.countBy(dest('ratings'), byCode).keys()]).toEqual(['0 DC']);
    expect(sink.http_.filter(src('ratings')).every((o) => o.durationMs === 0.1)).toBe(true);
  });

  it('a delay injected on the route does not count against its own timeout (fault filter runs first)', () => {
    const { sink } = run(
      bookinfoStore([
        ratingsRoute({ timeout: '1s', fault: { delay: { percentage: { value: 100 }, fixedDelay: '3s' } } }),
      ]),
      2,
    );
    expect([...sink.countBy(src('ratings'), byCode).keys()]).toEqual(['200 DI']);
  });

  it('retries hide upstream 503s from the caller and multiply destination requests', () => {
    const model = testModel();
    model.workloads = model.workloads.map((w) =>
      w.app === 'ratings' ? { ...w, errorRate: 0.5, errorCode: 503 } : w,
    );
    const vs = ratingsRoute({ retries: { attempts: 3, retryOn: '5xx' } });
    const { sink } = run(bookinfoStore([vs]), 10, model);
    const srcCodes = shares(sink.countBy(src('ratings'), byCode));
    // P(all four attempts fail) = 0.5^4.
    expectShares(srcCodes, { '200 -': 1 - 0.0625, '503 URX': 0.0625 }, 0.02);
    const ratio = sink.count(dest('ratings')) / sink.count(src('ratings'));
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.0);
  });

  it('retries disabled: the upstream 503 reaches the caller as is', () => {
    const model = testModel();
    model.workloads = model.workloads.map((w) =>
      w.app === 'ratings' ? { ...w, errorRate: 0.5, errorCode: 503 } : w,
    );
    const { sink } = run(bookinfoStore([ratingsRoute({ retries: { attempts: 0 } })]), 10, model);
    expectShares(shares(sink.countBy(src('ratings'), byCode)), { '200 -': 0.5, '503 -': 0.5 }, 0.04);
    expect(sink.count(dest('ratings'))).toBe(sink.count(src('ratings')));
  });

  it('a per-try timeout is retried and ends in UT,URX when every try is slow', () => {
    const { sink } = run(
      bookinfoStore([
        ratingsRoute({ retries: { attempts: 2, perTryTimeout: '0.1ms', retryOn: 'gateway-error' } }),
      ]),
      3,
    );
    expect([...sink.countBy(src('ratings'), byCode).keys()]).toEqual(['504 UT,URX']);
    expect(sink.count(dest('ratings'))).toBe(3 * sink.count(src('ratings')));
  });

  it('mirroring: mirrored requests are reported by the mirror destination only', () => {
    const vs = istio('VirtualService', 'bookinfo', 'reviews', {
      hosts: ['reviews'],
      http: [
        {
          route: [{ destination: { host: 'reviews', subset: 'v1' } }],
          mirror: { host: 'reviews', subset: 'v3' },
          mirrorPercentage: { value: 50 },
        },
      ],
    });
    const { sink } = run(bookinfoStore([reviewsSubsets(), vs]));
    expect(Object.keys(shares(sink.countBy(src('reviews'), byWorkload)))).toEqual(['reviews-v1']);
    const d = sink.countBy(dest('reviews'), byWorkload);
    expect(d.get('reviews-v3')! / d.get('reviews-v1')!).toBeCloseTo(0.5, 1);
  });
});

describe('identity, mTLS and workload health', () => {
  const pa = (namespace: string, mode: string, extra: Record<string, unknown> = {}) =>
    istio('PeerAuthentication', namespace, 'default', { mtls: { mode }, ...extra });
  const fromSleep = (o: HttpObservation) =>
    o.reporter === 'destination' && o.service.name === 'productpage' && o.source === undefined;

  it('sidecar to sidecar is mutual TLS with SPIFFE principals; the unmeshed caller is unknown and plaintext', () => {
    const { sink } = run(bookinfoStore(), 3);
    const d = sink.http_.filter(dest('reviews'));
    expect(new Set(d.map((o) => o.security))).toEqual(new Set(['mutual_tls']));
    const plain = sink.http_.filter(fromSleep);
    expect(plain.length).toBeGreaterThan(0);
    expect(new Set(plain.map((o) => o.security))).toEqual(new Set(['none']));
    // The unmeshed sleep has no proxy: nothing is reported as its outbound.
    expect(sink.count((o) => o.reporter === 'source' && o.source?.name === 'sleep')).toBe(0);
  });

  it.each<[string, KubeObject[], { meshed: string; sleepReaches: boolean }]>([
    ['no policy (PERMISSIVE)', [], { meshed: 'mutual_tls', sleepReaches: true }],
    ['namespace STRICT', [pa('bookinfo', 'STRICT')], { meshed: 'mutual_tls', sleepReaches: false }],
    ['mesh-wide STRICT', [pa('istio-system', 'STRICT')], { meshed: 'mutual_tls', sleepReaches: false }],
    ['namespace DISABLE', [pa('bookinfo', 'DISABLE')], { meshed: 'none', sleepReaches: true }],
    [
      'mesh STRICT, namespace PERMISSIVE',
      [pa('istio-system', 'STRICT'), pa('bookinfo', 'PERMISSIVE')],
      { meshed: 'mutual_tls', sleepReaches: true },
    ],
    [
      'workload policy: productpage port 9080 PERMISSIVE under namespace STRICT',
      [
        pa('bookinfo', 'STRICT'),
        istio('PeerAuthentication', 'bookinfo', 'pp', {
          selector: { matchLabels: { app: 'productpage' } },
          portLevelMtls: { '9080': { mode: 'PERMISSIVE' } },
        }),
      ],
      { meshed: 'mutual_tls', sleepReaches: true },
    ],
  ])('%s', (_name, extra, expected) => {
    const { sink } = run(bookinfoStore(extra), 3);
    expect(new Set(sink.http_.filter(dest('reviews')).map((o) => o.security))).toEqual(
      new Set([expected.meshed]),
    );
    expect(sink.count(fromSleep) > 0).toBe(expected.sleepReaches);
  });

  it('DestinationRule tls DISABLE against STRICT: the source reports 503 UF,URX and the destination nothing', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'ratings', {
      host: 'ratings',
      trafficPolicy: { tls: { mode: 'DISABLE' } },
    });
    const { sink } = run(bookinfoStore([pa('bookinfo', 'STRICT'), dr]), 3);
    expect(sink.count(dest('ratings'))).toBe(0);
    expect([...sink.countBy(src('ratings'), byCode).keys()]).toEqual(['503 UF,URX']);
  });

  it('DestinationRule ISTIO_MUTUAL to a pod without sidecar fails; plaintext to it is reported by the source only', () => {
    const store = bookinfoStore();
    remove(store, 'Pod', 'bookinfo', 'details-v1-abc12-0');
    apply(store, pods('bookinfo', 'details', { version: 'v1', sidecar: false }));
    const plain = run(store, 3).sink;
    expect(plain.count(dest('details'))).toBe(0);
    expect([...plain.countBy(src('details'), byCode).keys()]).toContain('200 -');
    expect(plain.http_.find(src('details'))!.security).toBe('unknown');

    apply(store, [
      istio('DestinationRule', 'bookinfo', 'details', {
        host: 'details',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      }),
    ]);
    const failing = run(store, 3).sink;
    expect([...failing.countBy(src('details'), byCode).keys()]).toEqual(['503 UF,URX']);
  });

  it('a service with no ready pods answers 503 UH', () => {
    const store = bookinfoStore();
    remove(store, 'Pod', 'bookinfo', 'details-v1-abc12-0');
    const { sink } = run(store, 3);
    expect([...sink.countBy(src('details'), byCode).keys()]).toEqual(['503 UH']);
    expect(sink.count(dest('details'))).toBe(0);
  });

  it('ServiceEntry hosts are reported by the source only, with the host as destination_service', () => {
    const { sink } = run(bookinfoStore(), 10);
    const ext = sink.http_.filter((o) => o.service.host === 'www.googleapis.com');
    expect(ext.length).toBeGreaterThan(0);
    expect(
      ext.every(
        (o) => o.reporter === 'source' && o.destination === undefined && o.service.namespace === 'bookinfo',
      ),
    ).toBe(true);
  });

  it('a gateway without a VirtualService answers 404 NR; without a Gateway nothing is reported', () => {
    const store = bookinfoStore();
    remove(store, 'VirtualService', 'bookinfo', 'bookinfo');
    const noVs = run(store, 2).sink;
    const gw = noVs.http_.filter((o) => o.source?.name === 'istio-ingressgateway');
    expect(new Set(gw.map((o) => `${o.code} ${o.flags} ${o.service.host}`))).toEqual(
      new Set(['404 NR unknown']),
    );
    remove(store, 'Gateway', 'bookinfo', 'bookinfo-gateway');
    expect(run(store, 2).sink.count((o) => o.source?.name === 'istio-ingressgateway')).toBe(0);
  });
});

describe('engine mechanics', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const exposition = (seed: number) => {
      const engine = new TrafficEngine({ reader: bookinfoStore(), model: testModel(true), seed });
      for (let i = 0; i < 5; i++) engine.tick(i * 1000, 1);
      return engine.metrics.registry.serialize();
    };
    const a = exposition(42);
    expect(a.length).toBeGreaterThan(10_000);
    expect(exposition(42)).toBe(a);
    expect(exposition(43)).not.toBe(a);
  });

  it('recompiles on relevant store events only, at the next tick', () => {
    const store = bookinfoStore();
    const sink = new CollectingSink();
    const engine = new TrafficEngine({ reader: store, model: testModel(), sink });
    for (let i = 0; i < 5; i++) engine.tick(i * 1000, 1);
    expect(engine.compiles).toBe(1);
    store.create(
      { group: '', resource: 'configmaps' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'bookinfo' } },
    );
    engine.tick(6000, 1);
    expect(engine.compiles).toBe(1);
    apply(store, [reviewsSubsets()]);
    apply(store, [
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
      }),
    ]);
    sink.clear();
    engine.tick(7000, 1);
    expect(engine.compiles).toBe(2);
    expect(Object.keys(shares(sink.countBy(dest('reviews'), byWorkload)))).toEqual(['reviews-v1']);
    engine.stop();
  });

  it('plays no traffic for a zero-length tick', () => {
    const engine = new TrafficEngine({
      reader: bookinfoStore(),
      model: testModel(),
      sink: new CollectingSink(),
    });
    expect(engine.tick(0, 0).observations).toBe(0);
  });
});
