import { describe, expect, it } from 'vitest';
import { emptyClusterState, type WorkloadInfo } from '../cluster/clusterState.ts';
import { DEFAULT_TOLERANCES } from '../health/tolerance.ts';
import type { PromSample } from '../graph/types.ts';
import { namespaceOverviews, overallHealth, type OverviewInput } from './namespaceOverview.ts';
import { overviewQueries } from './overviewQueries.ts';
import { requestHealthQuery } from '../health/workloadHealth.ts';

const workload = (name: string, app: string, desired = 1, ready = desired, ns = 'shop'): WorkloadInfo => ({
  namespace: ns,
  name,
  app,
  labels: { app },
  annotations: {},
  desiredReplicas: desired,
  readyReplicas: ready,
  hasSidecar: true,
  serviceAccount: 'default',
});

/** A sample of the health query (`requestHealthQuery`), received or sent by `workloadName`. */
const sample = (
  workloadName: string,
  code: string,
  value: number,
  direction: 'inbound' | 'outbound' = 'inbound',
): PromSample => {
  const side = direction === 'inbound' ? 'destination' : 'source';
  return {
    metric: {
      direction,
      [`${side}_workload_namespace`]: 'shop',
      [`${side}_workload`]: workloadName,
      [`${side}_canonical_service`]: workloadName.split('-')[0]!,
      request_protocol: 'http',
      response_code: code,
    },
    value,
  };
};

function input(over: Partial<OverviewInput> & { workloads?: WorkloadInfo[] } = {}): OverviewInput {
  const { workloads = [], ...rest } = over;
  return {
    state: emptyClusterState({
      namespaces: [
        { name: 'shop', labels: { 'istio-injection': 'enabled' }, annotations: {} },
        { name: 'quiet', labels: {}, annotations: {} },
      ],
      workloads,
      services: [
        {
          namespace: 'shop',
          name: 'cart',
          selector: { app: 'cart' },
          ports: [],
          labels: {},
          annotations: {},
        },
      ],
    }),
    namespaces: ['shop', 'quiet'],
    tolerances: DEFAULT_TOLERANCES,
    mtlsOf: () => 'ENABLED',
    validations: null,
    requests: [],
    requestRate: [],
    errorRate: [],
    ...rest,
  };
}

const shop = (i: OverviewInput) => namespaceOverviews(i).find((n) => n.name === 'shop')!;

describe('namespaceOverviews', () => {
  it('sorts by name and reads injection and mTLS', () => {
    const out = namespaceOverviews(input());
    expect(out.map((n) => [n.name, n.istioInjection, n.mtls])).toEqual([
      ['quiet', false, 'ENABLED'],
      ['shop', true, 'ENABLED'],
    ]);
  });

  it.each<[string, Partial<OverviewInput> & { workloads: WorkloadInfo[] }, object]>([
    [
      'ready pods and no traffic: healthy',
      { workloads: [workload('cart-v1', 'cart'), workload('cart-v2', 'cart')] },
      { health: 'healthy', apps: { healthy: 1 }, workloads: { healthy: 2 }, reasons: [] },
    ],
    [
      'no pod ready: failing, said in words',
      { workloads: [workload('cart-v1', 'cart', 2, 0)] },
      {
        health: 'failing',
        apps: { failing: 1 },
        workloads: { failing: 1 },
        reasons: ['cart-v1: 0 of 2 pods ready'],
      },
    ],
    [
      'some pods ready: degraded',
      { workloads: [workload('cart-v1', 'cart', 2, 1)] },
      { health: 'degraded', workloads: { degraded: 1 }, reasons: ['cart-v1: 1 of 2 pods ready'] },
    ],
    [
      'scaled to zero without traffic: not ready',
      { workloads: [workload('cart-v1', 'cart', 0, 0)] },
      { health: 'notReady', workloads: { notReady: 1 }, reasons: ['cart-v1: scaled to 0 replicas'] },
    ],
    [
      '5xx at 50 %: failing with the share',
      {
        workloads: [workload('cart-v1', 'cart')],
        requests: [sample('cart-v1', '200', 1), sample('cart-v1', '503', 1)],
      },
      {
        health: 'failing',
        workloads: { failing: 1 },
        // The app of one workload says the same: its reason is not repeated.
        reasons: ['cart-v1: 50% of HTTP requests got 5xx or no response (failing at 10% or more)'],
      },
    ],
    [
      'a callee scaled to 0: it is Not Ready, and its caller fails by the calls it makes (as on the lists)',
      {
        workloads: [workload('cart-v1', 'cart', 0, 0), workload('web-v1', 'web')],
        requests: [
          sample('web-v1', '200', 2),
          sample('web-v1', '200', 1, 'outbound'),
          sample('web-v1', '503', 1, 'outbound'),
        ],
      },
      {
        health: 'failing',
        apps: { failing: 1, notReady: 1 },
        workloads: { failing: 1, notReady: 1 },
        reasons: [
          'web-v1: 50% of outbound HTTP requests got 5xx or no response (failing at 10% or more)',
          'cart-v1: scaled to 0 replicas',
        ],
      },
    ],
    [
      'an app of several workloads keeps its own reason when its numbers differ',
      {
        workloads: [workload('cart-v1', 'cart'), workload('cart-v2', 'cart')],
        requests: [sample('cart-v1', '200', 1), sample('cart-v1', '503', 1), sample('cart-v2', '200', 3)],
      },
      {
        reasons: [
          'cart-v1: 50% of HTTP requests got 5xx or no response (failing at 10% or more)',
          'cart: 20% of HTTP requests got 5xx or no response (failing at 10% or more)',
        ],
      },
    ],
    [
      'every unhealthy workload gets a say first, its pods before its stray request errors',
      {
        workloads: [workload('details-v1', 'details', 0, 0), workload('web-v1', 'web')],
        requests: [
          sample('web-v1', '200', 997),
          sample('web-v1', '503', 3),
          sample('web-v1', '200', 88, 'outbound'),
          sample('web-v1', '503', 12, 'outbound'),
          sample('details-v1', '200', 998),
          sample('details-v1', '503', 2),
        ],
      },
      {
        reasons: [
          'web-v1: 12% of outbound HTTP requests got 5xx or no response (failing at 10% or more)',
          'details-v1: scaled to 0 replicas',
          'web-v1: 0.3% of HTTP requests got 5xx or no response (degraded above 0%)',
        ],
      },
    ],
    [
      'a workload without app label counts as a workload only, as on the Applications list',
      { workloads: [workload('loner', 'x')].map((w) => ({ ...w, labels: {} })) },
      { apps: { healthy: 0 }, workloads: { healthy: 1 } },
    ],
  ])('%s', (_, over, expected) => {
    const got = shop(input(over));
    expect(got).toMatchObject(expected);
  });

  it('keeps at most three reasons, worst first', () => {
    const got = shop(
      input({
        workloads: [
          workload('a', 'a', 2, 1),
          workload('b', 'b', 1, 0),
          workload('c', 'c', 1, 0),
          workload('d', 'd', 1, 0),
        ],
      }),
    );
    expect(got.reasons).toHaveLength(3);
    expect(got.reasons[0]).toMatch(/0 of 1 pods ready/);
  });

  it('health without Prometheus still comes from the pods; traffic is null', () => {
    const got = shop(
      input({
        workloads: [workload('cart-v1', 'cart', 1, 0)],
        requests: null,
        requestRate: null,
        errorRate: null,
      }),
    );
    expect(got).toMatchObject({ health: 'failing', traffic: null });
  });

  it('rates: last point, error share, and no error series meaning no errors', () => {
    const series = (v: number): [number, number][] => [
      [100, v],
      [110, v],
    ];
    const both = shop(
      input({
        requestRate: [{ namespace: 'shop', series: series(4) }],
        errorRate: [{ namespace: 'shop', series: series(1) }],
      }),
    );
    expect(both.traffic).toMatchObject({ requestRate: 4, errorPercent: 25 });
    const noErrors = shop(input({ requestRate: [{ namespace: 'shop', series: series(4) }], errorRate: [] }));
    expect(noErrors.traffic).toMatchObject({ requestRate: 4, errorPercent: 0 });
    const none = shop(input());
    expect(none.traffic).toMatchObject({ requestRate: 0, errorPercent: null, requestSeries: [] });
  });

  it('config: objects and findings of the namespace only', () => {
    const ref = (namespace: string) => ({ kind: 'VirtualService' as const, namespace, name: 'x' });
    const got = shop(
      input({
        validations: {
          objectsByNamespace: new Map([['shop', 3]]),
          findings: [
            { code: 'a', severity: 'error', message: '', objectRef: ref('shop'), path: '' },
            { code: 'b', severity: 'warning', message: '', objectRef: ref('shop'), path: '' },
            { code: 'c', severity: 'error', message: '', objectRef: ref('quiet'), path: '' },
          ],
        },
      }),
    );
    expect(got.config).toEqual({ objects: 3, errors: 1, warnings: 1 });
  });
});

describe('overallHealth', () => {
  const c = (over: object) => ({ healthy: 0, degraded: 0, failing: 0, notReady: 0, noData: 0, ...over });
  it.each([
    [[c({ healthy: 2, failing: 1 })], 'failing'],
    [[c({ healthy: 2 }), c({ degraded: 1 })], 'degraded'],
    [[c({ notReady: 1, healthy: 1 })], 'notReady'],
    [[c({ healthy: 1, noData: 3 })], 'healthy'],
    [[c({})], 'noData'],
  ])('%j -> %s', (counts, expected) => {
    expect(overallHealth(...counts)).toBe(expected);
  });
});

describe('overviewQueries', () => {
  it('asks the same three queries whatever the namespaces, with the rate window', () => {
    const q = overviewQueries(60);
    expect(Object.keys(q)).toEqual(['requests', 'requestRate', 'errorRate']);
    expect(q.requestRate).toContain('[60s]');
    expect(q.requestRate).toMatch(/^sum by \(namespace\)/);
    expect(q.errorRate).toContain('response_code=~"5..|0"');
    expect(q.requests).toBe(requestHealthQuery(60));
    expect(q.requestRate).toContain('destination_workload="unknown"');
  });
});
