import { describe, expect, it } from 'vitest';
import type { IstioConfigObject } from '../validation/context.ts';
import { bookinfoObjects, oddDestinationRules, reviewsDestinationRule } from './__fixtures__/objects.ts';
import {
  destinationRuleToForm,
  emptySubsetForm,
  formToDestinationRule,
  freshSubsetKey,
  type DestinationRuleForm,
} from './destinationRuleForm.ts';
import { cloneJson } from './json.ts';

function edit(obj: IstioConfigObject, change: (form: DestinationRuleForm) => void): any {
  const form = destinationRuleToForm(obj);
  change(form);
  return formToDestinationRule(form, obj);
}

const spec = (o: IstioConfigObject) => o.spec as any;

const rules: Array<[string, IstioConfigObject]> = [
  [
    'kubectl-applied reviews (consistent hash, tcp keepalive, tls certificates, tunnel, status)',
    reviewsDestinationRule,
  ],
  ...oddDestinationRules.map((o): [string, IstioConfigObject] => [`odd: ${o.metadata?.name}`, o]),
  ...bookinfoObjects()
    .filter((o) => o.kind === 'DestinationRule')
    .map((o): [string, IstioConfigObject] => [`bookinfo fixture: ${o.metadata?.name}`, o]),
];

describe('destinationRuleToForm / formToDestinationRule round trip', () => {
  it.each(rules)('%s comes back identical, key order included', (_what, obj) => {
    const before = cloneJson(obj);
    const back = formToDestinationRule(destinationRuleToForm(obj), obj);
    expect(JSON.stringify(back)).toBe(JSON.stringify(obj));
    expect(back).toEqual(obj);
    expect(obj).toEqual(before);
  });

  it('reads what the form models', () => {
    const form = destinationRuleToForm(reviewsDestinationRule);
    expect(form.host).toBe('reviews.bookinfo.svc.cluster.local');
    expect(form.trafficPolicy).toEqual({
      loadBalancer: undefined,
      connectionPool: {
        tcpMaxConnections: 100,
        http1MaxPendingRequests: 10,
        http2MaxRequests: 1000,
        maxRequestsPerConnection: 10,
      },
      outlierDetection: {
        consecutive5xxErrors: 7,
        interval: '5m',
        baseEjectionTime: '15m',
        maxEjectionPercent: 50,
      },
      tlsMode: 'SIMPLE',
    });
    expect(form.subsets.map((s) => [s.key, s.name, s.labels, s.trafficPolicy.loadBalancer])).toEqual([
      ['subsets[0]', 'v1', [{ name: 'version', value: 'v1' }], undefined],
      [
        'subsets[1]',
        'v2',
        [
          { name: 'version', value: 'v2' },
          { name: 'track', value: 'canary' },
        ],
        'ROUND_ROBIN',
      ],
      ['subsets[2]', 'v3', [{ name: 'version', value: 'v3' }], undefined],
    ]);
  });

  it('shows unknown enum values as unset', () => {
    const form = destinationRuleToForm(oddDestinationRules[2]!);
    expect([form.trafficPolicy.loadBalancer, form.trafficPolicy.tlsMode]).toEqual([undefined, undefined]);
    expect(form.subsets[0]?.labels).toEqual([{ name: 'version', value: 'v1' }]);
  });
});

describe('editing a DestinationRule through the form', () => {
  it('removing a subset keeps the others whole', () => {
    const out = edit(reviewsDestinationRule, (f) => f.subsets.splice(1, 1));
    expect(out.spec.subsets).toEqual([
      spec(reviewsDestinationRule).subsets[0],
      spec(reviewsDestinationRule).subsets[2],
    ]);
    const expected = cloneJson(reviewsDestinationRule) as any;
    expected.spec.subsets.splice(1, 1);
    expect(out).toEqual(expected);
  });

  it('adding and renaming subsets, editing labels', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      f.subsets[0]!.name = 'stable';
      f.subsets[1]!.labels = [{ name: 'version', value: 'v2' }];
      f.subsets.push({
        ...emptySubsetForm(freshSubsetKey(f), 'v4'),
        labels: [
          { name: 'version', value: 'v4' },
          { name: ' ', value: 'dropped' },
        ],
      });
    });
    expect(out.spec.subsets[0]).toEqual({ name: 'stable', labels: { version: 'v1' } });
    expect(out.spec.subsets[1].labels).toEqual({ version: 'v2' });
    expect(out.spec.subsets[1].trafficPolicy).toEqual(spec(reviewsDestinationRule).subsets[1].trafficPolicy);
    expect(out.spec.subsets[3]).toEqual({ name: 'v4', labels: { version: 'v4' } });
  });

  it('connection pool and outlier detection edits keep the settings the form does not show', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      f.trafficPolicy.connectionPool.http2MaxRequests = 50;
      f.trafficPolicy.connectionPool.tcpMaxConnections = undefined;
      f.trafficPolicy.outlierDetection = {};
    });
    const policy = out.spec.trafficPolicy;
    expect(policy.connectionPool).toEqual({
      tcp: { connectTimeout: '30ms', tcpKeepalive: { time: '7200s', interval: '75s' } },
      http: {
        http1MaxPendingRequests: 10,
        http2MaxRequests: 50,
        maxRequestsPerConnection: 10,
        idleTimeout: '1h',
      },
    });
    expect(policy.outlierDetection).toEqual({ splitExternalLocalOriginErrors: true });
    expect(policy.portLevelSettings).toEqual(spec(reviewsDestinationRule).trafficPolicy.portLevelSettings);
  });

  it('a simple load balancer replaces consistent hashing (a oneof), keeping locality settings', () => {
    const out = edit(reviewsDestinationRule, (f) => (f.trafficPolicy.loadBalancer = 'LEAST_REQUEST'));
    expect(out.spec.trafficPolicy.loadBalancer).toEqual({
      localityLbSetting: { enabled: true },
      simple: 'LEAST_REQUEST',
    });
  });

  it('the TLS mode changes alone; certificates stay', () => {
    const out = edit(reviewsDestinationRule, (f) => (f.trafficPolicy.tlsMode = 'MUTUAL'));
    expect(out.spec.trafficPolicy.tls).toEqual({
      mode: 'MUTUAL',
      credentialName: 'reviews-cert',
      sni: 'reviews.example.com',
    });
  });

  it('clearing every field of a subset policy removes it; setting one creates it', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      f.subsets[2]!.trafficPolicy.connectionPool.tcpMaxConnections = undefined;
      f.subsets[0]!.trafficPolicy.outlierDetection.consecutive5xxErrors = 3;
    });
    expect(out.spec.subsets[2]).toEqual({ name: 'v3', labels: { version: 'v3' }, futureSubset: 1 });
    expect(out.spec.subsets[0].trafficPolicy).toEqual({ outlierDetection: { consecutive5xxErrors: 3 } });
  });

  it('edits on an odd rule keep what the form cannot show', () => {
    const out = edit(oddDestinationRules[2]!, (f) => {
      f.host = 'y';
      f.subsets[0]!.labels.push({ name: 'track', value: 'a' });
      f.trafficPolicy.connectionPool.tcpMaxConnections = 5;
    });
    expect(out.spec).toEqual({
      host: 'y',
      subsets: [{ name: 'n', labels: { weird: 3, version: 'v1', track: 'a' } }, {}],
      trafficPolicy: {
        loadBalancer: { simple: 'FUTURE_ALGO' },
        tls: { mode: 'FUTURE_MODE' },
        connectionPool: { tcp: { maxConnections: 5 } },
      },
      futureSpec: ['x'],
    });
  });

  it('builds a spec on an object without one', () => {
    const out = edit(oddDestinationRules[0]!, (f) => {
      f.host = 'ratings';
      f.trafficPolicy.tlsMode = 'ISTIO_MUTUAL';
    });
    expect(out.spec).toEqual({ host: 'ratings', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
  });
});
