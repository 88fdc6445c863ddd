import { describe, expect, it } from 'vitest';
import { seed } from '../scenarios/seed.ts';
import { ObjectStore } from '../store/store.ts';
import { deployment, namespace, service } from '../scenarios/objects.ts';
import { startControllers } from './index.ts';
import { injectionWanted } from './injection.ts';
import type { KubeObject } from '../store/types.ts';

const PODS = { group: '', resource: 'pods' };
const DEPLOYMENTS = { group: 'apps', resource: 'deployments' };

function cluster(objects: KubeObject[]) {
  const store = new ObjectStore();
  seed(store, objects);
  const controllers = startControllers(store, { seed: 'test', now: () => new Date('2026-01-01T00:00:00Z') });
  controllers.settle();
  return { store, controllers };
}

const web = (replicas: number, sidecar?: boolean) =>
  deployment({
    namespace: 'shop',
    app: 'web',
    version: 'v1',
    replicas,
    port: 8080,
    ...(sidecar === false ? { sidecar } : {}),
  });

describe('deployment controller', () => {
  it('runs spec.replicas ready pods with the sidecar injected, and reports status', () => {
    const { store, controllers } = cluster([namespace('shop', { 'istio-injection': 'enabled' }), web(2)]);
    const pods = store.list(PODS, 'shop');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^web-v1-[a-z0-9]{10}-[a-z0-9]{5}$/);
      expect((pod.spec as any).containers.map((c: { name: string }) => c.name)).toEqual([
        'web',
        'istio-proxy',
      ]);
      expect(pod.metadata.labels).toMatchObject({
        'service.istio.io/canonical-name': 'web',
        'service.istio.io/canonical-revision': 'v1',
        'security.istio.io/tlsMode': 'istio',
      });
      expect(pod.status).toMatchObject({ phase: 'Running' });
    }
    expect(store.get(DEPLOYMENTS, 'shop', 'web-v1')?.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    controllers.stop();
  });

  it('follows scale down to zero and back up', () => {
    const { store, controllers } = cluster([namespace('shop'), web(3)]);
    const d = store.get(DEPLOYMENTS, 'shop', 'web-v1')!;
    store.update(DEPLOYMENTS, { ...d, spec: { ...(d.spec as object), replicas: 0 } });
    controllers.settle();
    expect(store.list(PODS, 'shop')).toEqual([]);
    expect(store.get(DEPLOYMENTS, 'shop', 'web-v1')?.status).toMatchObject({ replicas: 0, readyReplicas: 0 });
    const d2 = store.get(DEPLOYMENTS, 'shop', 'web-v1')!;
    store.update(DEPLOYMENTS, { ...d2, spec: { ...(d2.spec as object), replicas: 1 } });
    controllers.settle();
    expect(store.list(PODS, 'shop')).toHaveLength(1);
    controllers.stop();
  });

  it('replaces pods when the template changes and removes them with the deployment', () => {
    const { store, controllers } = cluster([namespace('shop'), web(1)]);
    const [before] = store.list(PODS, 'shop');
    const d = store.get(DEPLOYMENTS, 'shop', 'web-v1')! as any;
    store.update(DEPLOYMENTS, {
      ...d,
      spec: {
        ...d.spec,
        template: {
          ...d.spec.template,
          metadata: { labels: { ...d.spec.template.metadata.labels, rev: '2' } },
        },
      },
    });
    controllers.settle();
    const after = store.list(PODS, 'shop');
    expect(after).toHaveLength(1);
    expect(after[0]!.metadata.name).not.toBe(before!.metadata.name);
    expect(after[0]!.metadata.labels?.rev).toBe('2');
    store.delete(DEPLOYMENTS, 'shop', 'web-v1');
    controllers.settle();
    expect(store.list(PODS, 'shop')).toEqual([]);
    controllers.stop();
  });

  it('keeps endpoints in step with ready pods', () => {
    const { store, controllers } = cluster([
      namespace('shop'),
      web(2),
      service('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }]),
    ]);
    const ep = store.get({ group: '', resource: 'endpoints' }, 'shop', 'web') as any;
    expect(ep.subsets[0].addresses).toHaveLength(2);
    expect(ep.subsets[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    store.delete({ group: '', resource: 'services' }, 'shop', 'web');
    controllers.settle();
    expect(store.get({ group: '', resource: 'endpoints' }, 'shop', 'web')).toBeUndefined();
    controllers.stop();
  });
});

describe('injectionWanted', () => {
  const pod = (
    labels: Record<string, string> = {},
    annotations: Record<string, string> = {},
  ): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels, annotations } });
  it.each([
    [{ 'istio-injection': 'enabled' }, pod(), true],
    [{}, pod(), false],
    [{ 'istio-injection': 'disabled' }, pod(), false],
    [{ 'istio.io/rev': 'canary' }, pod(), true],
    [{ 'istio-injection': 'enabled' }, pod({ 'sidecar.istio.io/inject': 'false' }), false],
    [{ 'istio-injection': 'enabled' }, pod({}, { 'sidecar.istio.io/inject': 'false' }), false],
    [{}, pod({ 'sidecar.istio.io/inject': 'true' }), true],
  ])('namespace %j, pod %j -> %s', (nsLabels, p, expected) => {
    expect(injectionWanted(namespace('x', nsLabels), p)).toBe(expected);
  });
});
