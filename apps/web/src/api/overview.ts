import { overviewSchema } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export const overviewKeys = {
  all: ['overview'] as const,
  namespaces: () => [...overviewKeys.all, 'namespaces'] as const,
};

/** Health and rates move with the traffic: as often as the graph's default refresh. */
const OVERVIEW_REFRESH_MS = 15_000;

/** `GET /api/overview`: every readable namespace with health, config findings and traffic. */
export function overviewQuery(client: ApiClient = api) {
  return queryOptions({
    queryKey: overviewKeys.namespaces(),
    queryFn: ({ signal }) => client.request('/api/overview', overviewSchema, { signal }),
    refetchInterval: OVERVIEW_REFRESH_MS,
  });
}
