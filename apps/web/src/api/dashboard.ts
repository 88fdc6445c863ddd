import {
  dashboardSchema,
  type DashboardGroupBy,
  type DashboardKind,
  type DashboardReporter,
  type MetricsDirection,
} from '@sextant/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export interface DashboardParams {
  namespace: string;
  kind: DashboardKind;
  name: string;
  direction: MetricsDirection;
  /** Seconds. */
  duration: number;
  /** Unix seconds of the window's end; undefined = now. */
  queryTime: number | undefined;
  groupBy: DashboardGroupBy;
  /** Undefined: the server's default for the kind and direction. */
  reporter: DashboardReporter | undefined;
}

export const dashboardKeys = {
  all: ['dashboard'] as const,
  one: (params: DashboardParams) => [...dashboardKeys.all, params] as const,
};

/** Points per chart line: about one per 6 px of a panel. */
const CHART_POINTS = 120;

/**
 * One node's Inbound or Outbound metrics dashboard. While refetching with new parameters the
 * previous charts stay up (a toolbar change never blanks the page).
 */
export function dashboardQuery(params: DashboardParams, refreshMs: number, client: ApiClient = api) {
  const step = Math.max(1, Math.ceil(params.duration / CHART_POINTS));
  const path = `/api/namespaces/${encodeURIComponent(params.namespace)}/${params.kind}/${encodeURIComponent(params.name)}/dashboard`;
  return queryOptions({
    queryKey: dashboardKeys.one(params),
    queryFn: ({ signal }) =>
      client.request(path, dashboardSchema, {
        query: {
          direction: params.direction,
          duration: `${params.duration}s`,
          step: `${step}s`,
          groupBy: params.groupBy,
          reporter: params.reporter,
          queryTime: params.queryTime === undefined ? undefined : String(params.queryTime),
        },
        signal,
      }),
    refetchInterval: refreshMs > 0 ? refreshMs : false,
    placeholderData: keepPreviousData,
  });
}
