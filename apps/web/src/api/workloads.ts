import {
  appDetailsSchema,
  appListSchema,
  workloadDetailsSchema,
  workloadListSchema,
} from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

/** Every workload or app query key starts with `workloadKeys.all`. */
export const workloadKeys = {
  all: ['workloads'] as const,
  workloads: (namespace: string) => [...workloadKeys.all, 'workloads', namespace] as const,
  workload: (namespace: string, name: string) => [...workloadKeys.all, 'workload', namespace, name] as const,
  apps: (namespace: string) => [...workloadKeys.all, 'apps', namespace] as const,
  app: (namespace: string, name: string) => [...workloadKeys.all, 'app', namespace, name] as const,
};

/** The lists and details follow the cluster and its traffic: a scale-down shows without a reload. */
export const WORKLOADS_REFRESH_MS = 10_000;
/**
 * The window rates and request health are judged over: short, so a failure shows within a minute
 * or two and a recovered workload stops reading as failing soon after.
 */
export const HEALTH_WINDOW = '2m';

const part = encodeURIComponent;
const path = (namespace: string, kind: 'workloads' | 'apps', name?: string) =>
  `/api/namespaces/${part(namespace)}/${kind}${name === undefined ? '' : `/${part(name)}`}?duration=${HEALTH_WINDOW}`;

export function workloadListQuery(namespace: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: workloadKeys.workloads(namespace),
    queryFn: ({ signal }) => client.request(path(namespace, 'workloads'), workloadListSchema, { signal }),
    refetchInterval: WORKLOADS_REFRESH_MS,
  });
}

export function workloadDetailsQuery(namespace: string, name: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: workloadKeys.workload(namespace, name),
    queryFn: ({ signal }) =>
      client.request(path(namespace, 'workloads', name), workloadDetailsSchema, { signal }),
    refetchInterval: WORKLOADS_REFRESH_MS,
  });
}

export function appListQuery(namespace: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: workloadKeys.apps(namespace),
    queryFn: ({ signal }) => client.request(path(namespace, 'apps'), appListSchema, { signal }),
    refetchInterval: WORKLOADS_REFRESH_MS,
  });
}

export function appDetailsQuery(namespace: string, name: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: workloadKeys.app(namespace, name),
    queryFn: ({ signal }) => client.request(path(namespace, 'apps', name), appDetailsSchema, { signal }),
    refetchInterval: WORKLOADS_REFRESH_MS,
  });
}
