import { describe, expect, it } from 'vitest';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import {
  imageTag,
  podSummary,
  podsOfDeployment,
  selectorConfigFor,
  sortConfigRefs,
  worstSeverity,
} from './appliedConfig.ts';

const reviews: WorkloadInfo = {
  namespace: 'bookinfo',
  name: 'reviews-v1',
  labels: { app: 'reviews', version: 'v1' },
  annotations: {},
  desiredReplicas: 1,
  readyReplicas: 1,
  hasSidecar: true,
  serviceAccount: 'default',
};

const obj = (kind: string, namespace: string, name: string, spec: unknown) => ({
  kind,
  metadata: { namespace, name },
  spec,
});

describe('selectorConfigFor', () => {
  const cases: Array<[string, ReturnType<typeof obj>, boolean]> = [
    [
      'policy with a matching selector',
      obj('AuthorizationPolicy', 'bookinfo', 'a', { selector: { matchLabels: { app: 'reviews' } } }),
      true,
    ],
    [
      'policy selecting another app',
      obj('AuthorizationPolicy', 'bookinfo', 'a', { selector: { matchLabels: { app: 'ratings' } } }),
      false,
    ],
    [
      'namespace-wide policy',
      obj('PeerAuthentication', 'bookinfo', 'default', { mtls: { mode: 'STRICT' } }),
      true,
    ],
    [
      'mesh-wide policy from the root namespace',
      obj('PeerAuthentication', 'istio-system', 'default', {}),
      true,
    ],
    ['namespace-wide policy of another namespace', obj('PeerAuthentication', 'other', 'default', {}), false],
    [
      'selector of another namespace',
      obj('RequestAuthentication', 'other', 'r', { selector: { matchLabels: { app: 'reviews' } } }),
      false,
    ],
    [
      'Sidecar by workloadSelector',
      obj('Sidecar', 'bookinfo', 's', { workloadSelector: { labels: { version: 'v1' } } }),
      true,
    ],
    ['Sidecar for the namespace', obj('Sidecar', 'bookinfo', 's', { egress: [] }), true],
    [
      'Gateway selecting it, from anywhere',
      obj('Gateway', 'istio-system', 'g', { selector: { app: 'reviews' } }),
      true,
    ],
    ['Gateway without selector', obj('Gateway', 'bookinfo', 'g', {}), false],
    [
      'routing kinds go through Services',
      obj('VirtualService', 'bookinfo', 'v', { hosts: ['reviews'] }),
      false,
    ],
  ];
  it.each(cases)('%s', (_, o, applies) => {
    expect(selectorConfigFor(reviews, [o], 'istio-system')).toEqual(applies ? [o] : []);
  });
});

describe('worstSeverity / sortConfigRefs', () => {
  const v = (severity: 'error' | 'warning' | 'info') => ({
    code: 'x',
    severity,
    message: '',
    path: '',
    objectRef: { kind: 'VirtualService' as const, namespace: 'n', name: 'n' },
  });
  it('picks the worst', () => {
    expect(worstSeverity([v('info'), v('error'), v('warning')])).toBe('error');
    expect(worstSeverity([])).toBeUndefined();
  });
  it('sorts by kind, namespace and name and keeps the first of duplicates', () => {
    const refs = sortConfigRefs([
      { kind: 'VirtualService', namespace: 'b', name: 'x', via: 'service' },
      { kind: 'DestinationRule', namespace: 'b', name: 'x', via: 'service' },
      { kind: 'VirtualService', namespace: 'a', name: 'x', via: 'service' },
      { kind: 'VirtualService', namespace: 'b', name: 'x', via: 'selector' },
    ] as const);
    expect(refs.map((r) => `${r.kind}/${r.namespace}/${r.name}/${r.via}`)).toEqual([
      'DestinationRule/b/x/service',
      'VirtualService/a/x/service',
      'VirtualService/b/x/service',
    ]);
  });
});

describe('pods', () => {
  const deployment = {
    metadata: { namespace: 'bookinfo', name: 'reviews-v1' },
    spec: { selector: { matchLabels: { app: 'reviews', version: 'v1' } } },
  };
  const pod = (name: string, labels: Record<string, string>, extra: object = {}) => ({
    metadata: { namespace: 'bookinfo', name, labels, creationTimestamp: '2026-01-01T00:00:00Z' },
    ...extra,
  });
  it('picks the pods the selector matches', () => {
    const pods = [pod('a', { app: 'reviews', version: 'v1' }), pod('b', { app: 'reviews', version: 'v2' })];
    expect(podsOfDeployment(deployment, pods).map((p) => p.metadata?.name)).toEqual(['a']);
  });
  it('summarises phase, readiness, restarts and the sidecar', () => {
    const p = pod(
      'a',
      {},
      {
        spec: {
          containers: [
            { name: 'reviews', image: 'reviews:1' },
            { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.0' },
          ],
        },
        status: {
          phase: 'Running',
          containerStatuses: [
            { name: 'reviews', ready: true, restartCount: 2 },
            { name: 'istio-proxy', ready: false, restartCount: 1 },
          ],
        },
      },
    );
    expect(podSummary(p)).toEqual({
      name: 'a',
      phase: 'Running',
      readyContainers: 1,
      containers: 2,
      restarts: 3,
      created: '2026-01-01T00:00:00Z',
      proxy: { image: 'docker.io/istio/proxyv2:1.24.0', version: '1.24.0' },
    });
    expect(podSummary(pod('b', {})).phase).toBe('Unknown');
    expect(podSummary(pod('b', {})).proxy).toBeUndefined();
  });
  const tags: Array<[string, string | undefined]> = [
    ['docker.io/istio/proxyv2:1.24.0', '1.24.0'],
    ['localhost:5000/proxyv2', undefined],
    ['localhost:5000/proxyv2:1.2@sha256:abc', '1.2'],
    ['proxyv2@sha256:abc', undefined],
  ];
  it.each(tags)('imageTag(%s)', (image, tag) => expect(imageTag(image)).toBe(tag));
});
