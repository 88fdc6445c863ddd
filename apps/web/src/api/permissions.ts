import {
  namespacePermissionsSchema,
  type IstioResource,
  type NamespacePermissions,
} from '@sextant/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';
import { useViewOnlyReason } from './status.ts';

export const permissionKeys = {
  all: ['permissions'] as const,
  namespace: (namespace: string) => [...permissionKeys.all, namespace] as const,
};

/** RBAC changes rarely while a page is open, and a stale answer costs only a refused write. */
export function namespacePermissionsQuery(namespace: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: permissionKeys.namespace(namespace),
    queryFn: ({ signal }) =>
      client.request(
        `/api/namespaces/${encodeURIComponent(namespace)}/permissions`,
        namespacePermissionsSchema,
        {
          signal,
        },
      ),
    staleTime: 60_000,
    retry: false,
  });
}

export type WriteVerb = 'create' | 'update' | 'delete';

export type WriteAccess =
  | { allowed: true }
  /**
   * `viewOnly`: the whole server refuses writes; drafting stays possible there (to copy the text
   * elsewhere). Otherwise Kubernetes RBAC refuses this user, and the editor turns read-only.
   */
  | { allowed: false; reason: string; viewOnly: boolean };

export const ALLOWED: WriteAccess = { allowed: true };

/**
 * Combines the server's view-only mode with the user's RBAC. Unknown permissions (loading, failed,
 * or a server without the route) allow: the server still judges the write, as before.
 */
export function writeAccess(
  viewOnlyReason: string | undefined,
  permissions: NamespacePermissions | undefined,
  resource: IstioResource,
  verb: WriteVerb,
): WriteAccess {
  if (viewOnlyReason !== undefined) return { allowed: false, reason: viewOnlyReason, viewOnly: true };
  const access = permissions?.istio[resource]?.[verb];
  if (!access || access.allowed) return ALLOWED;
  return {
    allowed: false,
    reason: access.reason ?? `You may not ${verb} ${resource} in ${permissions.namespace}`,
    viewOnly: false,
  };
}

/** The current user's permissions in `namespace`; undefined while unknown. */
export function useNamespacePermissions(namespace: string | undefined): NamespacePermissions | undefined {
  const { data } = useQuery({
    ...namespacePermissionsQuery(namespace ?? ''),
    enabled: namespace !== undefined,
  });
  return data;
}

/**
 * May the user `verb` Istio `resource` objects in `namespace`, and if not, why not. `namespace`
 * undefined: no write is offered there (asks nothing, allows).
 */
export function useWriteAccess(
  namespace: string | undefined,
  resource: IstioResource,
  verb: WriteVerb,
): WriteAccess {
  const viewOnlyReason = useViewOnlyReason();
  const permissions = useNamespacePermissions(namespace);
  return writeAccess(viewOnlyReason, permissions, resource, verb);
}

/** The first refusal among several writes (a wizard creates a VirtualService and maybe a DestinationRule). */
export function firstRefusal(...accesses: WriteAccess[]): WriteAccess {
  return accesses.find((a) => !a.allowed) ?? ALLOWED;
}
