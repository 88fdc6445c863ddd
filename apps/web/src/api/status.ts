import { serverStatusSchema } from '@sextant/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export const statusKeys = { all: ['status'] as const };

/** The server's settings change only with a restart; refreshed now and then, never retried hard. */
export function statusQuery(client: ApiClient = api) {
  return queryOptions({
    queryKey: statusKeys.all,
    queryFn: ({ signal }) => client.request('/api/status', serverStatusSchema, { signal }),
    staleTime: 60_000,
    refetchInterval: 60_000,
  });
}

/**
 * Why writes are refused, or undefined while they are allowed (or the status is unknown yet: a
 * write then still meets the server's 403, which the editors handle too).
 */
export function useViewOnlyReason(): string | undefined {
  const { data } = useQuery(statusQuery());
  return data?.viewOnly
    ? (data.viewOnlyReason ?? 'Sextant runs view-only: changes cannot be saved')
    : undefined;
}
