import { describe, expect, it } from 'vitest';
import type { IstioConfigObject } from '../validation/context.ts';
import { routingSummary, serviceConfigIndex, workloadVersions } from './serviceConfig.ts';

const vs = (namespace: string, name: string, spec: Record<string, unknown>): IstioConfigObject => ({
  kind: 'VirtualService',
  metadata: { namespace, name },
  spec,
});
const dr = (namespace: string, name: string, host: string): IstioConfigObject => ({
  kind: 'DestinationRule',
  metadata: { namespace, name },
  spec: { host },
});
const route = (...hosts: string[]) => [{ route: hosts.map((host) => ({ destination: { host } })) }];

const objects: IstioConfigObject[] = [
  vs('bookinfo', 'reviews', { hosts: ['reviews'], http: route('reviews') }),
  vs('bookinfo', 'gateway-routes', { hosts: ['*'], gateways: ['gw'], http: route('productpage') }),
  vs('bookinfo', 'ratings-dotted', { hosts: ['ratings.bookinfo'], http: route('ratings.bookinfo') }),
  vs('other', 'cross-ns', { hosts: ['reviews.bookinfo.svc.cluster.local'], tcp: route('details.bookinfo') }),
  vs('bookinfo', 'tls-only', { hosts: ['secure.example.com'], tls: route('details') }),
  vs('bookinfo', 'external', { hosts: ['www.googleapis.com'], http: route('www.googleapis.com') }),
  vs('bookinfo', 'malformed', { hosts: 'reviews', http: [{ route: 'nope' }, null] }),
  dr('bookinfo', 'reviews', 'reviews'),
  dr('bookinfo', 'all-of-bookinfo', '*.bookinfo.svc.cluster.local'),
  dr('bookinfo', 'everything', '*'),
  dr('other', 'reviews-short', 'reviews'),
  dr('bookinfo', 'other-domain', 'ratings.bookinfo.svc.corp.example'),
  { kind: 'Gateway', metadata: { namespace: 'bookinfo', name: 'gw' }, spec: { hosts: ['reviews'] } },
  { kind: 'DestinationRule', metadata: { name: 'no-namespace' }, spec: { host: 'reviews' } },
];

const services = ['productpage', 'details', 'reviews', 'ratings'].map((name) => ({
  namespace: 'bookinfo',
  name,
}));
const lookup = serviceConfigIndex(
  objects,
  [...services, { namespace: 'other', name: 'reviews' }],
  new Set(['bookinfo', 'other']),
  'cluster.local',
);
const found = (namespace: string, name: string) =>
  lookup(namespace, name).map(
    (m) => `${m.object.kind} ${m.object.metadata?.namespace}/${m.object.metadata?.name} ${m.relation}`,
  );

describe('serviceConfigIndex', () => {
  it.each([
    {
      what: 'a short host, an FQDN from another namespace and a wildcard DR, sorted by kind, namespace, name',
      service: ['bookinfo', 'reviews'],
      config: [
        'DestinationRule bookinfo/all-of-bookinfo host',
        'DestinationRule bookinfo/reviews host',
        'VirtualService bookinfo/reviews host',
        'VirtualService other/cross-ns host',
      ],
    },
    {
      what: 'a route destination of a gateway VirtualService (a bare * host concerns nobody)',
      service: ['bookinfo', 'productpage'],
      config: [
        'DestinationRule bookinfo/all-of-bookinfo host',
        'VirtualService bookinfo/gateway-routes destination',
      ],
    },
    {
      what: 'TCP and TLS route destinations',
      service: ['bookinfo', 'details'],
      config: [
        'DestinationRule bookinfo/all-of-bookinfo host',
        'VirtualService bookinfo/tls-only destination',
        'VirtualService other/cross-ns destination',
      ],
    },
    {
      what: 'name.namespace hosts and an FQDN of another cluster domain; host wins over destination',
      service: ['bookinfo', 'ratings'],
      config: [
        'DestinationRule bookinfo/all-of-bookinfo host',
        'DestinationRule bookinfo/other-domain host',
        'VirtualService bookinfo/ratings-dotted host',
      ],
    },
    {
      what: 'short hosts relative to the config namespace only',
      service: ['other', 'reviews'],
      config: ['DestinationRule other/reviews-short host'],
    },
    { what: 'nothing for an unknown service', service: ['bookinfo', 'nope'], config: [] },
  ])('$what', ({ service, config }) => {
    expect(found(service[0]!, service[1]!)).toEqual(config);
  });

  it('answers the objects it was given (identity), so callers keep their own fields', () => {
    const [first] = lookup('bookinfo', 'reviews');
    expect(objects).toContain(first!.object);
  });
});

describe('workloadVersions', () => {
  it.each([
    { labels: [{ version: 'v3' }, { version: 'v1' }, { version: 'v1' }, {}], versions: ['v1', 'v3'] },
    { labels: [{ app: 'x' }], versions: [] },
    { labels: [], versions: [] },
  ])('$versions', ({ labels, versions }) => {
    expect(workloadVersions(labels.map((l) => ({ labels: l as Record<string, string> })))).toEqual(versions);
  });
});

describe('routingSummary', () => {
  it.each([
    { what: 'VirtualService hosts', object: objects[0]!, summary: { hosts: ['reviews'], subsets: [] } },
    { what: 'malformed hosts', object: objects[6]!, summary: { hosts: [], subsets: [] } },
    {
      what: 'DestinationRule host and subset names',
      object: {
        kind: 'DestinationRule',
        metadata: { namespace: 'a', name: 'r' },
        spec: { host: 'reviews', subsets: [{ name: 'v1' }, { labels: {} }, { name: 'v2' }] },
      },
      summary: { hosts: ['reviews'], subsets: ['v1', 'v2'] },
    },
    {
      what: 'a DestinationRule without a host',
      object: { kind: 'DestinationRule', spec: null },
      summary: { hosts: [], subsets: [] },
    },
  ])('$what', ({ object, summary }) => {
    expect(routingSummary(object)).toEqual(summary);
  });
});
