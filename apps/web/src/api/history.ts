import { changeDetailSchema, changeListSchema, type HistoryKind } from '@sextant/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

/** What the Changes page asks for: namespaces and kinds (empty: all), and how far back (seconds; 0: all). */
export interface ChangesParams {
  namespaces: readonly string[];
  kinds: readonly HistoryKind[];
  /** Unix seconds; undefined: no lower bound. */
  from: number | undefined;
  /** Unix seconds; undefined: up to now. */
  to?: number | undefined;
  limit: number;
}

export const historyKeys = {
  all: ['history'] as const,
  list: (params: ChangesParams) => [...historyKeys.all, 'list', params] as const,
  change: (id: number) => [...historyKeys.all, 'change', id] as const,
};

/** New changes show without a reload; the list is small (a page). */
export const CHANGES_REFRESH_MS = 10_000;

export function changesQuery(params: ChangesParams, client: ApiClient = api) {
  return queryOptions({
    queryKey: historyKeys.list(params),
    queryFn: ({ signal }) =>
      client.request('/api/changes', changeListSchema, {
        query: {
          namespaces: params.namespaces.length ? [...params.namespaces].sort().join(',') : undefined,
          kinds: params.kinds.length ? params.kinds.join(',') : undefined,
          from: params.from === undefined ? undefined : String(params.from),
          to: params.to === undefined ? undefined : String(params.to),
          limit: String(params.limit),
        },
        signal,
      }),
    refetchInterval: CHANGES_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** One change with its before, after and diff: a recorded change never changes. */
export function changeQuery(id: number, client: ApiClient = api) {
  return queryOptions({
    queryKey: historyKeys.change(id),
    queryFn: ({ signal }) => client.request(`/api/changes/${id}`, changeDetailSchema, { signal }),
    staleTime: Infinity,
  });
}
