import { describe, expect, it } from 'vitest';
import { loadFixture } from '../graph/__fixtures__/load.ts';
import { validateIstioConfig } from '../validation/validate.ts';
import {
  generateFaultInjection,
  generateHeaderRoute,
  generateRequestTimeout,
  generateTrafficShift,
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
