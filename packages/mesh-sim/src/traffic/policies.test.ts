import { describe, expect, it } from 'vitest';
import type { ConfigEntry, DestinationRuleSpec, PeerAuthenticationSpec } from './cluster.ts';
import { destinationTls, selectDestinationRule } from './destinationRule.ts';
import { parseDurationMs } from './duration.ts';
import { dnsCandidates, hostMatches, qualifyConfigHost } from './hosts.ts';
import { effectiveMtlsMode } from './peerAuthentication.ts';
import { DEFAULT_RETRY_POLICY, isRetriable, parseRetryOn } from './retryPolicy.ts';

const entry = <S>(
  namespace: string,
  name: string,
  spec: S,
  created = '2024-01-01T00:00:00Z',
): ConfigEntry<S> => ({
  namespace,
  name,
  spec,
  created,
});

describe('parseDurationMs', () => {
  it.each([
    ['1s', 1000],
    ['0.5s', 500],
    ['100ms', 100],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['0.100s', 100],
    ['250us', 0.25],
    ['', undefined],
    ['5', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('%j -> %j', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});

describe('hosts', () => {
  it.each([
    ['reviews', 'bookinfo', 'reviews.bookinfo.svc.cluster.local'],
    ['reviews.bookinfo.svc.cluster.local', 'default', 'reviews.bookinfo.svc.cluster.local'],
    ['reviews.bookinfo', 'default', 'reviews.bookinfo'],
    ['*', 'x', '*'],
    ['*.bookinfo.svc.cluster.local', 'x', '*.bookinfo.svc.cluster.local'],
    ['Reviews', 'bookinfo', 'reviews.bookinfo.svc.cluster.local'],
  ])('qualifyConfigHost(%s, %s) = %s', (host, ns, expected) => {
    expect(qualifyConfigHost(host, ns)).toBe(expected);
  });

  it.each([
    ['*', 'anything.example.com', true],
    ['*.bookinfo.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local', true],
    ['*.bookinfo.svc.cluster.local', 'reviews.default.svc.cluster.local', false],
    ['*.googleapis.com', 'www.googleapis.com', true],
    ['reviews.bookinfo.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local', true],
    ['reviews.bookinfo.svc.cluster.local', 'ratings.bookinfo.svc.cluster.local', false],
  ])('hostMatches(%s, %s) = %s', (pattern, host, expected) => {
    expect(hostMatches(pattern, host)).toBe(expected);
  });

  it('walks the pod DNS search path', () => {
    expect(dnsCandidates('reviews.bookinfo', 'default')).toEqual([
      'reviews.bookinfo.default.svc.cluster.local',
      'reviews.bookinfo.svc.cluster.local',
      'reviews.bookinfo.cluster.local',
      'reviews.bookinfo',
    ]);
    expect(dnsCandidates('reviews.bookinfo.svc.cluster.local.', 'x')).toEqual([
      'reviews.bookinfo.svc.cluster.local',
    ]);
  });
});

describe('effectiveMtlsMode', () => {
  const productpage = { namespace: 'bookinfo', labels: { app: 'productpage' } };
  const pa = (ns: string, name: string, spec: PeerAuthenticationSpec, created?: string) =>
    entry(ns, name, spec, created);
  it.each<[string, ConfigEntry<PeerAuthenticationSpec>[], number, string]>([
    ['nothing: PERMISSIVE', [], 9080, 'PERMISSIVE'],
    ['mesh STRICT', [pa('istio-system', 'default', { mtls: { mode: 'STRICT' } })], 9080, 'STRICT'],
    [
      'namespace overrides mesh',
      [
        pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
        pa('bookinfo', 'default', { mtls: { mode: 'DISABLE' } }),
      ],
      9080,
      'DISABLE',
    ],
    [
      'UNSET inherits',
      [
        pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
        pa('bookinfo', 'default', { mtls: { mode: 'UNSET' } }),
      ],
      9080,
      'STRICT',
    ],
    [
      'workload selector beats namespace',
      [
        pa('bookinfo', 'default', { mtls: { mode: 'STRICT' } }),
        pa('bookinfo', 'pp', {
          selector: { matchLabels: { app: 'productpage' } },
          mtls: { mode: 'PERMISSIVE' },
        }),
      ],
      9080,
      'PERMISSIVE',
    ],
    [
      'selector for another app is ignored',
      [pa('bookinfo', 'r', { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' } })],
      9080,
      'PERMISSIVE',
    ],
    [
      'port level on a workload policy',
      [
        pa('bookinfo', 'pp', {
          selector: { matchLabels: { app: 'productpage' } },
          mtls: { mode: 'STRICT' },
          portLevelMtls: { '9080': { mode: 'DISABLE' } },
        }),
      ],
      9080,
      'DISABLE',
    ],
    [
      'port level for another port',
      [
        pa('bookinfo', 'pp', {
          selector: { matchLabels: { app: 'productpage' } },
          mtls: { mode: 'STRICT' },
          portLevelMtls: { '8080': { mode: 'DISABLE' } },
        }),
      ],
      9080,
      'STRICT',
    ],
    [
      'policy in another namespace does not apply',
      [pa('default', 'default', { mtls: { mode: 'STRICT' } })],
      9080,
      'PERMISSIVE',
    ],
    [
      'the oldest namespace policy wins',
      [
        pa('bookinfo', 'b', { mtls: { mode: 'DISABLE' } }, '2024-02-01T00:00:00Z'),
        pa('bookinfo', 'a', { mtls: { mode: 'STRICT' } }, '2024-01-01T00:00:00Z'),
      ],
      9080,
      'STRICT',
    ],
  ])('%s', (_name, policies, port, expected) => {
    expect(effectiveMtlsMode(policies, productpage, port, 'istio-system')).toBe(expected);
  });
});

describe('DestinationRule lookup and TLS', () => {
  const dr = (ns: string, name: string, spec: DestinationRuleSpec) => entry(ns, name, spec);
  const host = 'reviews.bookinfo.svc.cluster.local';

  it('prefers the client namespace, then the service namespace, then the root namespace', () => {
    const rules = [
      dr('istio-system', 'root', { host: '*.bookinfo.svc.cluster.local' }),
      dr('bookinfo', 'svc', { host: 'reviews' }),
      dr('default', 'client', { host: host }),
    ];
    expect(selectDestinationRule(rules, host, 'default', 'bookinfo', 'istio-system')?.name).toBe('client');
    expect(selectDestinationRule(rules, host, 'bookinfo', 'bookinfo', 'istio-system')?.name).toBe('svc');
    expect(selectDestinationRule(rules, host, 'other', 'bookinfo', 'istio-system')?.name).toBe('svc');
    expect(selectDestinationRule(rules.slice(0, 1), host, 'other', 'bookinfo', 'istio-system')?.name).toBe(
      'root',
    );
  });

  it('honours exportTo "."', () => {
    const rules = [dr('bookinfo', 'private', { host: 'reviews', exportTo: ['.'] })];
    expect(selectDestinationRule(rules, host, 'default', 'bookinfo', 'istio-system')).toBeUndefined();
    expect(selectDestinationRule(rules, host, 'bookinfo', 'bookinfo', 'istio-system')?.name).toBe('private');
  });

  it.each<[string, DestinationRuleSpec, string | undefined, number, string | undefined]>([
    ['no tls', { host: 'reviews' }, undefined, 9080, undefined],
    [
      'top level',
      { host: 'reviews', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      undefined,
      9080,
      'ISTIO_MUTUAL',
    ],
    [
      'port level beats top level',
      {
        host: 'reviews',
        trafficPolicy: {
          tls: { mode: 'ISTIO_MUTUAL' },
          portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'DISABLE' } }],
        },
      },
      undefined,
      9080,
      'DISABLE',
    ],
    [
      'subset policy beats top level',
      {
        host: 'reviews',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'DISABLE' } } }],
      },
      'v1',
      9080,
      'DISABLE',
    ],
    [
      'other subset keeps top level',
      {
        host: 'reviews',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'DISABLE' } } }],
      },
      'v2',
      9080,
      'ISTIO_MUTUAL',
    ],
  ])('%s', (_name, spec, subset, port, expected) => {
    expect(destinationTls(dr('bookinfo', 'r', spec), subset, port)).toBe(expected);
  });
});

describe('gRPC retry conditions', () => {
  it.each([
    // Istio's default policy retries UNAVAILABLE and CANCELLED, never NOT_FOUND.
    [DEFAULT_RETRY_POLICY, 14, true],
    [DEFAULT_RETRY_POLICY, 1, true],
    [DEFAULT_RETRY_POLICY, 5, false],
    [DEFAULT_RETRY_POLICY, 4, false],
    [parseRetryOn('deadline-exceeded,resource-exhausted,internal', 2, undefined), 4, true],
    [parseRetryOn('deadline-exceeded,resource-exhausted,internal', 2, undefined), 8, true],
    [parseRetryOn('deadline-exceeded,resource-exhausted,internal', 2, undefined), 13, true],
    [parseRetryOn('deadline-exceeded,resource-exhausted,internal', 2, undefined), 14, false],
    // HTTP conditions say nothing about a gRPC status behind an HTTP 200.
    [parseRetryOn('5xx,gateway-error,constructor', 2, undefined), 14, false],
  ])('%#: status %i retried: %s', (policy, status, retried) => {
    expect(isRetriable(policy, { kind: 'grpc', status })).toBe(retried);
  });
});
