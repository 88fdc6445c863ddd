import {
  appListSchema,
  graphSchema,
  meshStatusSchema,
  overviewSchema,
  workloadDetailsSchema,
  workloadListSchema,
  type Overview,
} from '@sextant/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGraphStack, type GraphStack } from './graphStack.ts';

/** The Overview and Mesh routes against mesh-sim's Bookinfo and a real Prometheus. */
let stack: GraphStack;

beforeAll(async () => {
  stack = await startGraphStack();
  await stack.prometheus.waitForSamples(
    'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}[2m])) > 0',
    { timeoutMs: 60_000, intervalMs: 250 },
  );
});

afterAll(async () => {
  await stack?.stop();
});

async function overview(): Promise<Overview> {
  const res = await fetch(`${stack.url}/api/overview`);
  expect(res.status).toBe(200);
  return overviewSchema.parse(await res.json());
}

const DETAILS = '/apis/apps/v1/namespaces/bookinfo/deployments/details-v1';

async function scaleDetails(replicas: number): Promise<void> {
  const deployment = (await stack.kube('GET', DETAILS)) as { spec: { replicas: number } };
  await stack.kube('PUT', DETAILS, { ...deployment, spec: { ...deployment.spec, replicas } });
}

describe('GET /api/overview against Prometheus', () => {
  it('bookinfo: healthy apps and workloads, inbound traffic as a series, config counted', async () => {
    const body = await vi.waitFor(
      async () => {
        const o = await overview();
        const bookinfo = o.namespaces.find((n) => n.name === 'bookinfo');
        expect(bookinfo?.traffic?.requestRate).toBeGreaterThan(0);
        return o;
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(body.errors).toBeUndefined();
    expect(body.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining(['bookinfo', 'istio-system']));
    const bookinfo = body.namespaces.find((n) => n.name === 'bookinfo')!;
    expect(bookinfo.istioInjection).toBe(true);
    expect(bookinfo.workloads.failing).toBe(0);
    expect(bookinfo.workloads.healthy).toBeGreaterThanOrEqual(6);
    expect(bookinfo.traffic!.requestSeries.length).toBeGreaterThanOrEqual(1);
    expect(bookinfo.traffic!.errorPercent).not.toBeNull();
    expect(bookinfo.config).not.toBeNull();
  });

  it('a Deployment scaled to zero: it is Not Ready, its caller fails, and every page says the same', async () => {
    await scaleDetails(0);
    try {
      const bookinfo = await vi.waitFor(
        async () => {
          const ns = (await overview()).namespaces.find((n) => n.name === 'bookinfo')!;
          expect(ns.health).toBe('failing');
          return ns;
        },
        { timeout: 30_000, interval: 500 },
      );
      // productpage's calls to details get 503 UH: productpage fails as a caller.
      expect(bookinfo.reasons[0]).toMatch(
        /^productpage(-v1)?: .*outbound HTTP requests got 5xx or no response/,
      );
      expect(bookinfo.reasons).toContain('details-v1: scaled to 0 replicas');
      expect(bookinfo.traffic!.errorPercent).toBeGreaterThan(0);

      // One health rule: the lists, the details page and the graph's nodes agree with the Overview.
      await vi.waitFor(
        async () => {
          const [o, workloads, apps, details, graph] = await Promise.all([
            overview(),
            getJson('/api/namespaces/bookinfo/workloads?duration=2m', workloadListSchema),
            getJson('/api/namespaces/bookinfo/apps?duration=2m', appListSchema),
            getJson('/api/namespaces/bookinfo/workloads/productpage-v1?duration=2m', workloadDetailsSchema),
            getJson(
              '/api/namespaces/graph?namespaces=bookinfo&graphType=workload&duration=120s&appenders=health',
              graphSchema,
            ),
          ]);
          const ns = o.namespaces.find((n) => n.name === 'bookinfo')!;
          const statusOf = (list: Array<{ name: string; health: { status: string } }>, name: string) =>
            list.find((x) => x.name === name)?.health.status;
          expect(statusOf(workloads.workloads, 'details-v1')).toBe('Not Ready');
          expect(statusOf(workloads.workloads, 'productpage-v1')).toBe('Failure');
          expect(statusOf(apps.apps, 'productpage')).toBe('Failure');
          expect(details.workload.health.status).toBe('Failure');
          const node = (name: string) =>
            graph.elements.nodes.find((n) => n.data.nodeType === 'workload' && n.data.workload === name)
              ?.data;
          expect(node('productpage-v1')?.health).toBe('Failure');
          expect(node('productpage-v1')?.healthReasons?.[0]).toMatch(/outbound HTTP requests got 5xx/);
          expect(ns.workloads).toEqual(counts(workloads.workloads));
          expect(ns.apps).toEqual(counts(apps.apps));
        },
        { timeout: 30_000, interval: 1_000 },
      );
    } finally {
      await scaleDetails(1);
    }
  });
});

async function getJson<T>(path: string, schema: { parse: (x: unknown) => T }): Promise<T> {
  const res = await fetch(`${stack.url}${path}`);
  expect(res.status, path).toBe(200);
  return schema.parse(await res.json());
}

/** The Overview's counts of a list's health states. */
function counts(list: ReadonlyArray<{ health: { status: string } }>) {
  const by = (status: string) => list.filter((x) => x.health.status === status).length;
  return {
    healthy: by('Healthy'),
    degraded: by('Degraded'),
    failing: by('Failure'),
    notReady: by('Not Ready'),
    noData: by('NA'),
  };
}

describe('GET /api/mesh against mesh-sim', () => {
  it('finds istiod and the ingress gateway, with their versions, healthy', async () => {
    const res = await fetch(`${stack.url}/api/mesh`);
    expect(res.status).toBe(200);
    const mesh = meshStatusSchema.parse(await res.json());
    expect(mesh.controlPlane).toEqual([
      expect.objectContaining({
        name: 'istiod',
        version: '1.24.0',
        health: { status: 'Healthy', reasons: [] },
      }),
    ]);
    expect(mesh.gateways).toEqual([
      expect.objectContaining({ name: 'istio-ingressgateway', role: 'ingressgateway', version: '1.24.0' }),
    ]);
  });

  it('istiod has no traffic: the graph the web app asks for (idle nodes off) has no istiod node; idle nodes on, it is idle', async () => {
    const istiodNodes = async (appenders: string) => {
      const res = await fetch(
        `${stack.url}/api/namespaces/graph?namespaces=bookinfo,istio-system&graphType=workload&appenders=${appenders}`,
      );
      const graph = graphSchema.parse(await res.json());
      expect(graph.elements.nodes.length).toBeGreaterThan(0);
      return graph.elements.nodes.filter((n) => n.data.workload === 'istiod').map((n) => n.data);
    };
    // The web app's default appenders (apps/web/src/api/graph.ts GRAPH_APPENDERS).
    const webDefault = 'deadNode,health,istio,meshCheck,responseTime,securityPolicy,serviceEntry,throughput';
    expect(await istiodNodes(webDefault)).toEqual([]);
    expect(await istiodNodes(`${webDefault},idleNode`)).toEqual([expect.objectContaining({ isIdle: true })]);
  });
});
