import { KubeConfig } from '@kubernetes/client-node';
import { FAULT_SWITCH_PATH, startMeshSim, type MeshSim } from '@sextant/mesh-sim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InformerKubeClient, KUBE_KINDS } from '../src/clients/kube.client.ts';
import { silentLogger } from '../src/testing/fakes.ts';

/**
 * The server's Kubernetes client against mesh-sim's real API server when that API server goes
 * away and comes back with its state, as on every cluster upgrade (issue 12: the caches stayed
 * unusable for good).
 */
describe('watch caches across an API server restart', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<{ sim: MeshSim; kube: InformerKubeClient }> {
    const sim = await startMeshSim({ scenario: 'bookinfo', metricsPort: 0, tickMs: 60_000 });
    cleanups.push(() => sim.stop());
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfigYaml);
    const kube = new InformerKubeClient(kc, silentLogger, {
      cache: { retryDelayMs: 50, maxRetryDelayMs: 200 },
    });
    cleanups.push(() => kube.stop());
    kube.start();
    await vi.waitFor(() => expect(kube.status().synced).toBe(true), { timeout: 10_000 });
    return { sim, kube };
  }

  const names = (kube: InformerKubeClient, kind: 'namespaces' | 'virtualServices') =>
    kube
      .snapshot()
      .objects[kind].map((o) => o.metadata?.name)
      .sort();

  it.each(['down', 'unavailable'] as const)(
    'API %s, then back: stale meanwhile, synced again with what changed while it was away',
    async (mode) => {
      const { sim, kube } = await setup();
      expect(names(kube, 'namespaces')).toContain('bookinfo');

      await sim.setKubeApiMode(mode);
      // The first failure may be the dropped watch; the next LIST tells what the API server is doing.
      await vi.waitFor(
        () => expect(kube.status().lastError).toMatch(mode === 'down' ? /ECONNREFUSED/ : /HTTP 503/),
        { timeout: 10_000 },
      );
      const during = kube.status();
      expect(during.synced).toBe(false);
      expect(during.usable).toBe(true);
      expect(during.staleSince).toBeTypeOf('number');
      await expect(kube.listNamespaces()).resolves.toContainEqual(
        expect.objectContaining({ metadata: expect.objectContaining({ name: 'bookinfo' }) as unknown }),
      );

      // The cluster changes while its API is away (controllers writing to etcd).
      sim.store.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'created-during-outage' } },
      );
      sim.store.create(
        { group: 'networking.istio.io', resource: 'virtualservices' },
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'during-outage', namespace: 'bookinfo' },
          spec: { hosts: ['reviews'] },
        },
      );

      await sim.setKubeApiMode('up');
      await vi.waitFor(
        () => {
          const statuses = kube.statuses();
          expect(KUBE_KINDS.filter((kind) => !statuses[kind].synced)).toEqual([]);
        },
        { timeout: 15_000 },
      );
      expect(kube.status()).toMatchObject({ synced: true, usable: true, staleSince: undefined });
      expect(names(kube, 'namespaces')).toContain('created-during-outage');
      expect(names(kube, 'virtualServices')).toContain('during-outage');

      // And the watches are live again: a change after the restart arrives without a LIST.
      sim.store.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'after-restart' } },
      );
      await vi.waitFor(() => expect(names(kube, 'namespaces')).toContain('after-restart'), {
        timeout: 5_000,
      });
    },
  );

  it('the switch answers on the metrics port, which stays up while the API is away', async () => {
    const { sim } = await setup();
    const url = new URL(FAULT_SWITCH_PATH, sim.metrics).toString();
    const put = (body: string) => fetch(url, { method: 'PUT', body });
    expect(await (await fetch(url)).json()).toEqual({ mode: 'up' });
    expect((await put('{"mode":"sideways"}')).status).toBe(400);
    expect(await (await put('{"mode":"down"}')).json()).toEqual({ mode: 'down' });
    await expect(fetch(`${sim.kubeApi}/version`)).rejects.toThrow();
    expect(await (await put('{"mode":"up"}')).json()).toEqual({ mode: 'up' });
    expect((await fetch(`${sim.kubeApi}/version`)).status).toBe(200);
  });
});
