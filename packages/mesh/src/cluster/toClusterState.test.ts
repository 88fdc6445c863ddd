import { describe, expect, it } from 'vitest';
import { loadFixture } from '../graph/__fixtures__/load.ts';
import { canonicalRevision, canonicalService } from './clusterState.ts';
import { toClusterState, type KubeObjectJson } from './toClusterState.ts';

describe('toClusterState', () => {
  const state = toClusterState(loadFixture('bookinfo').objects);
  const workload = (ns: string, name: string) => {
    const w = state.workloads.find((x) => x.namespace === ns && x.name === name);
    if (!w) throw new Error(`no workload ${ns}/${name}`);
    return w;
  };

  it('turns every Deployment into a workload with replicas from its spec and status', () => {
    expect(state.workloads).toHaveLength(11);
    expect(workload('bookinfo', 'reviews-v3')).toMatchObject({
      app: 'reviews',
      version: 'v3',
      desiredReplicas: 2,
      readyReplicas: 1,
      hasSidecar: true,
      serviceAccount: 'bookinfo-reviews',
      labels: { app: 'reviews', version: 'v3' },
    });
    expect(workload('bookinfo', 'details-v1').annotations).toEqual({
      'health.sextant.io/rate': '4XX/2/5/http/inbound',
    });
  });

  it.each([
    ['bookinfo', 'productpage-v1', true, 'pod has the istio-proxy container'],
    ['default', 'sleep', false, 'opted out, no proxy'],
    ['istio-system', 'istio-ingressgateway', true, 'the gateway runs Envoy as istio-proxy'],
    ['istio-system', 'istiod', false, 'control plane'],
    ['bookinfo', 'ratings-v2', true, 'scaled to 0: predicted from the namespace injection label'],
  ])('%s/%s has a sidecar: %s (%s)', (ns, name, expected) => {
    expect(workload(ns, name).hasSidecar).toBe(expected);
  });

  it('reads canonical names like Istio: labels first, workload name and "latest" last', () => {
    const ingress = workload('istio-system', 'istio-ingressgateway');
    expect(canonicalService(ingress)).toBe('istio-ingressgateway');
    expect(canonicalRevision(ingress)).toBe('latest');
    const bare = toClusterState({
      deployments: [
        {
          metadata: { namespace: 'x', name: 'bare' },
          spec: { template: { metadata: { labels: { run: 'bare' } } } },
        },
      ],
    }).workloads[0]!;
    expect([
      canonicalService(bare),
      canonicalRevision(bare),
      bare.desiredReplicas,
      bare.readyReplicas,
    ]).toEqual(['bare', 'latest', 1, 0]);
    const canonical = toClusterState({
      deployments: [
        {
          metadata: { namespace: 'x', name: 'c' },
          spec: {
            template: {
              metadata: {
                labels: {
                  app: 'a',
                  'service.istio.io/canonical-name': 'cn',
                  'app.kubernetes.io/version': '2',
                },
              },
            },
          },
        },
      ],
    }).workloads[0]!;
    expect([canonical.app, canonical.version]).toEqual(['cn', '2']);
  });

  it('reads services, ServiceEntries and Istio objects', () => {
    expect(state.services.find((s) => s.name === 'mongodb')).toMatchObject({
      namespace: 'bookinfo',
      selector: { app: 'mongodb' },
      ports: [{ name: 'tcp-mongo', port: 27017, protocol: 'TCP' }],
    });
    expect(state.serviceEntries).toEqual([
      {
        namespace: 'bookinfo',
        name: 'googleapis',
        hosts: ['www.googleapis.com', 'storage.googleapis.com'],
        location: 'MESH_EXTERNAL',
        exportTo: [],
      },
    ]);
    expect(state.virtualServices.map((v) => v.name).sort()).toEqual([
      'bookinfo',
      'details',
      'ratings',
      'reviews',
    ]);
    expect(state.peerAuthentications[0]).toMatchObject({
      namespace: 'istio-system',
      created: '2025-01-01T00:00:00Z',
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(state.namespaces.map((n) => n.name)).toEqual(['istio-system', 'bookinfo', 'default']);
    expect(state).toMatchObject({
      clusterName: 'Kubernetes',
      mesh: { rootNamespace: 'istio-system', autoMtls: true },
    });
  });

  it.each([
    {
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.12' },
      read: { type: 'ClusterIP', clusterIP: '10.96.0.12' },
    },
    { spec: { clusterIP: 'None' }, read: { clusterIP: 'None' } },
    { spec: { type: 7 }, read: {} },
  ])('reads a service type and clusterIP when present: $read', ({ spec, read }) => {
    const [service] = toClusterState({
      services: [{ metadata: { namespace: 'a', name: 's' }, spec }],
    }).services;
    expect({ type: service!.type, clusterIP: service!.clusterIP }).toEqual({
      type: undefined,
      clusterIP: undefined,
      ...read,
    });
  });

  it('accepts client library objects (Date timestamps) and skips objects without a name', () => {
    const withDate: KubeObjectJson = {
      metadata: { namespace: 'a', name: 'pa', creationTimestamp: new Date('2025-03-01T00:00:00Z') },
      spec: { mtls: { mode: 'DISABLE' } },
    };
    const s = toClusterState(
      {
        peerAuthentications: [withDate, { metadata: { namespace: 'a' }, spec: {} }],
        services: [{ spec: 'garbage' }],
      },
      { clusterName: 'east', mesh: { autoMtls: false } },
    );
    expect(s.peerAuthentications).toEqual([
      {
        namespace: 'a',
        name: 'pa',
        created: '2025-03-01T00:00:00.000Z',
        spec: { mtls: { mode: 'DISABLE' } },
      },
    ]);
    expect(s.services).toEqual([]);
    expect(s.clusterName).toBe('east');
    expect(s.mesh).toEqual({
      rootNamespace: 'istio-system',
      autoMtls: false,
      clusterDomain: 'cluster.local',
    });
  });

  it('defaults a ServiceEntry to MESH_EXTERNAL and tolerates malformed specs', () => {
    const s = toClusterState({
      serviceEntries: [{ metadata: { namespace: 'a', name: 'se' }, spec: { hosts: ['API.example.com', 7] } }],
      deployments: [{ metadata: { namespace: 'a', name: 'd' }, spec: { replicas: 'three' }, status: [] }],
    });
    expect(s.serviceEntries[0]).toMatchObject({ hosts: ['api.example.com'], location: 'MESH_EXTERNAL' });
    expect(s.workloads[0]).toMatchObject({ desiredReplicas: 1, readyReplicas: 0, hasSidecar: false });
  });
});
