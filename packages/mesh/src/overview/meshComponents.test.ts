import { describe, expect, it } from 'vitest';
import { emptyClusterState } from '../cluster/clusterState.ts';
import { componentRole, componentVersion, meshStatus, type DeploymentFacts } from './meshComponents.ts';

const deployment = (over: Partial<DeploymentFacts>): DeploymentFacts => ({
  namespace: 'istio-system',
  name: 'istiod',
  labels: { app: 'istiod' },
  images: ['docker.io/istio/pilot:1.24.2'],
  desiredReplicas: 1,
  readyReplicas: 1,
  ...over,
});

describe('componentRole', () => {
  it.each([
    [{ app: 'istiod' }, 'istiod'],
    [{ istio: 'pilot' }, 'istiod'],
    [{ istio: 'ingressgateway' }, 'ingressgateway'],
    [{ istio: 'shop-ingressgateway' }, 'ingressgateway'],
    [{ istio: 'egressgateway' }, 'egressgateway'],
    [{ app: 'reviews' }, undefined],
  ])('%j -> %s', (labels, role) => {
    expect(componentRole(labels)).toBe(role);
  });
});

describe('componentVersion', () => {
  it.each<[string[], Record<string, string>, string | null]>([
    [['docker.io/istio/pilot:1.24.2'], {}, '1.24.2'],
    [['registry:5000/istio/proxyv2:1.23.0-distroless'], {}, '1.23.0-distroless'],
    [['docker.io/istio/pilot@sha256:abc'], { 'istio.io/rev': '1-24' }, '1-24'],
    [['istio/pilot:latest'], { 'app.kubernetes.io/version': '1.22.1' }, '1.22.1'],
    [['istio/pilot'], {}, null],
    [[], {}, null],
  ])('%j %j -> %s', (images, labels, version) => {
    expect(componentVersion({ images, labels })).toBe(version);
  });
});

describe('meshStatus', () => {
  const pa = (
    name: string,
    mode: string | undefined,
    created: string,
    selector?: Record<string, string>,
  ) => ({
    namespace: 'istio-system',
    name,
    created,
    spec: {
      ...(mode ? { mtls: { mode: mode as 'STRICT' } } : {}),
      ...(selector ? { selector: { matchLabels: selector } } : {}),
    },
  });

  it('splits control plane and gateways, judges their pods, reads the mesh-wide policy', () => {
    const out = meshStatus({
      state: emptyClusterState({
        peerAuthentications: [pa('narrow', 'DISABLE', '2020', { app: 'x' }), pa('default', 'STRICT', '2021')],
      }),
      deployments: [
        deployment({}),
        deployment({
          name: 'istio-ingressgateway',
          labels: { istio: 'ingressgateway' },
          images: ['istio/proxyv2:1.24.2'],
          readyReplicas: 0,
        }),
        deployment({ namespace: 'shop', name: 'cart', labels: { app: 'cart' } }),
      ],
      namespaces: ['istio-system', 'shop'],
      mtlsStatus: 'ENABLED',
      objectsByNamespace: new Map([
        ['shop', 2],
        ['hidden', 5],
      ]),
      findings: [
        {
          code: 'x',
          severity: 'error',
          message: '',
          objectRef: { kind: 'VirtualService', namespace: 'shop', name: 'a' },
          path: '',
        },
        {
          code: 'x',
          severity: 'error',
          message: '',
          objectRef: { kind: 'VirtualService', namespace: 'hidden', name: 'a' },
          path: '',
        },
      ],
    });
    expect(out.controlPlane).toEqual([
      expect.objectContaining({
        name: 'istiod',
        version: '1.24.2',
        health: { status: 'Healthy', reasons: [] },
      }),
    ]);
    expect(out.gateways).toEqual([
      expect.objectContaining({
        name: 'istio-ingressgateway',
        role: 'ingressgateway',
        health: { status: 'Failure', reasons: ['istio-ingressgateway: 0 of 1 pods ready'] },
      }),
    ]);
    expect(out.mtls).toEqual({ meshPolicyMode: 'STRICT', status: 'ENABLED' });
    expect(out.config).toEqual({ namespaces: 2, objects: 2, errors: 1, warnings: 0 });
  });

  it.each([
    [[], null],
    [[pa('default', undefined, '2020')], 'UNSET'],
    [[pa('b', 'PERMISSIVE', '2019'), pa('a', 'STRICT', '2020')], 'PERMISSIVE'],
  ])('mesh-wide policy %# -> %s', (policies, mode) => {
    const out = meshStatus({
      state: emptyClusterState({ peerAuthentications: policies }),
      deployments: [],
      namespaces: [],
      mtlsStatus: null,
      objectsByNamespace: new Map(),
      findings: [],
    });
    expect(out.mtls.meshPolicyMode).toBe(mode);
  });
});
