import { appListSchema, workloadDetailsSchema, workloadListSchema } from '@sextant/contracts';
import { kubectl, startStack, type Stack } from '@sextant/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Workloads and Applications routes against mesh-sim's bookinfo and a real Prometheus: the one
 * inbound query per list must find the simulated traffic by workload and by app, and pod readiness
 * must follow a `kubectl scale`.
 */
describe('workloads and apps against mesh-sim and Prometheus', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ scenario: 'bookinfo', scrapeIntervalSeconds: 2 });
    await stack.prometheus.waitForSamples(
      'istio_requests_total{reporter="destination",destination_workload="productpage-v1"}',
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`${stack.urls.sextant}${path}`);
    expect(res.status, path).toBe(200);
    return res.json();
  };

  /** Polls until `check` passes: Prometheus needs two scrapes before rate() has a value. */
  async function eventually<T>(
    read: () => Promise<T>,
    check: (value: T) => boolean,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (check(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('lists bookinfo workloads with inbound rates from Prometheus and their config', async () => {
    const list = await eventually(
      async () => workloadListSchema.parse(await get('/api/namespaces/bookinfo/workloads?duration=1m')),
      (l) => (l.workloads.find((w) => w.name === 'productpage-v1')?.traffic?.requestRate ?? 0) > 0,
    );
    expect(list.errors).toBeUndefined();
    expect(list.workloads.map((w) => w.name)).toEqual([
      'details-v1',
      'mongodb-v1',
      'productpage-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    const productpage = list.workloads.find((w) => w.name === 'productpage-v1')!;
    expect(productpage.traffic!.requestRate).toBeGreaterThan(1);
    expect(productpage.hasSidecar).toBe(true);
    expect(productpage.istioConfig.map((c) => `${c.kind}/${c.name}`)).toContain('VirtualService/bookinfo');
    expect(productpage.health.status).not.toBe('NA');
  });

  it('groups apps and sums their versions', async () => {
    const apps = await eventually(
      async () => appListSchema.parse(await get('/api/namespaces/bookinfo/apps?duration=1m')),
      (l) => (l.apps.find((a) => a.name === 'reviews')?.traffic?.requestRate ?? 0) > 0,
    );
    const reviews = apps.apps.find((a) => a.name === 'reviews')!;
    expect(reviews.versions).toEqual(['v1', 'v2', 'v3']);
    expect(reviews.traffic!.requestRate).toBeGreaterThan(0);
  });

  it('follows kubectl scale: no pods, and health says why', async () => {
    await kubectl(stack.kubeconfig, ['-n', 'bookinfo', 'scale', 'deployment/mongodb-v1', '--replicas=0']);
    const details = await eventually(
      async () => workloadDetailsSchema.parse(await get('/api/namespaces/bookinfo/workloads/mongodb-v1')),
      (d) => d.pods.length === 0,
      30_000,
    );
    expect(details.workload.replicas).toBe(0);
    expect(details.workload.health.reasons).toContain('mongodb-v1: scaled to 0 replicas');
  });
});
