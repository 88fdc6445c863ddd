import { nodeMetricsSchema, type MetricsDirection, type NodeMetricsKind } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export interface NodeMetricsParams {
  namespace: string;
  kind: NodeMetricsKind;
  name: string;
  /** Apps only: one version of the app. */
  version?: string | undefined;
  direction: MetricsDirection;
  /** Seconds. */
  duration: number;
  /** Unix seconds; undefined = now. */
  queryTime: number | undefined;
}

export const nodeMetricsKeys = {
  all: ['nodeMetrics'] as const,
  series: (params: NodeMetricsParams) => [...nodeMetricsKeys.all, params] as const,
};

/** Points per sparkline: enough for a smooth line, few enough to stay cheap for Prometheus. */
const SPARKLINE_POINTS = 60;

/** Rate and error series of one node, for the side panel's sparklines. */
export function nodeMetricsQuery(params: NodeMetricsParams, refreshMs: number, client: ApiClient = api) {
  const step = Math.max(1, Math.ceil(params.duration / SPARKLINE_POINTS));
  const path = `/api/namespaces/${encodeURIComponent(params.namespace)}/${params.kind}/${encodeURIComponent(params.name)}/metrics`;
  return queryOptions({
    queryKey: nodeMetricsKeys.series(params),
    queryFn: ({ signal }) =>
      client.request(path, nodeMetricsSchema, {
        query: {
          duration: `${params.duration}s`,
          step: `${step}s`,
          direction: params.direction,
          version: params.version,
          queryTime: params.queryTime === undefined ? undefined : String(params.queryTime),
        },
        signal,
      }),
    refetchInterval: refreshMs > 0 ? refreshMs : false,
  });
}
