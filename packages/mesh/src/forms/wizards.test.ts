import { describe, expect, it } from 'vitest';
import { loadFixture } from '../graph/__fixtures__/load.ts';
import { validateIstioConfig } from '../validation/validate.ts';
import {
  generateFaultInjection,
  generateHeaderRoute,
  generateRequestTimeout,
  generateTrafficShift,
  planDestinationRule,
  serviceSubsets,
  type GeneratedConfig,
} from './wizards.ts';

const bookinfo = loadFixture('bookinfo').cluster;
const reviews = {
  service: 'reviews',
  namespace: 'bookinfo',
  subsets: serviceSubsets(bookinfo, 'bookinfo', 'reviews'),
};

const objectsOf = (g: GeneratedConfig) => [
  g.virtualService,
  ...(g.destinationRule ? [g.destinationRule] : []),
];

describe('serviceSubsets', () => {
  it('reads one subset per version label of the workloads behind the service', () => {
    expect(reviews.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' }, weight: 34 },
      { name: 'v2', labels: { version: 'v2' }, weight: 33 },
      { name: 'v3', labels: { version: 'v3' }, weight: 33 },
    ]);
    expect(serviceSubsets(bookinfo, 'bookinfo', 'legacy')).toEqual([]);
    expect(serviceSubsets(bookinfo, 'bookinfo', 'nope')).toEqual([]);
  });
});

describe('wizards', () => {
  it('traffic shift: a weighted VS and the DR defining its subsets', () => {
    const g = generateTrafficShift({
      ...reviews,
      subsets: [
        { name: 'v1', labels: { version: 'v1' }, weight: 80 },
        { name: 'v2', labels: { version: 'v2' }, weight: 20 },
      ],
    });
    expect(g).toEqual({
      virtualService: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
        spec: {
          hosts: ['reviews'],
          http: [
            {
              route: [
                { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
                { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
              ],
            },
          ],
        },
      },
      destinationRule: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
        spec: {
          host: 'reviews',
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        },
      },
    });
  });

  it('fills in missing weights from what the others leave', () => {
    const g = generateTrafficShift({
      ...reviews,
      subsets: [
        { name: 'v1', labels: { version: 'v1' }, weight: 50 },
        { name: 'v2', labels: { version: 'v2' } },
        { name: 'v3', labels: { version: 'v3' } },
      ],
    });
    expect(g.virtualService.spec?.http?.[0]?.route?.map((d) => d.weight)).toEqual([50, 25, 25]);
  });

  it('keeps explicit weights as given: validation, not the generator, reports a bad sum', () => {
    const g = generateTrafficShift({ ...reviews, subsets: reviews.subsets.slice(1) });
    expect(g.virtualService.spec?.http?.[0]?.route?.map((d) => d.weight)).toEqual([33, 33]);
    expect(validateIstioConfig(objectsOf(g), bookinfo).map((v) => v.code)).toEqual(['VS_WEIGHT_SUM_NOT_100']);
  });

  it('without subsets routes to the service and makes no DR; one subset needs no weight', () => {
    const plain = generateRequestTimeout({
      service: 'ratings',
      namespace: 'bookinfo',
      subsets: [],
      timeout: '2s',
    });
    expect(plain.destinationRule).toBeUndefined();
    expect(plain.virtualService.spec?.http).toEqual([
      { route: [{ destination: { host: 'ratings' } }], timeout: '2s' },
    ]);
    const one = generateTrafficShift({ ...reviews, subsets: [{ name: 'v2', labels: { version: 'v2' } }] });
    expect(one.virtualService.spec?.http?.[0]?.route).toEqual([
      { destination: { host: 'reviews', subset: 'v2' } },
    ]);
  });

  it('header route: matching requests to one subset, the rest by weight', () => {
    const g = generateHeaderRoute({
      ...reviews,
      header: { name: 'End-User', kind: 'exact', value: 'jason' },
      subset: 'v2',
    });
    expect(g.virtualService.spec?.http).toEqual([
      {
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'reviews', subset: 'v2' } }],
      },
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 34 },
          { destination: { host: 'reviews', subset: 'v2' }, weight: 33 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 33 },
        ],
      },
    ]);
  });

  it('fault injection: delay and abort', () => {
    const g = generateFaultInjection({
      service: 'ratings',
      namespace: 'bookinfo',
      subsets: [],
      delay: { percentage: 10, fixedDelay: '7s' },
      abort: { percentage: 5, httpStatus: 500 },
    });
    expect(g.virtualService.spec?.http?.[0]?.fault).toEqual({
      delay: { percentage: { value: 10 }, fixedDelay: '7s' },
      abort: { percentage: { value: 5 }, httpStatus: 500 },
    });
  });

  it('request timeout with retries', () => {
    const g = generateRequestTimeout({
      ...reviews,
      timeout: '3s',
      retries: { attempts: 2, perTryTimeout: '1s', retryOn: '5xx' },
    });
    expect(g.virtualService.spec?.http?.[0]).toMatchObject({
      timeout: '3s',
      retries: { attempts: 2, perTryTimeout: '1s', retryOn: '5xx' },
    });
  });

  it.each<[string, GeneratedConfig]>([
    ['traffic shift', generateTrafficShift(reviews)],
    [
      'header route',
      generateHeaderRoute({
        ...reviews,
        header: { name: 'end-user', kind: 'prefix', value: 'j' },
        subset: 'v3',
      }),
    ],
    ['fault injection', generateFaultInjection({ ...reviews, abort: { percentage: 50, httpStatus: 503 } })],
    ['request timeout', generateRequestTimeout({ ...reviews, timeout: '1s', retries: { attempts: 3 } })],
  ])('%s output validates clean against Bookinfo (replacing the live reviews VS and DR)', (_what, g) => {
    expect(validateIstioConfig(objectsOf(g), bookinfo)).toEqual([]);
  });
});

describe('every wizard creates the DestinationRule its subsets need', () => {
  const target = {
    service: 'ratings',
    namespace: 'bookinfo',
    subsets: [{ name: 'v1', labels: { version: 'v1' } }],
  };
  it.each<[string, GeneratedConfig]>([
    ['traffic shift', generateTrafficShift(target)],
    [
      'header route',
      generateHeaderRoute({
        ...target,
        header: { name: 'end-user', kind: 'exact', value: 'jason' },
        subset: 'v1',
      }),
    ],
    ['fault injection', generateFaultInjection({ ...target, abort: { percentage: 50, httpStatus: 503 } })],
    ['request timeout', generateRequestTimeout({ ...target, timeout: '2s' })],
  ])('%s: VS and DR together, named and hosted like the service', (_what, g) => {
    expect(g.virtualService.metadata).toEqual({ name: 'ratings', namespace: 'bookinfo' });
    expect(g.destinationRule).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    });
    const routes = g.virtualService.spec?.http?.flatMap((r) => r.route ?? []) ?? [];
    expect(routes.every((d) => d.destination?.subset === 'v1')).toBe(true);
  });
});

describe('weights at 0', () => {
  const subsets = (weights: number[]) =>
    weights.map((weight, i) => ({ name: `v${i + 1}`, labels: { version: `v${i + 1}` }, weight }));
  it.each<[string, number[], unknown[]]>([
    [
      'a subset at 0 gets no destination',
      [80, 0, 20],
      [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
        { destination: { host: 'reviews', subset: 'v3' }, weight: 20 },
      ],
    ],
    ['one subset left needs no weight', [100, 0, 0], [{ destination: { host: 'reviews', subset: 'v1' } }]],
    [
      'all at 0 is written as is (the form refuses the sum)',
      [0, 0],
      [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 0 },
        { destination: { host: 'reviews', subset: 'v2' }, weight: 0 },
      ],
    ],
  ])('%s', (_what, weights, route) => {
    const g = generateHeaderRoute({
      service: 'reviews',
      namespace: 'bookinfo',
      subsets: subsets(weights),
      header: { name: 'end-user', kind: 'exact', value: 'jason' },
      subset: 'v2',
    });
    expect(g.virtualService.spec?.http?.[1]?.route).toEqual(route);
    // The DestinationRule still defines every subset: the header route may use one at 0.
    expect(g.destinationRule?.spec?.subsets?.map((s) => s.name)).toEqual(weights.map((_, i) => `v${i + 1}`));
  });
});

describe('planDestinationRule', () => {
  const target = {
    service: 'reviews',
    namespace: 'bookinfo',
    subsets: ['v1', 'v2'].map((v) => ({ name: v, labels: { version: v } })),
  };
  const dr = (name: string, host: string, subsets: string[], namespace = 'bookinfo') => ({
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host, subsets: subsets.map((s) => ({ name: s, labels: { version: s } })) },
  });
  it.each<[string, ReturnType<typeof dr>[], ReturnType<typeof planDestinationRule>]>([
    ['no rule: create one', [], { action: 'create' }],
    ['a rule for another service: create one', [dr('ratings', 'ratings', ['v1'])], { action: 'create' }],
    [
      'a rule in another namespace: create one',
      [dr('reviews', 'reviews', [], 'other')],
      { action: 'create' },
    ],
    [
      'a rule defining every subset (any name, FQDN host): reuse it',
      [dr('reviews-subsets', 'reviews.bookinfo.svc.cluster.local', ['v1', 'v2', 'v3'])],
      { action: 'reuse', name: 'reviews-subsets' },
    ],
    [
      'a rule lacking subsets: blocked, naming them',
      [dr('reviews', 'reviews.bookinfo', ['v1'])],
      { action: 'blocked', name: 'reviews', missing: ['v2'] },
    ],
    [
      'the name taken by a rule for another host: blocked',
      [dr('reviews', 'reviews-legacy', ['v1', 'v2'])],
      { action: 'blocked', name: 'reviews', missing: [] },
    ],
  ])('%s', (_what, rules, plan) => {
    expect(planDestinationRule(rules, target)).toEqual(plan);
  });
  it('needs no rule without subsets', () =>
    expect(planDestinationRule([dr('reviews', 'reviews', [])], { ...target, subsets: [] })).toEqual({
      action: 'create',
    }));
});
