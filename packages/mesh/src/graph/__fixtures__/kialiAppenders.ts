import { graphSchema, type EdgeData, type Graph, type NodeData, type Protocol } from '@sextant/contracts';
import type {
  ClusterState,
  ServiceEntryInfo,
  ServiceInfo,
  WorkloadInfo,
} from '../../cluster/clusterState.ts';
import { emptyClusterState } from '../../cluster/clusterState.ts';
import { buildGraph } from '../buildGraph.ts';
import { DEFAULT_RATES, NO_APPENDERS } from '../options.ts';
import type { GraphOptions, GraphQueryResults, PromSample } from '../types.ts';
import type { Side, Target } from './samples.ts';

/**
 * Helpers for `kialiAppenders.test.ts`: the facts of Kiali's appender unit tests
 * (kiali `graph/telemetry/istio/appender/*_test.go`) replayed through Sextant's `buildGraph`.
 * Kiali's names are camel-case (`testNamespace`, `NotSE`); Kubernetes names are DNS labels, so the
 * cases spell them in kebab-case (`test-ns`, `not-se`), keeping their alphabetical order.
 */

export const K = 'Kubernetes';
export const T = 1_735_689_600;

export const vapp = (ns: string, workload: string, cluster = K) => `vapp_${cluster}_${ns}_${workload}`;
export const app = (ns: string, name: string, cluster = K) => `app_${cluster}_${ns}_${name}`;
export const wlId = (ns: string, workload: string, cluster = K) => `wl_${cluster}_${ns}_${workload}`;
export const svc = (ns: string, name: string, cluster = K) => `svc_${cluster}_${ns}_${name}`;
export const unknownSource = (cluster = K) => `${cluster}_unknown_source`;

/** A caller Istio could not identify (no sidecar), in our cluster. */
export const UNKNOWN: Side = {
  cluster: K,
  namespace: 'unknown',
  workload: 'unknown',
  app: 'unknown',
  version: 'unknown',
};

/** A request to a service that reached no workload: an external host, a ServiceEntry host, a 503 UH. */
export const serviceOnly = (serviceNamespace: string, service: string, host = service): Target => ({
  namespace: 'unknown',
  workload: 'unknown',
  app: 'unknown',
  version: 'unknown',
  service,
  serviceNamespace,
  host,
});

/** The same sample with more labels (principals, say). */
export const withLabels = (s: PromSample, labels: Record<string, string>): PromSample => ({
  ...s,
  metric: { ...s.metric, ...labels },
});

export function workload(namespace: string, name: string, over: Partial<WorkloadInfo> = {}): WorkloadInfo {
  const app = name.replace(/-v\d+$/, '');
  const version = /-(v\d+)$/.exec(name)?.[1];
  return {
    namespace,
    name,
    app,
    ...(version ? { version } : {}),
    labels: { app, ...(version ? { version } : {}) },
    annotations: {},
    desiredReplicas: 1,
    readyReplicas: 1,
    hasSidecar: true,
    serviceAccount: 'default',
    ...over,
  };
}

export const service = (
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): ServiceInfo => ({
  namespace,
  name,
  selector: { app: name },
  ports: [],
  labels,
  annotations: {},
});

export const serviceEntry = (
  namespace: string,
  name: string,
  hosts: string[],
  location: ServiceEntryInfo['location'],
  exportTo: string[] = [],
): ServiceEntryInfo => ({ namespace, name, hosts, location, exportTo });

export const state = (namespaces: readonly string[], over: Partial<ClusterState> = {}): ClusterState =>
  emptyClusterState({
    namespaces: namespaces.map((name) => ({ name, labels: {}, annotations: {} })),
    ...over,
  });

export function run(
  results: GraphQueryResults,
  options: Partial<GraphOptions>,
  cluster: ClusterState,
): Graph {
  return graphSchema.parse(
    buildGraph({
      options: {
        graphType: 'versionedApp',
        namespaces: ['test-ns'],
        injectServiceNodes: false,
        appenders: NO_APPENDERS,
        rates: DEFAULT_RATES,
        boxBy: [],
        durationSeconds: 60,
        queryTime: T,
        ...options,
      },
      results,
      cluster,
    }),
  );
}

/** The graph's nodes, sorted, without boxes: Kiali's appender tests count traffic-map nodes. */
export const ids = (g: Graph): string[] =>
  g.elements.nodes
    .filter((n) => n.data.nodeType !== 'box')
    .map((n) => n.data.id)
    .sort();

export const findNode = (g: Graph, id: string): NodeData | undefined =>
  g.elements.nodes.find((x) => x.data.id === id)?.data;

export function node(g: Graph, id: string): NodeData {
  const n = findNode(g, id);
  if (!n) throw new Error(`no node ${id} in ${ids(g).join(', ')}`);
  return n;
}

export function edge(g: Graph, source: string, target: string, protocol: Protocol = 'http'): EdgeData {
  const e = g.elements.edges.find(
    (x) => x.data.source === source && x.data.target === target && x.data.traffic.protocol === protocol,
  );
  if (!e)
    throw new Error(
      `no ${protocol} edge ${source} -> ${target} in ${g.elements.edges.map((x) => x.data.id).join(', ')}`,
    );
  return e.data;
}

/** A node's outgoing edges as `target:protocol`, sorted. */
export const edgesFrom = (g: Graph, source: string): string[] =>
  g.elements.edges
    .filter((e) => e.data.source === source)
    .map((e) => `${e.data.target}:${e.data.traffic.protocol}`)
    .sort();
