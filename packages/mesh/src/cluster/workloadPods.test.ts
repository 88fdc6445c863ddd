import { describe, expect, it } from 'vitest';
import type { KubeObjectJson } from './toClusterState.ts';
import { workloadPods } from './workloadPods.ts';

const deployment: KubeObjectJson = {
  metadata: { name: 'reviews-v1', namespace: 'bookinfo' },
  spec: { selector: { matchLabels: { app: 'reviews', version: 'v1' } } },
};
const pod = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  startTime: string,
  ready = true,
): KubeObjectJson => ({
  metadata: { name, namespace, labels },
  spec: {
    containers: [{ name: 'istio-proxy' }, { name: 'reviews' }],
    initContainers: [{ name: 'istio-init' }],
  },
  status: {
    phase: 'Running',
    startTime,
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  },
});

describe('workloadPods', () => {
  it('lists the pods the selector matches in the namespace, newest first, app containers before the sidecar', () => {
    const pods = [
      pod('reviews-v1-old', 'bookinfo', { app: 'reviews', version: 'v1' }, '2026-01-01T00:00:00Z'),
      pod('reviews-v1-new', 'bookinfo', { app: 'reviews', version: 'v1' }, '2026-01-02T00:00:00Z', false),
      pod('reviews-v2-x', 'bookinfo', { app: 'reviews', version: 'v2' }, '2026-01-02T00:00:00Z'),
      pod('reviews-v1-elsewhere', 'shop', { app: 'reviews', version: 'v1' }, '2026-01-02T00:00:00Z'),
    ];
    expect(workloadPods(deployment, pods)).toEqual([
      {
        name: 'reviews-v1-new',
        phase: 'Running',
        ready: false,
        startTime: '2026-01-02T00:00:00Z',
        containers: [
          { name: 'reviews', isSidecar: false, isInit: false },
          { name: 'istio-proxy', isSidecar: true, isInit: false },
          { name: 'istio-init', isSidecar: false, isInit: true },
        ],
      },
      expect.objectContaining({ name: 'reviews-v1-old', ready: true }),
    ]);
  });

  it('selects nothing without a selector', () => {
    expect(
      workloadPods({ metadata: { name: 'x', namespace: 'bookinfo' }, spec: {} }, [
        pod('x-1', 'bookinfo', {}, '2026-01-01T00:00:00Z'),
      ]),
    ).toEqual([]);
  });
});
