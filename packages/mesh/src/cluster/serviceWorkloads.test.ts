import { describe, expect, it } from 'vitest';
import { emptyClusterState, type ServiceInfo, type WorkloadInfo } from './clusterState.ts';
import { serviceWorkloads, servicesOf } from './serviceWorkloads.ts';

const workload = (name: string, labels: Record<string, string>, namespace = 'bookinfo'): WorkloadInfo => ({
  namespace,
  name,
  labels,
  annotations: {},
  desiredReplicas: 2,
  readyReplicas: 2,
  hasSidecar: true,
  serviceAccount: 'default',
});

const service = (name: string, selector: Record<string, string>, namespace = 'bookinfo'): ServiceInfo => ({
  namespace,
  name,
  selector,
  ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
  labels: {},
  annotations: {},
});

const cluster = emptyClusterState({
  services: [
    service('reviews', { app: 'reviews' }),
    service('details', { app: 'details' }),
    service('headless', {}),
    service('reviews', { app: 'reviews' }, 'other'),
  ],
  workloads: [
    workload('reviews-v3', { app: 'reviews', version: 'v3' }),
    workload('reviews-v1', { app: 'reviews', version: 'v1' }),
    workload('reviews-v2', { app: 'reviews', version: 'v2', track: 'canary' }),
    workload('details-v1', { app: 'details', version: 'v1' }),
    workload('reviews-elsewhere', { app: 'reviews', version: 'v9' }, 'other'),
    workload('unlabelled', {}),
  ],
});

describe('serviceWorkloads', () => {
  it.each([
    {
      what: 'the workloads whose template labels the selector matches, in the namespace, sorted',
      name: 'reviews',
      workloads: ['reviews-v1', 'reviews-v2', 'reviews-v3'],
    },
    { what: 'one workload', name: 'details', workloads: ['details-v1'] },
    { what: 'none for a selector-less service', name: 'headless', workloads: [] },
  ])('$what', ({ name, workloads }) => {
    expect(serviceWorkloads(cluster, 'bookinfo', name)?.workloads.map((w) => w.name)).toEqual(workloads);
  });

  it('carries the labels, kind and replicas of each workload and the selector', () => {
    const result = serviceWorkloads(cluster, 'bookinfo', 'reviews')!;
    expect(result.selector).toEqual({ app: 'reviews' });
    expect(result.workloads[1]).toEqual({
      name: 'reviews-v2',
      kind: 'Deployment',
      labels: { app: 'reviews', version: 'v2', track: 'canary' },
      replicas: 2,
      readyReplicas: 2,
    });
  });

  it('is undefined for an unknown service or namespace', () => {
    expect(serviceWorkloads(cluster, 'bookinfo', 'nope')).toBeUndefined();
    expect(serviceWorkloads(cluster, 'nope', 'reviews')).toBeUndefined();
  });
});

describe('servicesOf', () => {
  it('lists the services of one namespace, sorted, with selector and ports', () => {
    expect(servicesOf(cluster, 'bookinfo').map((s) => s.name)).toEqual(['details', 'headless', 'reviews']);
    expect(servicesOf(cluster, 'other')).toEqual([
      {
        name: 'reviews',
        namespace: 'other',
        selector: { app: 'reviews' },
        ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
        labels: {},
      },
    ]);
  });

  it('carries the type and clusterIP when the cache has them', () => {
    const typed = emptyClusterState({
      services: [{ ...service('db', {}), type: 'ClusterIP', clusterIP: 'None', labels: { tier: 'data' } }],
    });
    expect(servicesOf(typed, 'bookinfo')[0]).toMatchObject({
      labels: { tier: 'data' },
      type: 'ClusterIP',
      clusterIP: 'None',
    });
  });
});
