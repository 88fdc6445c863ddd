import { namespaceListSchema } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

/** Every namespace query key starts with `namespaceKeys.all`, so one invalidate refreshes them all. */
export const namespaceKeys = {
  all: ['namespaces'] as const,
  list: () => [...namespaceKeys.all, 'list'] as const,
};

/** Namespaces change rarely, but a new one should show up without a reload. */
const NAMESPACES_REFRESH_MS = 15_000;

export function namespacesQuery(client: ApiClient = api) {
  return queryOptions({
    queryKey: namespaceKeys.list(),
    queryFn: ({ signal }) => client.request('/api/namespaces', namespaceListSchema, { signal }),
    refetchInterval: NAMESPACES_REFRESH_MS,
  });
}
