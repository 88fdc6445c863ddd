import { graphReplaySchema, graphSchema, type GraphType } from '@sextant/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

/**
 * The subject of a node graph (Kiali's node graphs): a workload, an app (all its versions or one)
 * or a service. The page shows that node with its callers and callees only.
 */
export type NodeFocus =
  | { kind: 'workload'; namespace: string; name: string }
  | { kind: 'app'; namespace: string; name: string; version?: string }
  | { kind: 'service'; namespace: string; name: string };

/** The server's node-graph route for the subject. */
export function nodeGraphPath(f: NodeFocus): string {
  const part = encodeURIComponent;
  const base = `/api/namespaces/${part(f.namespace)}`;
  switch (f.kind) {
    case 'app':
      return `${base}/apps/${part(f.name)}${f.version ? `/versions/${part(f.version)}` : ''}/graph`;
    case 'workload':
      return `${base}/workloads/${part(f.name)}/graph`;
    case 'service':
      return `${base}/services/${part(f.name)}/graph`;
  }
}

/** The parameters of `GET /api/namespaces/graph` the page uses (DESIGN.md "HTTP API"). */
export interface GraphParams {
  namespaces: readonly string[];
  graphType: GraphType;
  /** Seconds. */
  duration: number;
  /** Unix seconds; undefined = now. */
  queryTime: number | undefined;
  injectServiceNodes: boolean;
  boxBy: readonly ('namespace' | 'app')[];
  /** Add nodes for services and workloads without traffic (Kiali's idleNode appender). */
  idleNodes: boolean;
  /** Which response time edges carry. */
  responseTime: 'avg' | '50' | '95' | '99';
  /** A node graph of this node instead of the namespaces' graph. */
  node?: NodeFocus;
}

/**
 * The appenders the page needs, named as Kiali names them: health verdicts, Istio badges, service
 * entries, dead workloads, missing sidecars and the edge decorations the side panel shows.
 */
export const GRAPH_APPENDERS = [
  'deadNode',
  'health',
  'istio',
  'meshCheck',
  'responseTime',
  'securityPolicy',
  'serviceEntry',
  'throughput',
] as const;

export const graphKeys = {
  all: ['graph'] as const,
  graph: (params: GraphParams) => [...graphKeys.all, params] as const,
};

/** The query string the server expects; namespaces sorted so equal graphs share a cache entry. */
export function graphQueryString(params: GraphParams): Record<string, string | undefined> {
  return {
    // A node graph's namespace is in its path.
    namespaces: params.node ? undefined : [...params.namespaces].sort().join(','),
    graphType: params.graphType,
    duration: `${params.duration}s`,
    queryTime: params.queryTime === undefined ? undefined : String(params.queryTime),
    injectServiceNodes: String(params.injectServiceNodes),
    boxBy: params.boxBy.join(','),
    appenders: [...GRAPH_APPENDERS, ...(params.idleNodes ? ['idleNode'] : [])].join(','),
    responseTime: params.responseTime,
  };
}

/**
 * One traffic graph, refreshed every `refreshMs` (0 = only on demand). While new parameters load,
 * the previous graph stays on screen; a failed refresh keeps the last graph (React Query keeps
 * `data` on error) and the next interval tries again, so recovery needs no user action.
 */
export function graphQuery(params: GraphParams, refreshMs: number, client: ApiClient = api) {
  return queryOptions({
    queryKey: graphKeys.graph(params),
    queryFn: ({ signal }) =>
      client.request(params.node ? nodeGraphPath(params.node) : '/api/namespaces/graph', graphSchema, {
        query: graphQueryString(params),
        signal,
      }),
    enabled: params.namespaces.length > 0 || params.node !== undefined,
    refetchInterval: refreshMs > 0 ? refreshMs : false,
    placeholderData: keepPreviousData,
    // A look-back graph never changes; a live one is stale by the next refresh anyway.
    staleTime: params.queryTime === undefined ? 0 : Infinity,
  });
}

/** The parameters of the scope-first graph (`GET /api/namespaces/graph/aggregate`). */
export type NamespaceGraphParams = Pick<
  GraphParams,
  'namespaces' | 'graphType' | 'duration' | 'queryTime' | 'injectServiceNodes'
>;

export const namespaceGraphKeys = {
  all: ['namespaceGraph'] as const,
  graph: (params: NamespaceGraphParams) => [...namespaceGraphKeys.all, params] as const,
};

/**
 * The scope-first graph: one node per namespace from two aggregated Prometheus queries. The page
 * asks for it first; it says how many nodes the full graph would draw, and draws the namespaces
 * when that is over the budget. Refreshed and kept like `graphQuery`.
 */
export function namespaceGraphQuery(
  params: NamespaceGraphParams,
  refreshMs: number,
  client: ApiClient = api,
) {
  const key: NamespaceGraphParams = {
    namespaces: [...params.namespaces].sort(),
    graphType: params.graphType,
    duration: params.duration,
    queryTime: params.queryTime,
    injectServiceNodes: params.injectServiceNodes,
  };
  return queryOptions({
    queryKey: namespaceGraphKeys.graph(key),
    queryFn: ({ signal }) =>
      client.request('/api/namespaces/graph/aggregate', graphSchema, {
        query: {
          namespaces: key.namespaces.join(','),
          graphType: key.graphType,
          duration: `${key.duration}s`,
          queryTime: key.queryTime === undefined ? undefined : String(key.queryTime),
          injectServiceNodes: String(key.injectServiceNodes),
        },
        signal,
      }),
    enabled: key.namespaces.length > 0,
    refetchInterval: refreshMs > 0 ? refreshMs : false,
    placeholderData: keepPreviousData,
    staleTime: key.queryTime === undefined ? 0 : Infinity,
  });
}

/** One batch of replay frames: the graph at every `step` from `start` to `end` (unix seconds). */
export interface ReplayBatch {
  start: number;
  end: number;
  step: number;
}

export const replayKeys = {
  all: ['graphReplay'] as const,
  batch: (params: GraphParams, batch: ReplayBatch) => [...replayKeys.all, params, batch] as const,
};

/**
 * A batch of replay frames (`GET /api/namespaces/graph/replay`): one range query per graph query on
 * the server, whatever the number of frames. The past does not change: fetched once, kept.
 * `params.duration` is each frame's window; `params.queryTime` is ignored (the frames have theirs).
 */
export function graphReplayQuery(params: GraphParams, batch: ReplayBatch, client: ApiClient = api) {
  const key: GraphParams = { ...params, queryTime: undefined };
  return queryOptions({
    queryKey: replayKeys.batch(key, batch),
    queryFn: ({ signal }) =>
      client.request('/api/namespaces/graph/replay', graphReplaySchema, {
        query: {
          ...graphQueryString(key),
          start: String(batch.start),
          end: String(batch.end),
          step: String(batch.step),
        },
        signal,
      }),
    enabled: key.namespaces.length > 0 && key.node === undefined,
    staleTime: Infinity,
    gcTime: 15 * 60_000,
  });
}
