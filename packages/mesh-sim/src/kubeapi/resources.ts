import type { GroupResource } from '../store/types.ts';

/** `log` is the pods' read-only `pods/{name}/log` (kubectl logs). */
export type Subresource = 'status' | 'scale' | 'log';

/** What the simulated API server serves for one resource type; versions share one storage. */
export interface ResourceType {
  group: string;
  /** Served versions, preferred first. */
  versions: readonly string[];
  kind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  categories: readonly string[];
  subresources: readonly Subresource[];
  /** Istio custom resources: validated against Istio's schemas and printed like their CRDs. */
  istio: boolean;
  /** Verbs served when not the usual eight (the access reviews are create-only and never stored). */
  verbs?: readonly string[];
}

const ISTIO_NETWORKING_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'] as const;
const ISTIO_SECURITY_VERSIONS = ['v1', 'v1beta1'] as const;

function core(
  kind: string,
  plural: string,
  shortNames: string[],
  namespaced = true,
  subresources: ResourceType['subresources'] = [],
): ResourceType {
  return {
    group: '',
    versions: ['v1'],
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    categories: ['all'],
    subresources,
    istio: false,
  };
}

function istio(
  group: string,
  versions: readonly string[],
  kind: string,
  plural: string,
  shortNames: string[],
): ResourceType {
  return {
    group,
    versions,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced: true,
    categories: [
      'istio-io',
      group.split('.')[0] === 'networking' ? 'networking-istio-io' : 'security-istio-io',
    ],
    subresources: ['status'],
    istio: true,
  };
}

function rbac(kind: string, plural: string, namespaced: boolean): ResourceType {
  const singular = kind.toLowerCase();
  return {
    ...core(kind, plural, [], namespaced),
    group: 'rbac.authorization.k8s.io',
    singular,
    categories: [],
  };
}

/** The access reviews (authorization.k8s.io, authentication.k8s.io): POST-only, answered, not stored. */
function review(group: string, kind: string, plural: string, namespaced = false): ResourceType {
  return { ...core(kind, plural, [], namespaced), group, categories: [], verbs: ['create'] };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { ...core('Namespace', 'namespaces', ['ns'], false, ['status']), categories: [] },
  core('Pod', 'pods', ['po'], true, ['status', 'log']),
  core('Service', 'services', ['svc'], true, ['status']),
  core('Endpoints', 'endpoints', ['ep']),
  { ...core('ServiceAccount', 'serviceaccounts', ['sa']), categories: [] },
  { ...core('ConfigMap', 'configmaps', ['cm']), categories: [] },
  { ...core('Secret', 'secrets', []), categories: [] },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    shortNames: ['deploy'],
    namespaced: true,
    categories: ['all'],
    subresources: ['status', 'scale'],
    istio: false,
  },
  istio('networking.istio.io', ISTIO_NETWORKING_VERSIONS, 'VirtualService', 'virtualservices', ['vs']),
  istio('networking.istio.io', ISTIO_NETWORKING_VERSIONS, 'DestinationRule', 'destinationrules', ['dr']),
  istio('networking.istio.io', ISTIO_NETWORKING_VERSIONS, 'Gateway', 'gateways', ['gw']),
  istio('networking.istio.io', ISTIO_NETWORKING_VERSIONS, 'ServiceEntry', 'serviceentries', ['se']),
  istio('networking.istio.io', ISTIO_NETWORKING_VERSIONS, 'Sidecar', 'sidecars', []),
  istio('security.istio.io', ISTIO_SECURITY_VERSIONS, 'PeerAuthentication', 'peerauthentications', ['pa']),
  istio('security.istio.io', ISTIO_SECURITY_VERSIONS, 'AuthorizationPolicy', 'authorizationpolicies', ['ap']),
  istio('security.istio.io', ISTIO_SECURITY_VERSIONS, 'RequestAuthentication', 'requestauthentications', [
    'ra',
  ]),
  rbac('ClusterRole', 'clusterroles', false),
  rbac('ClusterRoleBinding', 'clusterrolebindings', false),
  rbac('Role', 'roles', true),
  rbac('RoleBinding', 'rolebindings', true),
  review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews'),
  review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews'),
  review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews'),
  review('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews'),
  review('authorization.k8s.io', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true),
];

export const API_GROUPS: readonly string[] = [...new Set(RESOURCE_TYPES.map((r) => r.group))];

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.group === group && r.plural === plural && r.versions.includes(version));
}

export function resourcesOf(group: string, version: string): ResourceType[] {
  return RESOURCE_TYPES.filter((r) => r.group === group && r.versions.includes(version));
}

export function groupVersions(group: string): string[] {
  const versions = new Set<string>();
  for (const r of RESOURCE_TYPES) if (r.group === group) r.versions.forEach((v) => versions.add(v));
  return [...versions];
}

export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return RESOURCE_TYPES.find((r) => r.group === group && r.kind === kind && r.versions.includes(version!));
}

export const grOf = (r: ResourceType): GroupResource => ({ group: r.group, resource: r.plural });

export const apiVersionOf = (r: ResourceType, version: string): string =>
  r.group ? `${r.group}/${version}` : version;
