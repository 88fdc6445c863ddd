import { meshStatusSchema } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export const meshKeys = { all: ['mesh'] as const, status: () => [...meshKeys.all, 'status'] as const };

/** `GET /api/mesh`: istiod, the gateways, the mesh-wide mTLS mode and config totals. */
export function meshStatusQuery(client: ApiClient = api) {
  return queryOptions({
    queryKey: meshKeys.status(),
    queryFn: ({ signal }) => client.request('/api/mesh', meshStatusSchema, { signal }),
    refetchInterval: 15_000,
  });
}
