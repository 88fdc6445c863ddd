import { findResource, type ResourceType, type Subresource } from './resources.ts';

/** A parsed Kubernetes API path (api-conventions "API resources" URL layout). */
export type ApiRoute =
  | { type: 'version' }
  | { type: 'health' }
  | { type: 'coreVersions' }
  | { type: 'groupList' }
  | { type: 'group'; group: string }
  | { type: 'resourceList'; group: string; version: string }
  | { type: 'openapiV3Index' }
  | { type: 'openapiV3'; group: string; version: string }
  | { type: 'openapiV2' }
  | {
      type: 'resource';
      resource: ResourceType;
      group: string;
      version: string;
      namespace?: string;
      name?: string;
      subresource?: Subresource;
      /** Legacy `/watch/` path prefix. */
      watchPath: boolean;
    }
  | { type: 'unknownResource'; group: string; version: string; plural: string }
  | { type: 'notFound' };

function resourceRoute(group: string, version: string, rest: string[]): ApiRoute {
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/{ns}/{plural}...` addresses namespaced resources; `namespaces` and `namespaces/{name}[/status]` the Namespace itself.
  if (
    group === '' &&
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    rest[2] !== 'status' &&
    rest[2] !== 'finalize'
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (group !== '' && rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, sub, ...extra] = rest;
  if (!plural || extra.length > 0) return { type: 'notFound' };
  const resource = findResource(group, version, plural);
  if (!resource) return { type: 'unknownResource', group, version, plural };
  if (sub !== undefined && !resource.subresources.includes(sub as Subresource)) return { type: 'notFound' };
  if (namespace !== undefined && !resource.namespaced) return { type: 'notFound' };
  return {
    type: 'resource',
    resource,
    group,
    version,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(sub !== undefined ? { subresource: sub as Subresource } : {}),
    watchPath,
  };
}

export function parseApiPath(pathname: string): ApiRoute {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [head, ...rest] = parts;
  if (pathname === '/version' || pathname === '/version/') return { type: 'version' };
  if (head === 'healthz' || head === 'readyz' || head === 'livez') return { type: 'health' };
  if (head === 'openapi') {
    if (rest[0] === 'v2') return { type: 'openapiV2' };
    if (rest[0] !== 'v3') return { type: 'notFound' };
    if (rest.length === 1) return { type: 'openapiV3Index' };
    if (rest[1] === 'api' && rest[2] && rest.length === 3)
      return { type: 'openapiV3', group: '', version: rest[2] };
    if (rest[1] === 'apis' && rest[2] && rest[3] && rest.length === 4)
      return { type: 'openapiV3', group: rest[2], version: rest[3] };
    return { type: 'notFound' };
  }
  if (head === 'api') {
    if (rest.length === 0) return { type: 'coreVersions' };
    const [version, ...tail] = rest;
    if (version !== 'v1') return { type: 'notFound' };
    if (tail.length === 0) return { type: 'resourceList', group: '', version };
    return resourceRoute('', version, tail);
  }
  if (head === 'apis') {
    if (rest.length === 0) return { type: 'groupList' };
    const [group, version, ...tail] = rest as [string, string | undefined, ...string[]];
    if (version === undefined) return { type: 'group', group };
    if (tail.length === 0) return { type: 'resourceList', group, version };
    return resourceRoute(group, version, tail);
  }
  return { type: 'notFound' };
}
