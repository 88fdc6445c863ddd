import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { graphSchema, type EdgeData, type Graph, type NodeData } from '@sextant/contracts';
import { startMeshSim, type MeshSim } from '@sextant/mesh-sim';
import { startPrometheus, type RunningPrometheus } from '@sextant/mesh-sim/prometheus';
import { createApp, type AppConfig } from '../src/app.ts';
import { DEFAULT_GRAPH_QUERY_PARTS } from '../src/settings.ts';
import { InformerKubeClient } from '../src/clients/kube.client.ts';
import { PrometheusClient, type MetricsClient } from '../src/clients/prometheus.client.ts';
import { silentLogger } from '../src/testing/fakes.ts';
import { openSqlite } from '../src/history/drivers.ts';
import { startChangeHistory, type ChangeHistory } from '../src/history/history.ts';
import { SqlChangeStore } from '../src/history/sqlStore.ts';

/**
 * The server in-process (createApp with the real clients) against mesh-sim's Bookinfo with traffic
 * and a real Prometheus scraping it every second.
 */
export interface GraphStack {
  sim: MeshSim;
  prometheus: RunningPrometheus;
  /** The server's base URL. */
  url: string;
  /** A Kubernetes API call; throws with the Status body on a non-2xx answer. */
  kube(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Starts another server on the same Prometheus with `kubeConfig` (e.g. an unreachable cluster). */
  startServer(
    kubeConfig: KubeConfig,
    config?: Partial<AppConfig>,
    options?: { historyFile?: string; prometheusUrl?: string; onQuery?: (promql: string) => void },
  ): Promise<{ url: string; history: ChangeHistory | undefined; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

export async function startGraphStack(): Promise<GraphStack> {
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const sim = await startMeshSim({ scenario: 'bookinfo', metricsPort: 0, tickMs: 200 });
    cleanups.push(() => sim.stop());
    const prometheus = await startPrometheus({
      scrapeTargets: [new URL(sim.metrics!).host],
      scrapeIntervalSeconds: 1,
    });
    cleanups.push(() => prometheus.stop());

    const startServer = async (
      kubeConfig: KubeConfig,
      config: Partial<AppConfig> = {},
      options: { historyFile?: string; prometheusUrl?: string; onQuery?: (promql: string) => void } = {},
    ) => {
      const kube = new InformerKubeClient(kubeConfig, silentLogger);
      // The history listens before the caches start, as in main.ts, so it sees their first LIST.
      const history = options.historyFile
        ? await startChangeHistory({
            store: await SqlChangeStore.open(await openSqlite(options.historyFile)),
            kube,
            now: Date.now,
            logger: silentLogger,
            retentionMs: 86_400_000,
            maxBytes: 64 * 1024 * 1024,
          })
        : undefined;
      kube.start();
      const app = createApp({
        kube,
        ...(history ? { history } : {}),
        metrics: recording(
          new PrometheusClient({ baseUrl: options.prometheusUrl ?? prometheus.url }),
          options.onQuery,
        ),
        logger: silentLogger,
        // No result reuse: every poll must see fresh data.
        config: {
          viewOnly: false,
          staticDir: undefined,
          // The latency queries split as the server splits them by default.
          graph: { cacheTtlMs: 0, queryParts: DEFAULT_GRAPH_QUERY_PARTS },
          ...config,
        },
      });
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const stop = async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await kube.stop();
        await history?.stop();
      };
      cleanups.push(stop);
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, history, stop };
    };

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sim.kubeconfigYaml);
    const server = await startServer(kubeConfig);

    const kube = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sim.kubeApi}${path}`, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    };
    return { sim, prometheus, url: server.url, kube, startServer, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The client, telling `onQuery` every instant query it sends. */
function recording(client: MetricsClient, onQuery: ((promql: string) => void) | undefined): MetricsClient {
  if (!onQuery) return client;
  return {
    ping: () => client.ping(),
    query: (promql, time, options) => {
      onQuery(promql);
      return client.query(promql, time, options);
    },
    queryRange: (promql, range, options) => client.queryRange(promql, range, options),
  };
}

export async function fetchGraph(baseUrl: string, query: string): Promise<Graph> {
  const res = await fetch(`${baseUrl}/api/namespaces/graph?${query}`);
  const body: unknown = await res.json();
  if (res.status !== 200) throw new Error(`graph ${query} -> ${res.status}: ${JSON.stringify(body)}`);
  return graphSchema.parse(body);
}

/**
 * Polls the graph until `check` passes (returns without throwing) and returns that graph; on
 * timeout rethrows the last failure, so the assertion that never held is the one reported.
 */
export async function waitForGraph(
  baseUrl: string,
  query: string,
  check: (g: Graph) => void,
  timeoutMs = 45_000,
): Promise<Graph> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const g = await fetchGraph(baseUrl, query);
      check(g);
      return g;
    } catch (err) {
      failure = err;
    }
    if (Date.now() > deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function node(g: Graph, id: string): NodeData {
  const n = g.elements.nodes.find((x) => x.data.id === id);
  if (!n) throw new Error(`no node ${id}; nodes: ${g.elements.nodes.map((x) => x.data.id).join(', ')}`);
  return n.data;
}

export function edge(g: Graph, source: string, target: string, protocol = 'http'): EdgeData {
  const e = g.elements.edges.find(
    (x) => x.data.source === source && x.data.target === target && x.data.traffic.protocol === protocol,
  );
  if (!e) {
    const all = g.elements.edges.map(
      (x) => `${x.data.source} -> ${x.data.target} (${x.data.traffic.protocol})`,
    );
    throw new Error(`no ${protocol} edge ${source} -> ${target}; edges: ${all.join(', ')}`);
  }
  return e.data;
}

export const edgesInto = (g: Graph, target: string): EdgeData[] =>
  g.elements.edges.filter((e) => e.data.target === target).map((e) => e.data);
