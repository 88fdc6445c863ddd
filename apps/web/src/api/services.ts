import { serviceDetailsSchema, serviceListSchema, serviceWorkloadsSchema } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';
import { HEALTH_WINDOW } from './workloads.ts';

/** Every service query key starts with `serviceKeys.all`. */
export const serviceKeys = {
  all: ['services'] as const,
  list: (namespace: string) => [...serviceKeys.all, 'list', namespace] as const,
  listWithHealth: (namespace: string) => [...serviceKeys.all, 'list', namespace, 'health'] as const,
  details: (namespace: string, name: string) => [...serviceKeys.all, 'details', namespace, name] as const,
  workloads: (namespace: string, name: string) => [...serviceKeys.all, 'workloads', namespace, name] as const,
};

/** Suggestions in editors: fresh enough when read once a minute, never worth a reload. */
const SERVICES_STALE_MS = 60_000;
/** The Services pages follow the cluster: a `kubectl apply` shows up without a reload. */
export const SERVICES_PAGE_REFRESH_MS = 10_000;

const namespacePath = (namespace: string) => `/api/namespaces/${encodeURIComponent(namespace)}/services`;
const servicePath = (namespace: string, name: string) =>
  `${namespacePath(namespace)}/${encodeURIComponent(name)}`;

/**
 * The Services of a namespace with workload counts, versions and routing badges. Editors read it
 * once for suggestions; the Services page passes `refetchInterval` to follow the cluster.
 */
export function servicesQuery(
  namespace: string,
  client: ApiClient = api,
  refetchInterval: number | false = false,
) {
  return queryOptions({
    queryKey: serviceKeys.list(namespace),
    queryFn: ({ signal }) => client.request(namespacePath(namespace), serviceListSchema, { signal }),
    staleTime: refetchInterval === false ? SERVICES_STALE_MS : 0,
    refetchInterval,
  });
}

/**
 * The Services page's list: the same rows with each Service's request health and traffic over the
 * lists' health window, polled.
 */
export function servicesWithHealthQuery(namespace: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: serviceKeys.listWithHealth(namespace),
    queryFn: ({ signal }) =>
      client.request(`${namespacePath(namespace)}?health=true&duration=${HEALTH_WINDOW}`, serviceListSchema, {
        signal,
      }),
    refetchInterval: SERVICES_PAGE_REFRESH_MS,
  });
}

/** One Service, its workloads and the VirtualServices/DestinationRules that apply, polled. */
export function serviceDetailsQuery(namespace: string, name: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: serviceKeys.details(namespace, name),
    queryFn: ({ signal }) => client.request(servicePath(namespace, name), serviceDetailsSchema, { signal }),
    refetchInterval: SERVICES_PAGE_REFRESH_MS,
  });
}

/** The workloads the Service selects, with their pod template labels. */
export function serviceWorkloadsQuery(namespace: string, name: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: serviceKeys.workloads(namespace, name),
    queryFn: ({ signal }) =>
      client.request(`${servicePath(namespace, name)}/workloads`, serviceWorkloadsSchema, { signal }),
    staleTime: SERVICES_STALE_MS,
  });
}
