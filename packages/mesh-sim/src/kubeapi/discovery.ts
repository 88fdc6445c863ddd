import { createHash } from 'node:crypto';
import { API_GROUPS, apiVersionOf, groupVersions, resourcesOf, type ResourceType } from './resources.ts';

/** The Kubernetes minor version the simulator claims to be: recent enough for kubectl 1.3x without skew warnings. */
export const SIM_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-sextant-mesh-sim' };

export function versionInfo(): Record<string, string> {
  return {
    ...SIM_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(group: string): Record<string, unknown> {
  const versions = groupVersions(group).map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function groupList(): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: API_GROUPS.filter((g) => g !== '').map(groupDoc),
  };
}

export function group(name: string): Record<string, unknown> | undefined {
  if (!API_GROUPS.includes(name) || name === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(name) };
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function resourceList(groupName: string, version: string): Record<string, unknown> | undefined {
  const types = resourcesOf(groupName, version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of types) {
    resources.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs ?? (r.plural === 'namespaces' ? VERBS.filter((v) => v !== 'deletecollection') : VERBS),
      ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length > 0 ? { categories: r.categories } : {}),
      storageVersionHash: hash(`${r.group}/${r.plural}`).slice(0, 11),
    });
    for (const sub of r.subresources) {
      resources.push({
        name: `${r.plural}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { kind: r.kind }),
        verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(types[0]!, version),
    resources,
  };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').toUpperCase();
}

/** Every group-version the server serves, as `api/v1` / `apis/{group}/{version}`. */
function servedGroupVersions(): Array<{ group: string; version: string; path: string }> {
  return API_GROUPS.flatMap((g) =>
    groupVersions(g).map((version) => ({
      group: g,
      version,
      path: g === '' ? `api/${version}` : `apis/${g}/${version}`,
    })),
  );
}

export function openapiV3Index(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of servedGroupVersions()) {
    const doc = openapiV3(gv.group, gv.version);
    paths[gv.path] = {
      serverRelativeURL: `/openapi/v3/${gv.path}?hash=${hash(JSON.stringify(doc)).slice(0, 32)}`,
    };
  }
  return { paths };
}

const schemaName = (r: ResourceType, version: string): string =>
  `${(r.group || 'core').split('.').reverse().join('.')}.${version}.${r.kind}`;

/**
 * An OpenAPI v3 document per group-version. kubectl reads it to learn that the server validates
 * fields itself (the `fieldValidation` query parameter on PATCH), and then leaves validation to us.
 */
export function openapiV3(groupName: string, version: string): Record<string, unknown> | undefined {
  const types = resourcesOf(groupName, version);
  if (types.length === 0) return undefined;
  const base = groupName === '' ? `/api/${version}` : `/apis/${groupName}/${version}`;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const queryParam = (name: string): Record<string, unknown> => ({
    name,
    in: 'query',
    schema: { type: 'string', uniqueItems: true },
  });
  for (const r of types) {
    const gvk = { group: r.group, version, kind: r.kind };
    const ref = { $ref: `#/components/schemas/${schemaName(r, version)}` };
    const ok = { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } };
    const item = r.namespaced
      ? `${base}/namespaces/{namespace}/${r.plural}/{name}`
      : `${base}/${r.plural}/{name}`;
    const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}` : `${base}/${r.plural}`;
    const writeParams = [queryParam('dryRun'), queryParam('fieldManager'), queryParam('fieldValidation')];
    const op = (action: string, params: Record<string, unknown>[]): Record<string, unknown> => ({
      operationId: `${action}${r.kind}`,
      parameters: params,
      responses: ok,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    if (r.verbs) {
      // The access reviews: POST to the collection is all there is.
      paths[collection] = { post: op('post', writeParams) };
    } else {
      paths[collection] = {
        get: op('list', [queryParam('labelSelector'), queryParam('fieldSelector'), queryParam('watch')]),
        post: op('post', writeParams),
      };
      paths[item] = {
        get: op('get', []),
        put: op('put', writeParams),
        patch: op('patch', [...writeParams, queryParam('force')]),
        delete: op('delete', [queryParam('dryRun')]),
      };
    }
    schemas[schemaName(r, version)] = {
      type: 'object',
      description: `${r.kind} (${r.group || 'core'}/${version}), served by the Sextant mesh simulator.`,
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SIM_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}
