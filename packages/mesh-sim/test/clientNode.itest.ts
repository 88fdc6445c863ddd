import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshSim, type MeshSim } from '../src/index.ts';

// The server's own client library, unchanged, against the simulated cluster.
let sim: MeshSim;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  sim = await startMeshSim({ scenario: 'bookinfo' });
  kc = new k8s.KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml);
});
afterAll(async () => {
  await sim.stop();
});

const GROUP = 'networking.istio.io';

describe('@kubernetes/client-node against mesh-sim', () => {
  it('lists namespaces and pods with the typed client', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(['bookinfo', 'default', 'istio-system']);
    const pods = await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=productpage' });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0]!.status?.phase).toBe('Running');
  });

  it('replaces a custom object and gets 409 for a stale resourceVersion', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const body = {
      apiVersion: `${GROUP}/v1`,
      kind: 'DestinationRule',
      metadata: { name: 'reviews' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    };
    const created = (await custom.createNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'destinationrules',
      body,
    })) as k8s.KubernetesObject;
    const staleVersion = created.metadata!.resourceVersion;
    await custom.replaceNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'destinationrules',
      name: 'reviews',
      body: {
        ...body,
        metadata: { name: 'reviews', resourceVersion: staleVersion },
        spec: { ...body.spec, subsets: [{ name: 'v2', labels: { version: 'v2' } }] },
      },
    });
    const error = await custom
      .replaceNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        namespace: 'bookinfo',
        plural: 'destinationrules',
        name: 'reviews',
        body: { ...body, metadata: { name: 'reviews', resourceVersion: staleVersion } },
      })
      .then(
        () => undefined,
        (e: unknown) => e as k8s.ApiException<string>,
      );
    expect(error?.code).toBe(409);
    expect(JSON.parse(error!.body)).toMatchObject({ kind: 'Status', reason: 'Conflict' });
    const current = (await custom.getNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'destinationrules',
      name: 'reviews',
    })) as { spec: { subsets: Array<{ name: string }> } };
    expect(current.spec.subsets.map((s) => s.name)).toEqual(['v2']);
  });

  it('feeds an informer: initial list, then watch events', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const path = `/apis/${GROUP}/v1/virtualservices`;
    const informer = k8s.makeInformer(
      kc,
      path,
      () =>
        custom.listCustomObjectForAllNamespaces({
          group: GROUP,
          version: 'v1',
          plural: 'virtualservices',
        }) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>,
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    await informer.start();
    try {
      await until(() => seen.includes('add bookinfo'));
      const body = {
        apiVersion: `${GROUP}/v1`,
        kind: 'VirtualService',
        metadata: { name: 'ratings' },
        spec: { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings' } }] }] },
      };
      await custom.createNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        namespace: 'bookinfo',
        plural: 'virtualservices',
        body,
      });
      await until(() => seen.includes('add ratings'));
      await custom.patchNamespacedCustomObject(
        {
          group: GROUP,
          version: 'v1',
          namespace: 'bookinfo',
          plural: 'virtualservices',
          name: 'ratings',
          body: { metadata: { labels: { a: 'b' } } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await until(() => seen.includes('update ratings'));
      await custom.deleteNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        namespace: 'bookinfo',
        plural: 'virtualservices',
        name: 'ratings',
      });
      await until(() => seen.includes('delete ratings'));
      expect(informer.list().map((o) => o.metadata?.name)).toEqual(['bookinfo']);
    } finally {
      await informer.stop();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
