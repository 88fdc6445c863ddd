import { describe, expect, it } from 'vitest';
import type { DestinationRuleSpec, VirtualServiceSpec } from '../cluster/clusterState.ts';
import { emptyClusterState } from '../cluster/clusterState.ts';
import type { ConfigBadges } from './configBadges.ts';
import { configBadgeIndex, destinationRuleBadges, virtualServiceBadges } from './configBadges.ts';
import { hostMatches, qualifyHost } from './hosts.ts';

const route = (...weights: Array<number | undefined>) =>
  weights.map((weight, i) => ({
    destination: { host: 'reviews', subset: `v${i + 1}` },
    ...(weight === undefined ? {} : { weight }),
  }));

describe('virtualServiceBadges', () => {
  it.each<[string, VirtualServiceSpec, ConfigBadges]>([
    ['a plain route', { hosts: ['reviews'], http: [{ route: route(undefined) }] }, { hasVS: true }],
    ['a weighted split', { http: [{ route: route(80, 20) }] }, { hasVS: true, hasTrafficShifting: true }],
    ['100/0 is no split', { http: [{ route: route(100, 0) }] }, { hasVS: true }],
    ['a TCP split', { tcp: [{ route: route(50, 50) }] }, { hasVS: true, hasTrafficShifting: true }],
    [
      'fault injection',
      { http: [{ fault: { delay: { fixedDelay: '5s' } }, route: route(undefined) }] },
      { hasVS: true, hasFaultInjection: true },
    ],
    [
      'a timeout',
      { http: [{ timeout: '2s', route: route(undefined) }] },
      { hasVS: true, hasRequestTimeout: true },
    ],
    [
      'a mirror',
      { http: [{ mirror: { host: 'reviews' }, route: route(undefined) }] },
      { hasVS: true, hasMirroring: true },
    ],
    [
      'mirrors',
      { http: [{ mirrors: [{ destination: { host: 'reviews' } }], route: route(undefined) }] },
      { hasVS: true, hasMirroring: true },
    ],
  ])('%s', (_what, spec, badges) => {
    expect(virtualServiceBadges(spec)).toEqual(badges);
  });
});

describe('destinationRuleBadges', () => {
  it.each<[string, DestinationRuleSpec, ConfigBadges]>([
    [
      'subsets only',
      { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
      { hasDR: true },
    ],
    [
      'connection pool',
      { host: 'r', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } },
      { hasDR: true, hasCB: true },
    ],
    [
      'outlier detection',
      { host: 'r', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1 } } },
      { hasDR: true, hasCB: true },
    ],
    [
      'port-level pool',
      {
        host: 'r',
        trafficPolicy: {
          portLevelSettings: [
            { port: { number: 80 }, connectionPool: { http: { http1MaxPendingRequests: 1 } } },
          ],
        },
      },
      { hasDR: true, hasCB: true },
    ],
    [
      'in a subset',
      {
        host: 'r',
        subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1 } } }],
      },
      { hasDR: true, hasCB: true },
    ],
    ['TLS only', { host: 'r', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, { hasDR: true }],
  ])('%s', (_what, spec, badges) => {
    expect(destinationRuleBadges(spec)).toEqual(badges);
  });
});

describe('configBadgeIndex', () => {
  const ns = (name: string) => ({ name, labels: {}, annotations: {} });
  const vs = (namespace: string, hosts: string[], spec: Partial<VirtualServiceSpec> = {}) => ({
    namespace,
    name: `vs-${hosts.join('-')}`,
    spec: { hosts, http: [{ route: route(undefined) }], ...spec },
  });
  const index = configBadgeIndex(
    emptyClusterState({
      namespaces: [ns('bookinfo'), ns('other')],
      virtualServices: [
        vs('bookinfo', ['reviews']),
        vs('other', ['ratings.bookinfo'], { http: [{ timeout: '1s', route: route(undefined) }] }),
        vs('other', ['details.bookinfo.svc.cluster.local'], { http: [{ route: route(50, 50) }] }),
        vs('bookinfo', ['*'], { gateways: ['bookinfo-gateway'] }),
        vs('bookinfo', ['*.googleapis.com']),
      ],
      destinationRules: [{ namespace: 'other', name: 'pp', spec: { host: 'productpage' } }],
    }),
  );

  it.each<[string, string, string, ConfigBadges]>([
    ['a short host, in its own namespace', 'bookinfo', 'reviews', { hasVS: true }],
    [
      '`name.namespace` from another namespace',
      'bookinfo',
      'ratings',
      { hasVS: true, hasRequestTimeout: true },
    ],
    ['an FQDN', 'bookinfo', 'details', { hasVS: true, hasTrafficShifting: true }],
    ['a short host is relative to its config namespace', 'other', 'productpage', { hasDR: true }],
    ['a short host does not reach another namespace', 'bookinfo', 'productpage', {}],
    ['a catch-all `*` badges nothing', 'bookinfo', 'nothing', {}],
  ])('%s', (_what, namespace, name, badges) => {
    expect(index.forService(namespace, name)).toEqual(badges);
  });

  it('matches wildcard hosts against ServiceEntry hosts', () => {
    expect(index.forHosts(['www.googleapis.com', 'example.com'])).toEqual({ hasVS: true });
    expect(index.forHost('example.com')).toEqual({});
  });
});

describe('hosts', () => {
  const known = new Set(['bookinfo']);
  it.each([
    ['reviews', 'bookinfo', 'reviews.bookinfo.svc.cluster.local'],
    ['Reviews', 'other', 'reviews.other.svc.cluster.local'],
    ['reviews.bookinfo', 'other', 'reviews.bookinfo.svc.cluster.local'],
    ['example.com', 'bookinfo', 'example.com'],
    ['reviews.bookinfo.svc.cluster.local.', 'x', 'reviews.bookinfo.svc.cluster.local'],
    ['*', 'x', '*'],
    ['*.example.com', 'x', '*.example.com'],
  ])('qualifies %s in %s as %s', (host, ns, expected) => {
    expect(qualifyHost(host, ns, known, 'cluster.local')).toBe(expected);
  });

  it.each([
    ['*', 'anything', true],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'example.com', false],
    ['a.b', 'a.b', true],
    ['a.b', 'x.a.b', false],
  ])('%s matches %s: %s', (pattern, host, expected) => {
    expect(hostMatches(pattern, host)).toBe(expected);
  });
});
