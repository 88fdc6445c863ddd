import { graphSchema, type GraphType } from '@sextant/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

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
  includeIdle: boolean;
  /** Which response time edges carry. */
  responseTime: 'avg' | '50' | '95' | '99';
}

export const graphKeys = {
  all: ['graph'] as const,
  graph: (params: GraphParams) => [...graphKeys.all, params] as const,
};

/** The query string the server expects; namespaces sorted so equal graphs share a cache entry. */
export function graphQueryString(params: GraphParams): Record<string, string | undefined> {
  return {
    namespaces: [...params.namespaces].sort().join(','),
    graphType: params.graphType,
    duration: `${params.duration}s`,
    queryTime: params.queryTime === undefined ? undefined : String(params.queryTime),
    injectServiceNodes: String(params.injectServiceNodes),
    boxBy: params.boxBy.join(','),
    includeIdle: String(params.includeIdle),
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
      client.request('/api/namespaces/graph', graphSchema, { query: graphQueryString(params), signal }),
    enabled: params.namespaces.length > 0,
    refetchInterval: refreshMs > 0 ? refreshMs : false,
    placeholderData: keepPreviousData,
    // A look-back graph never changes; a live one is stale by the next refresh anyway.
    staleTime: params.queryTime === undefined ? 0 : Infinity,
  });
}
