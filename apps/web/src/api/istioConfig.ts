import {
  istioConfigListSchema,
  istioDeleteResultSchema,
  istioDryRunSchema,
  istioObjectEnvelopeSchema,
  istioSetResultSchema,
  type IstioObjectJson,
  type IstioResource,
} from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

/** Every Istio config key starts with `istioConfigKeys.all`, so a write can invalidate them all. */
export const istioConfigKeys = {
  all: ['istioConfig'] as const,
  list: (namespace: string, filter: IstioListFilter) =>
    [...istioConfigKeys.all, 'list', namespace, filter.kinds.join(','), filter.valid ?? 'any'] as const,
  object: (namespace: string, resource: IstioResource, name: string) =>
    [...istioConfigKeys.all, 'object', namespace, resource, name] as const,
};

export interface IstioListFilter {
  /** Empty: every kind. */
  kinds: readonly IstioResource[];
  valid?: boolean;
}

const LIST_REFRESH_MS = 15_000;

const collectionPath = (namespace: string, resource?: IstioResource) =>
  `/api/namespaces/${encodeURIComponent(namespace)}/istio${resource ? `/${resource}` : ''}`;
const objectPath = (namespace: string, resource: IstioResource, name: string) =>
  `${collectionPath(namespace, resource)}/${encodeURIComponent(name)}`;

export function istioConfigListQuery(namespace: string, filter: IstioListFilter, client: ApiClient = api) {
  return queryOptions({
    queryKey: istioConfigKeys.list(namespace, filter),
    queryFn: ({ signal }) =>
      client.request(collectionPath(namespace), istioConfigListSchema, {
        signal,
        query: {
          kind: filter.kinds.length > 0 ? filter.kinds.join(',') : undefined,
          valid: filter.valid === undefined ? undefined : String(filter.valid),
        },
      }),
    refetchInterval: LIST_REFRESH_MS,
  });
}

/** No polling: the editor works on the object as loaded; someone else's change surfaces as a 409. */
export function istioObjectQuery(
  namespace: string,
  resource: IstioResource,
  name: string,
  client: ApiClient = api,
) {
  return queryOptions({
    queryKey: istioConfigKeys.object(namespace, resource, name),
    queryFn: ({ signal }) =>
      client.request(objectPath(namespace, resource, name), istioObjectEnvelopeSchema, { signal }),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

export function dryRunReplace(
  namespace: string,
  resource: IstioResource,
  object: IstioObjectJson,
  client = api,
) {
  return client.request(objectPath(namespace, resource, object.metadata.name), istioDryRunSchema, {
    method: 'PUT',
    body: object,
    query: { dryRun: 'true' },
  });
}

export function replaceObject(
  namespace: string,
  resource: IstioResource,
  object: IstioObjectJson,
  client = api,
) {
  return client.request(objectPath(namespace, resource, object.metadata.name), istioObjectEnvelopeSchema, {
    method: 'PUT',
    body: object,
  });
}

export function dryRunCreate(namespace: string, resource: IstioResource, object: unknown, client = api) {
  return client.request(collectionPath(namespace, resource), istioDryRunSchema, {
    method: 'POST',
    body: object,
    query: { dryRun: 'true' },
  });
}

export function createObject(namespace: string, resource: IstioResource, object: unknown, client = api) {
  return client.request(collectionPath(namespace, resource), istioObjectEnvelopeSchema, {
    method: 'POST',
    body: object,
  });
}

/**
 * A dry-run delete, asked when the delete dialog opens: the findings deleting the object would
 * leave on other objects (a VirtualService routing to a subset only this DestinationRule defines).
 */
export function deleteDryRunQuery(
  namespace: string,
  resource: IstioResource,
  name: string,
  client: ApiClient = api,
) {
  return queryOptions({
    queryKey: [...istioConfigKeys.object(namespace, resource, name), 'deleteDryRun'] as const,
    queryFn: ({ signal }) =>
      client.request(objectPath(namespace, resource, name), istioDryRunSchema, {
        method: 'DELETE',
        query: { dryRun: 'true' },
        signal,
      }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

export function deleteObject(namespace: string, resource: IstioResource, name: string, client = api) {
  return client.request(objectPath(namespace, resource, name), istioDeleteResultSchema, { method: 'DELETE' });
}

/**
 * Several objects created together, all or nothing (a wizard's DestinationRule + VirtualService):
 * each is judged with the others laid over the cluster; `dryRun` checks everything, stores nothing.
 */
export function createSet(
  namespace: string,
  objects: readonly IstioObjectJson[],
  { dryRun }: { dryRun: boolean },
  client = api,
) {
  return client.request(collectionPath(namespace), istioSetResultSchema, {
    method: 'POST',
    body: { objects },
    ...(dryRun ? { query: { dryRun: 'true' } } : {}),
  });
}
