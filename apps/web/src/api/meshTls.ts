import { tlsStatusSchema } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export const meshTlsKeys = { all: ['meshTls'] as const };

/** The mesh-wide mTLS status (`GET /api/mesh/tls`), shown in the graph summary. */
export function meshTlsQuery(client: ApiClient = api) {
  return queryOptions({
    queryKey: meshTlsKeys.all,
    queryFn: ({ signal }) => client.request('/api/mesh/tls', tlsStatusSchema, { signal }),
    refetchInterval: 30_000,
  });
}
