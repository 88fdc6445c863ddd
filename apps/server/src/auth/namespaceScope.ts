import { ISTIO_RESOURCES } from '@sextant/contracts';
import type { KubeObjectJson } from '@sextant/mesh';
import {
  ISTIO_CACHE_KINDS,
  KUBE_KINDS,
  perKind,
  type KubeKind,
  type KubeObjects,
} from '../clients/kube.client.ts';
import { forbidden } from '../errors.ts';
import { rulesAllow, type ResourceAttributes, type ResourceRule } from './rbacRules.ts';

/**
 * What of the shared watch caches one user may see: per kind, the namespaces where Kubernetes
 * RBAC lets them list it (and read the namespace itself). `all` for the server's own identity.
 */
export type NamespaceScope =
  | { all: true }
  | {
      all: false;
      /** Equal keys, equal scopes: derived data is memoized on it. */
      key: string;
      readable: Readonly<Record<KubeKind, ReadonlySet<string>>>;
    };

export const ALL_NAMESPACES: NamespaceScope = { all: true };

/** The request that reading a cache's kind in a namespace stands for. */
export const KIND_READ: Readonly<Record<KubeKind, ResourceAttributes>> = {
  // Reading a namespace is reading its Namespace object, which a RoleBinding in it can grant.
  namespaces: { verb: 'get', group: '', resource: 'namespaces' },
  deployments: { verb: 'list', group: 'apps', resource: 'deployments' },
  pods: { verb: 'list', group: '', resource: 'pods' },
  services: { verb: 'list', group: '', resource: 'services' },
  ...(Object.fromEntries(
    Object.entries(ISTIO_CACHE_KINDS).map(([resource, kind]) => [
      kind,
      { verb: 'list', group: ISTIO_RESOURCES[resource as keyof typeof ISTIO_CACHE_KINDS].group, resource },
    ]),
  ) as Record<(typeof ISTIO_CACHE_KINDS)[keyof typeof ISTIO_CACHE_KINDS], ResourceAttributes>),
};

/**
 * The scope from each namespace's rules. A namespace the user cannot read hides everything in it,
 * even kinds a rule would let them list there: a page never shows objects of a namespace it
 * cannot name.
 */
export function scopeFromRules(
  rulesByNamespace: ReadonlyMap<string, readonly ResourceRule[]>,
): NamespaceScope {
  const readableNamespaces = [...rulesByNamespace]
    .filter(([name, rules]) => rulesAllow(rules, { ...KIND_READ.namespaces, name }))
    .map(([name]) => name)
    .sort();
  const readable = perKind((kind) => {
    if (kind === 'namespaces') return new Set(readableNamespaces);
    return new Set(
      readableNamespaces.filter((ns) => rulesAllow(rulesByNamespace.get(ns) ?? [], KIND_READ[kind])),
    );
  });
  const key = KUBE_KINDS.map((kind) => `${kind}=${[...readable[kind]].join(',')}`).join(';');
  return { all: false, key, readable };
}

export function canRead(scope: NamespaceScope, kind: KubeKind, namespace: string): boolean {
  return scope.all || scope.readable[kind].has(namespace);
}

/** 403 naming every requested namespace the scope does not let the user read. */
export function assertNamespacesReadable(scope: NamespaceScope, namespaces: readonly string[]): void {
  const hidden = namespaces.filter((ns) => !canRead(scope, 'namespaces', ns));
  if (hidden.length > 0)
    throw forbidden(
      `Kubernetes RBAC does not let you read namespace ${hidden.map((ns) => `"${ns}"`).join(', ')}`,
      { upstream: 'kubernetes', reason: 'Forbidden' },
    );
}

/** The cache content the scope lets through: Namespaces by name, everything else by namespace. */
export function scopeObjects(objects: KubeObjects, scope: NamespaceScope): KubeObjects {
  if (scope.all) return objects;
  return perKind((kind) => {
    const readable = scope.readable[kind];
    const namespaceOf = (o: KubeObjectJson) =>
      kind === 'namespaces' ? o.metadata?.name : o.metadata?.namespace;
    return objects[kind].filter((o) => {
      const ns = namespaceOf(o);
      return ns !== undefined && readable.has(ns);
    });
  });
}
