import { KubeConfig } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  changeDetailSchema,
  changeListSchema,
  configAtSchema,
  errorEnvelopeSchema,
  graphReplaySchema,
  namespaceListSchema,
  nodeMetricsSchema,
  tlsStatusSchema,
  type Graph,
  type GraphType,
} from '@sextant/contracts';
import { abortFault, versionSubsetsRule, weightedRoute } from '@sextant/mesh-sim';
import { freeLoopbackPort, startPrometheus, type RunningPrometheus } from '@sextant/mesh-sim/prometheus';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KUBE_KINDS } from '../src/clients/kube.client.ts';
import {
  edge,
  edgesInto,
  fetchGraph,
  node,
  startGraphStack,
  waitForGraph,
  type GraphStack,
} from './graphStack.ts';

/**
 * The graph API end to end: mesh-sim's Bookinfo with traffic, a real Prometheus scraping every
 * second, the server in-process with its real Kubernetes and Prometheus clients. Istio config is
 * changed through the Kubernetes API and every assertion polls until the graph shows it: a 10 s
 * window needs about ten seconds to forget the past.
 */
let stack: GraphStack;

/** The web app's graph request: versioned apps, service nodes, and the appenders its pages show. */
const WINDOW =
  'duration=10s&graphType=versionedApp&injectServiceNodes=true' +
  '&appenders=deadNode,health,istio,meshCheck,responseTime,securityPolicy,serviceEntry,throughput';
const NET = '/apis/networking.istio.io/v1/namespaces/bookinfo';
const SEC = '/apis/security.istio.io/v1';

// Kiali's node ids: a versioned-app node is keyed by its workload (Bookinfo's are `<app>-<version>`).
const app = (name: string, version?: string) =>
  version ? `vapp_Kubernetes_bookinfo_${name}-${version}` : `app_Kubernetes_bookinfo_${name}`;
const svc = (name: string) => `svc_Kubernetes_bookinfo_${name}`;
const wl = (name: string) => `wl_Kubernetes_bookinfo_${name}`;
const UNKNOWN = 'unknown_unknown_source';
const near = (actual: number | undefined, expected: number, tolerance: number) => {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance);
};
const getJson = async (path: string) => {
  const res = await fetch(`${stack.url}${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
};
const remove = (path: string) =>
  stack.kube('DELETE', path).catch((e: Error) => {
    if (!/-> 404/.test(e.message)) throw e;
  });

/** Every kind's cache of the server synced (Istio's included, which /readyz does not wait for). */
const cachesSynced = (url: string) =>
  vi.waitFor(
    async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text.match(/^sextant_kube_cache_synced\{kind="\w+"\} 1$/gm)).toHaveLength(KUBE_KINDS.length);
    },
    { timeout: 30_000, interval: 200 },
  );

/** A second Prometheus on the same mesh, with Istio's recording rules loaded (started early: its series need a while). */
let recordingProm: RunningPrometheus | undefined;

beforeAll(async () => {
  stack = await startGraphStack();
  recordingProm = await startPrometheus({
    scrapeTargets: [new URL(stack.sim.metrics!).host],
    scrapeIntervalSeconds: 1,
    ruleFiles: [
      fileURLToPath(new URL('../../../deploy/prometheus/sextant-recording-rules.yaml', import.meta.url)),
    ],
  });
  // Every cache synced, and a full window of traffic in Prometheus.
  await cachesSynced(stack.url);
  await stack.prometheus.waitForSamples(
    'count_over_time(up{job="mesh-sim"}[10s]) >= 10 and on() rate(istio_requests_total[10s]) > 0',
    { timeoutMs: 60_000, intervalMs: 250 },
  );
});

afterAll(async () => {
  await recordingProm?.stop();
  await stack?.stop();
});

describe('the Bookinfo graph', () => {
  it('versionedApp with service nodes: the reviews service splits ~33 % to each version', async () => {
    const g = await waitForGraph(stack.url, `namespaces=bookinfo&${WINDOW}`, (g) => {
      for (const v of ['v1', 'v2', 'v3'])
        near(edge(g, svc('reviews'), app('reviews', v)).traffic.rates?.httpPercentReq, 33.3, 8);
    });
    expect(g.graphType).toBe('versionedApp');
    expect(g.duration).toBe(10);
    expect(node(g, svc('reviews')).destServices).toEqual([
      { cluster: 'Kubernetes', namespace: 'bookinfo', name: 'reviews' },
    ]);
    near(edge(g, app('productpage', 'v1'), svc('reviews')).traffic.rates?.httpPercentReq, 50, 3);
  });

  it('without service nodes: productpage -> reviews v1/v2/v3, each ~1/6 of its outbound (details gets the other half)', async () => {
    await waitForGraph(
      stack.url,
      `namespaces=bookinfo&${WINDOW.replace('injectServiceNodes=true', 'injectServiceNodes=false')}`,
      (g) => {
        const pp = app('productpage', 'v1');
        for (const v of ['v1', 'v2', 'v3'])
          near(edge(g, pp, app('reviews', v)).traffic.rates?.httpPercentReq, 16.7, 5);
        near(edge(g, pp, app('details', 'v1')).traffic.rates?.httpPercentReq, 50, 3);
      },
    );
  });

  it('has the unknown caller, the ServiceEntry host and the TCP edge to mongodb', async () => {
    const g = await fetchGraph(stack.url, `namespaces=bookinfo&${WINDOW}`);
    expect(node(g, UNKNOWN)).toMatchObject({ nodeType: 'unknown', isRoot: true, isInaccessible: true });
    expect(edge(g, UNKNOWN, svc('productpage')).traffic.rates?.http).toBeGreaterThan(0);

    const entry = g.elements.nodes.find((n) => n.data.isServiceEntry?.hosts.includes('www.googleapis.com'));
    expect(entry?.data).toMatchObject({ nodeType: 'service', isServiceEntry: { location: 'MESH_EXTERNAL' } });
    expect(edge(g, app('details', 'v1'), entry!.data.id).traffic.rates?.http).toBeGreaterThan(0);

    const tcp = edge(g, app('ratings', 'v1'), svc('mongodb'), 'tcp');
    expect(tcp.traffic.rates?.tcp).toBeGreaterThan(0);
    expect(edge(g, svc('mongodb'), app('mongodb', 'v1'), 'tcp').traffic.rates?.tcp).toBeGreaterThan(0);
  });

  it.each<[GraphType, boolean, string, string]>([
    ['app', true, app('productpage'), svc('reviews')],
    ['app', false, app('productpage'), app('reviews')],
    ['versionedApp', false, app('productpage', 'v1'), app('reviews', 'v2')],
    ['workload', true, wl('productpage-v1'), svc('reviews')],
    ['workload', false, wl('productpage-v1'), wl('reviews-v2')],
    ['service', false, svc('productpage'), svc('reviews')],
  ])(
    'graphType=%s injectServiceNodes=%s has the edge %s -> %s',
    async (graphType, inject, source, target) => {
      const g = await fetchGraph(
        stack.url,
        `namespaces=bookinfo&duration=10s&graphType=${graphType}&injectServiceNodes=${inject}`,
      );
      expect(g.graphType).toBe(graphType);
      expect(edge(g, source, target).traffic.rates?.http).toBeGreaterThan(0);
      const hasReviewsService = g.elements.nodes.some((n) => n.data.id === svc('reviews'));
      expect(hasReviewsService).toBe(inject || graphType === 'service');
    },
  );
});

describe('graph replay', () => {
  it('each frame is the look-back graph at its time, from range queries', async () => {
    const end = Math.floor(Date.now() / 1000) - 2;
    const res = await getJson(
      `/api/namespaces/graph/replay?namespaces=bookinfo&${WINDOW}&start=${end - 6}&end=${end}&step=3`,
    );
    expect(res.status).toBe(200);
    const replay = graphReplaySchema.parse(res.body);
    expect(replay.frames.map((f) => f.time)).toEqual([end - 6, end - 3, end]);
    const sorted = (g: Graph) => ({
      ...g,
      elements: {
        nodes: [...g.elements.nodes].sort((a, b) => a.data.id.localeCompare(b.data.id)),
        edges: [...g.elements.edges].sort((a, b) => a.data.id.localeCompare(b.data.id)),
      },
    });
    for (const frame of replay.frames) {
      const lookBack = await fetchGraph(stack.url, `namespaces=bookinfo&${WINDOW}&queryTime=${frame.time}`);
      expect(sorted(frame.graph)).toEqual(sorted(lookBack));
    }
    expect(replay.frames.at(-1)!.graph.elements.edges.length).toBeGreaterThan(5);
  });
});

describe('the scope-first graph', () => {
  it('aggregates the same Prometheus data as the full graph: namespace edges are the sums of node edges', async () => {
    const queryTime = Math.floor(Date.now() / 1000) - 2;
    const params = `namespaces=bookinfo&duration=10s&graphType=workload&queryTime=${queryTime}`;
    const full = await fetchGraph(stack.url, params);
    const res = await fetch(`${stack.url}/api/namespaces/graph/aggregate?${params}`);
    expect(res.status).toBe(200);
    const scope = (await res.json()) as Graph;
    expect(scope.aggregation).toMatchObject({ level: 'namespace', queries: 2 });
    const bookinfo = node(scope, 'ns_Kubernetes_bookinfo');
    expect(bookinfo.aggregate?.workloads).toBeGreaterThanOrEqual(7);
    expect(bookinfo.aggregate?.nodes).toBe(bookinfo.aggregate?.workloads);

    /** The full graph's http rate from nodes matching `from` into bookinfo nodes. */
    const fullRate = (from: (n: Graph['elements']['nodes'][number]['data']) => boolean) => {
      const byId = new Map(full.elements.nodes.map((n) => [n.data.id, n.data]));
      return full.elements.edges
        .map((e) => e.data)
        .filter((e) => e.traffic.protocol === 'http')
        .filter((e) => from(byId.get(e.source)!) && byId.get(e.target)!.namespace === 'bookinfo')
        .reduce((total, e) => total + (e.traffic.rates?.http ?? 0), 0);
    };
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(a, b);
    const ingress = edge(scope, 'ns_Kubernetes_istio-system', 'ns_Kubernetes_bookinfo').traffic.rates!.http!;
    expect(ingress).toBeGreaterThan(0);
    expect(
      rel(
        ingress,
        fullRate((n) => n.namespace === 'istio-system'),
      ),
    ).toBeLessThan(0.01);
    const inside = edge(scope, 'ns_Kubernetes_bookinfo', 'ns_Kubernetes_bookinfo').traffic.rates!.http!;
    expect(
      rel(
        inside,
        fullRate((n) => n.namespace === 'bookinfo' && n.nodeType !== 'unknown'),
      ),
    ).toBeLessThan(0.01);
    // The unmeshed caller is the full graph's own unknown node.
    expect(edge(scope, UNKNOWN, 'ns_Kubernetes_bookinfo').traffic.rates?.http).toBeGreaterThan(0);
    expect(
      edge(scope, 'ns_Kubernetes_bookinfo', 'ns_Kubernetes_bookinfo', 'tcp').traffic.rates?.tcp,
    ).toBeGreaterThan(0);
    expect(scope.elements.nodes.length).toBeLessThan(full.elements.nodes.length);
  });
});

describe('Istio config changed through the Kubernetes API', () => {
  it('a 50 % abort fault on ratings: edges into ratings at ~50 % errors, Failure', async () => {
    await stack.kube(
      'POST',
      `${NET}/virtualservices`,
      abortFault('ratings', 50, 503, { name: 'ratings-fault' }),
    );
    try {
      const g = await waitForGraph(stack.url, `namespaces=bookinfo&${WINDOW}`, (g) => {
        const into = edgesInto(g, svc('ratings'));
        expect(into.map((e) => e.source).sort()).toEqual([app('reviews', 'v2'), app('reviews', 'v3')]);
        for (const e of into) {
          near(e.traffic.rates?.httpPercentErr, 50, 12);
          expect(e.health).toBe('Failure');
        }
      });
      expect(node(g, svc('ratings')).hasFaultInjection).toBe(true);
      expect(node(g, svc('ratings')).hasVS).toEqual({ hostnames: ['ratings'] });

      // The sparkline series agree: half of what the callers of ratings sent failed.
      await vi.waitFor(
        async () => {
          const { body } = await getJson(
            '/api/namespaces/bookinfo/services/ratings/metrics?duration=10s&step=1s&rateInterval=10s',
          );
          const m = nodeMetricsSchema.parse(body);
          const [, requests] = m.requestRate.at(-1)!;
          const [, errors] = m.errorRate.at(-1)!;
          near((errors / requests) * 100, 50, 12);
        },
        { timeout: 20_000, interval: 500 },
      );
    } finally {
      await remove(`${NET}/virtualservices/ratings-fault`);
    }
  });

  it('PeerAuthentication DISABLE then STRICT in bookinfo: no mTLS share, then 100, namespace status follows', async () => {
    const path = `${SEC}/namespaces/bookinfo/peerauthentications`;
    const policy = (mode: string, resourceVersion?: string) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'bookinfo', ...(resourceVersion ? { resourceVersion } : {}) },
      spec: { mtls: { mode } },
    });
    const query = `namespaces=bookinfo&${WINDOW}`;
    const nsTls = async () =>
      tlsStatusSchema.parse((await getJson('/api/namespaces/bookinfo/tls')).body).status;
    try {
      const created = (await stack.kube('POST', path, policy('DISABLE'))) as {
        metadata: { resourceVersion: string };
      };
      await expect.poll(nsTls, { timeout: 10_000 }).toBe('DISABLED');
      await waitForGraph(stack.url, query, (g) => {
        // Kiali reports the mTLS share only when some traffic was mutual TLS.
        expect(edge(g, svc('details'), app('details', 'v1')).isMTLS).toBeUndefined();
        expect(edge(g, svc('reviews'), app('reviews', 'v1')).isMTLS).toBeUndefined();
      });
      const listed = namespaceListSchema.parse((await getJson('/api/namespaces')).body);
      expect(listed.find((n) => n.name === 'bookinfo')?.mtls).toBe('DISABLED');

      await stack.kube('PUT', `${path}/default`, policy('STRICT', created.metadata.resourceVersion));
      await expect.poll(nsTls, { timeout: 10_000 }).toBe('ENABLED');
      await waitForGraph(stack.url, query, (g) => {
        expect(edge(g, svc('details'), app('details', 'v1')).isMTLS).toBe(100);
        expect(edge(g, svc('reviews'), app('reviews', 'v1')).isMTLS).toBe(100);
      });
    } finally {
      await remove(`${path}/default`);
    }
  });

  it('a VirtualService shifting reviews to v1/v3 sets the badges; queryTime before it still shows v2', async () => {
    // T: a moment with every version of reviews in its window, two scrape intervals back so every
    // sample up to T is already stored (a scrape is stamped when it starts, stored when it ends).
    const before = Math.floor(Date.now() / 1000) - 2;
    const old = await fetchGraph(stack.url, `namespaces=bookinfo&${WINDOW}&queryTime=${before}`);
    expect(edge(old, svc('reviews'), app('reviews', 'v2')).traffic.rates?.http).toBeGreaterThan(0);

    await stack.kube('POST', `${NET}/destinationrules`, versionSubsetsRule('reviews'));
    await stack.kube('POST', `${NET}/virtualservices`, weightedRoute('reviews', { v1: 50, v3: 50 }));
    try {
      const now = await waitForGraph(stack.url, `namespaces=bookinfo&${WINDOW}`, (g) => {
        expect(g.elements.edges.some((e) => e.data.target === app('reviews', 'v2'))).toBe(false);
        near(edge(g, svc('reviews'), app('reviews', 'v1')).traffic.rates?.httpPercentReq, 50, 10);
        near(edge(g, svc('reviews'), app('reviews', 'v3')).traffic.rates?.httpPercentReq, 50, 10);
      });
      // Kiali badges the service node the VirtualService routes to, not the workloads behind it.
      expect(node(now, svc('reviews'))).toMatchObject({
        hasVS: { hostnames: ['reviews'] },
        hasRequestRouting: true,
        hasTrafficShifting: true,
      });
      expect(node(now, app('reviews', 'v1')).hasVS).toBeUndefined();

      // Looking back: the traffic of T, unchanged by what happened since.
      const past = await fetchGraph(stack.url, `namespaces=bookinfo&${WINDOW}&queryTime=${before}`);
      expect(past.timestamp).toBe(before);
      expect(edge(past, svc('reviews'), app('reviews', 'v2')).traffic.rates).toEqual(
        edge(old, svc('reviews'), app('reviews', 'v2')).traffic.rates,
      );
    } finally {
      await remove(`${NET}/virtualservices/reviews`);
      await remove(`${NET}/destinationrules/reviews`);
    }
  });

  it('/api/mesh/tls follows a mesh-wide PeerAuthentication', async () => {
    const meshTls = async () => tlsStatusSchema.parse((await getJson('/api/mesh/tls')).body).status;
    await expect.poll(meshTls, { timeout: 10_000 }).toBe('NOT_ENABLED');
    const path = `${SEC}/namespaces/istio-system/peerauthentications`;
    await stack.kube('POST', path, {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    try {
      await expect.poll(meshTls, { timeout: 10_000 }).toBe('ENABLED');
    } finally {
      await remove(`${path}/default`);
    }
    await expect.poll(meshTls, { timeout: 10_000 }).toBe('NOT_ENABLED');
  });
});

describe('the change history', () => {
  it("records a write through Sextant as its author's, a kubectl change as seen, badges a past graph with its config, and survives a restart", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sextant-history-'));
    const historyFile = path.join(dir, 'history.db');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(stack.sim.kubeconfigYaml);
    const config = { graph: { cacheTtlMs: 0, pastConfigAfterMs: 0 } };
    let server = await stack.startServer(kubeConfig, config, { historyFile });
    const changes = async (query = 'namespaces=bookinfo') => {
      await server.history!.flushed();
      const res = await fetch(`${server.url}/api/changes?${query}`);
      expect(res.status).toBe(200);
      return changeListSchema.parse(await res.json());
    };
    try {
      // The first LIST is the baseline, not a change; T is a second after it, before any change.
      const since = async () =>
        configAtSchema.parse(
          await (
            await fetch(
              `${server.url}/api/namespaces/bookinfo/config-at?time=${Math.floor(Date.now() / 1000)}`,
            )
          ).json(),
        ).since;
      await expect.poll(since, { timeout: 10_000 }).toBeDefined();
      expect((await changes()).changes).toEqual([]);
      // Times in the query are whole seconds: T is a second of its own, after the baseline's and
      // before the writes' (waiting for the clock to tick, not for a fixed time).
      const secondsNow = () => Math.floor(Date.now() / 1000);
      const nextSecond = async () => {
        const second = secondsNow();
        await expect.poll(secondsNow, { interval: 20, timeout: 5_000 }).toBeGreaterThan(second);
      };
      await nextSecond();
      const beforeShift = secondsNow();
      await nextSecond();

      // A shift through Sextant's API: the rule, then the route.
      const created = await fetch(`${server.url}/api/namespaces/bookinfo/istio`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          objects: [versionSubsetsRule('reviews'), weightedRoute('reviews', { v1: 50, v3: 50 })],
        }),
      });
      expect(created.status).toBe(201);
      await expect
        .poll(
          async () =>
            (await changes()).changes.map((c) => `${c.operation} ${c.objectKind} ${c.author ?? 'seen'}`),
          {
            timeout: 10_000,
          },
        )
        .toEqual(['create VirtualService anonymous', 'create DestinationRule anonymous']);

      // A fault with kubectl: seen, not attributed.
      const vs = (await stack.kube('GET', `${NET}/virtualservices/reviews`)) as {
        metadata: { resourceVersion: string };
        spec: { http: Array<Record<string, unknown>> };
      };
      vs.spec.http[0]!['fault'] = { abort: { percentage: { value: 50 }, httpStatus: 503 } };
      await stack.kube('PUT', `${NET}/virtualservices/reviews`, vs);
      await expect.poll(async () => (await changes()).changes.length, { timeout: 10_000 }).toBe(3);
      const [fault] = (await changes()).changes;
      expect(fault).toMatchObject({ operation: 'update', objectKind: 'VirtualService', attributed: false });
      expect(fault!.author).toBeUndefined();
      expect(fault!.paths).toEqual(
        expect.arrayContaining([expect.stringMatching(/^spec\.http\[0\]\.fault/)]),
      );
      const detail = changeDetailSchema.parse(
        await (await fetch(`${server.url}/api/changes/${fault!.id}`)).json(),
      );
      expect(detail.diff.some((l) => l.op === 'add' && /fault:/.test(l.text))).toBe(true);

      // The config of T; a graph at T carries no badges of config made since.
      const configAt = configAtSchema.parse(
        await (await fetch(`${server.url}/api/namespaces/bookinfo/config-at?time=${beforeShift}`)).json(),
      );
      const named = (kind: string) =>
        configAt.objects
          .filter((o) => o.kind === kind)
          .map((o) => (o.object['metadata'] as { name: string }).name);
      // Bookinfo's own gateway was there; the reviews route and rule were not yet.
      expect(named('gateways').length).toBeGreaterThan(0);
      expect(named('virtualServices')).not.toContain('reviews');
      expect(named('destinationRules')).not.toContain('reviews');
      const past = await fetchGraph(server.url, `namespaces=bookinfo&${WINDOW}&queryTime=${beforeShift}`);
      expect(node(past, svc('reviews')).hasVS).toBeUndefined();
      expect(node(past, svc('reviews')).hasFaultInjection).toBeUndefined();
      const live = await fetchGraph(server.url, `namespaces=bookinfo&${WINDOW}`);
      expect(node(live, svc('reviews'))).toMatchObject({ hasTrafficShifting: true, hasFaultInjection: true });

      // Down: a change nobody sees; back on the same history, it is there as seen late.
      await server.stop();
      await remove(`${NET}/virtualservices/reviews`);
      server = await stack.startServer(kubeConfig, config, { historyFile });
      await expect.poll(async () => (await changes()).changes.length, { timeout: 10_000 }).toBe(4);
      const [late] = (await changes()).changes;
      expect(late).toMatchObject({ operation: 'delete', objectKind: 'VirtualService', seenLate: true });
    } finally {
      await server.stop();
      await remove(`${NET}/virtualservices/reviews`);
      await remove(`${NET}/destinationrules/reviews`);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("Istio's recorded series", () => {
  it('give the same graph as the raw series, from the workload:istio_* series', async () => {
    const prom = recordingProm!;
    // The recorded series must cover a whole window (their first one starts late).
    await prom.waitForSamples('min(count_over_time(workload:istio_requests_total[25s])) >= 22', {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(stack.sim.kubeconfigYaml);
    const sent: string[] = [];
    const raw = await stack.startServer(
      kubeConfig,
      { graph: { cacheTtlMs: 0 } },
      { prometheusUrl: prom.url },
    );
    const recorded = await stack.startServer(
      kubeConfig,
      { graph: { cacheTtlMs: 0, recordedMetrics: 'auto' } },
      { prometheusUrl: prom.url, onQuery: (q) => sent.push(q) },
    );
    try {
      // Both servers' caches complete (ServiceEntries and workloads decide nodes and boxes).
      for (const url of [raw.url, recorded.url]) await cachesSynced(url);
      // The tests before change the routing: while traffic shifts, the recorded counters (sampled
      // by the rules between scrapes) and the raw ones give different rates over a 10 s window.
      // Once traffic is steady they agree; asked again at a fresh queryTime until then.
      let queryTime = 0;
      await vi.waitFor(
        async () => {
          queryTime = Math.floor(Date.now() / 1000) - 3;
          const params = `namespaces=bookinfo&${WINDOW}&queryTime=${queryTime}`;
          const [a, b] = await Promise.all([fetchGraph(raw.url, params), fetchGraph(recorded.url, params)]);
          expect(sent.some((q) => q.includes('workload:istio_requests_total{'))).toBe(true);
          const ids = (g: Graph) => new Set(g.elements.nodes.map((n) => n.data.id));
          const [inA, inB] = [ids(a), ids(b)];
          expect({
            onlyRaw: [...inA].filter((id) => !inB.has(id)),
            onlyRecorded: [...inB].filter((id) => !inA.has(id)),
          }).toEqual({
            onlyRaw: [],
            onlyRecorded: [],
          });
          expect(b.elements.edges.map((e) => e.data.id).sort()).toEqual(
            a.elements.edges.map((e) => e.data.id).sort(),
          );
          const rate = (g: Graph, id: string) => {
            const e = g.elements.edges.find((x) => x.data.id === id)!.data;
            return e.traffic.rates?.[e.traffic.protocol] ?? 0;
          };
          for (const { data: e } of a.elements.edges) {
            const [x, y] = [rate(a, e.id), rate(b, e.id)];
            // Rules are evaluated between scrapes: the same counters, sampled a moment apart.
            expect(Math.abs(x - y), `${e.id}: ${x} vs ${y}`).toBeLessThanOrEqual(Math.max(0.05, 0.05 * x));
          }
        },
        { timeout: 40_000, interval: 1_000 },
      );
      const aggregate = await fetch(
        `${recorded.url}/api/namespaces/graph/aggregate?namespaces=bookinfo&duration=10s&queryTime=${queryTime}`,
      );
      expect(aggregate.status).toBe(200);
    } finally {
      await raw.stop();
      await recorded.stop();
    }
  });
});

describe('node metrics', () => {
  it('gives request, error and p95 series for a workload', async () => {
    await expect
      .poll(
        async () => {
          const { body } = await getJson(
            '/api/namespaces/bookinfo/workloads/reviews-v1/metrics?duration=30s&step=5s&rateInterval=10s',
          );
          const m = nodeMetricsSchema.parse(body);
          return (
            m.requestRate.length > 0 &&
            m.requestRate.every(([, v]) => v > 0) &&
            (m.responseTimeP95?.length ?? 0) > 0
          );
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
  });
});

describe('failures', () => {
  it('Kubernetes unreachable: the graph still shows traffic, with a kubernetes error', async () => {
    const closed = await freeLoopbackPort();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'gone', server: `http://127.0.0.1:${closed}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'u' }],
      currentContext: 'gone',
    });
    const other = await stack.startServer(kc);
    try {
      const g = await waitForGraph(other.url, `namespaces=bookinfo&${WINDOW}`, (g: Graph) => {
        expect(g.errors?.[0]?.message).toMatch(/^Kubernetes data is incomplete \(namespaces, .*ECONNREFUSED/);
      });
      expect(g.errors).toHaveLength(1);
      expect(g.errors?.[0]?.source).toBe('kubernetes');
      expect(edge(g, app('productpage', 'v1'), svc('reviews')).traffic.rates?.http).toBeGreaterThan(0);
      const tls = await fetch(`${other.url}/api/mesh/tls`);
      expect(tls.status).toBe(503);
    } finally {
      await other.stop();
    }
  });

  it('Prometheus gone: 503 naming Prometheus, and the server stays up', async () => {
    await stack.prometheus.stop();
    const res = await fetch(`${stack.url}/api/namespaces/graph?namespaces=bookinfo&${WINDOW}`);
    expect(res.status).toBe(503);
    const { error } = errorEnvelopeSchema.parse(await res.json());
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(/^Prometheus is not reachable at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });
});
